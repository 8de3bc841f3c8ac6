// The console's DOM helpers: nodes built from data (text always through text
// nodes or setAttribute, never HTML parsing) and the in-place update of a page.
const SVG = 'http://www.w3.org/2000/svg';

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'on') for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, String(v));
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

// In-place updates: each refresh builds the new content detached, then morph() makes the page's nodes match it,
// touching only attributes and text that differ. Nodes that stay are the same nodes, so a button being clicked, the
// focused control and anything hovered survive a refresh. Children with data-row are matched by it (a removed row
// does not shift the others), the rest by position and tag. Handlers live on containers (delegation), never on
// the rebuilt nodes.
function morph(old, neu) {
  if (old.nodeType !== 1) {
    if (old.nodeValue !== neu.nodeValue) old.nodeValue = neu.nodeValue;
    return;
  }
  for (const a of [...old.attributes]) if (!neu.hasAttribute(a.name)) old.removeAttribute(a.name);
  for (const a of [...neu.attributes]) if (old.getAttribute(a.name) !== a.value) old.setAttribute(a.name, a.value);
  morphChildren(old, [...neu.childNodes]);
}

const rowId = (n) => (n.nodeType === 1 ? n.getAttribute('data-row') : null);

function morphChildren(parent, wanted) {
  const byId = new Map();
  for (const c of parent.childNodes) if (rowId(c) !== null) byId.set(rowId(c), c);
  wanted.forEach((n, i) => {
    const at = parent.childNodes[i] ?? null;
    const id = rowId(n);
    let match = id !== null ? byId.get(id) : at;
    if (match && (match.nodeName !== n.nodeName || (id === null && rowId(match) !== null))) match = undefined;
    if (!match) {
      parent.insertBefore(n, at);
      return;
    }
    if (match !== at) parent.insertBefore(match, at);
    morph(match, n);
  });
  while (parent.childNodes.length > wanted.length) parent.lastChild.remove();
}

/** Makes `holder` show `nodes`, in place. */
export function show(holder, ...nodes) {
  morphChildren(holder, nodes);
}

export function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

// Wide tables scroll inside their box, so a narrow window never scrolls the whole page sideways.
export function table(headers, rows, attrs = {}) {
  return el('div', { class: 'scroll' }, el('table', attrs, el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', {}, h)))), el('tbody', {}, ...rows)));
}
