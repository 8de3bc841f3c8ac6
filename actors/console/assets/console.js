// Lars console front end: plain DOM and SVG, no dependencies. Every value
// from the API reaches the page through textContent or an attribute set by
// setAttribute, never through HTML parsing.
import { el, show, table } from './dom.js';
import { pct, renderCharts } from './charts.js';
import { age, editText, endpointDetail, historyWriterText, hostState, leaseText, sourceText, stateText, when } from './format.js';

const body = document.body;
const page = body.dataset.page;
const content = document.getElementById('content');
const statusEl = document.getElementById('status');
const tokenInput = document.getElementById('token');
// Pages refresh as often as the console reads the store ([console] poll_interval).
const POLL_MS = Number(body.dataset.pollMs) > 0 ? Number(body.dataset.pollMs) : 1000;

tokenInput.value = sessionStorage.getItem('lars-token') ?? '';
tokenInput.addEventListener('change', () => sessionStorage.setItem('lars-token', tokenInput.value));

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(path, init = {}) {
  let res;
  try {
    res = await fetch(path, { ...init, headers: { ...(init.headers ?? {}), ...(tokenInput.value ? { authorization: `Bearer ${tokenInput.value}` } : {}) } });
  } catch {
    throw new ApiError(0, 'UNREACHABLE', 'console unreachable');
  }
  const data = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
  if (!res.ok) throw new ApiError(res.status, data.code ?? `HTTP_${res.status}`, data.error ?? `HTTP ${res.status}`);
  return data;
}

// A whole number as a person types it: plain digits only (no 1e3, 0x10, " 5"); the message quotes the text
// as typed. The same rule and wording as the API's (actors/console/typedNumber.ts).
function typedNumber(name, text, min, max) {
  if (!/^\d{1,15}$/.test(text)) throw new Error(`${name} ${JSON.stringify(text)} ${/^\d+$/.test(text) ? `is not from ${min} to ${max}` : 'is not a whole number'}`);
  const n = Number(text);
  if (n < min || n > max) throw new Error(`${name} ${JSON.stringify(text)} is not from ${min} to ${max}`);
  return n;
}

function setStatus(text, bad) {
  statusEl.textContent = text;
  statusEl.className = bad ? 'status bad' : 'status';
}

function showStatus(view) {
  const p = view.problems ?? {};
  if (p.store) setStatus(`store unreachable: ${p.store} (data from ${when(view.readAtMs)})`, true);
  else if (p.history) setStatus(`route version ${view.version} · history not written: ${p.history}`, true);
  else if (view.dnsVersion === null || view.dnsVersion === undefined) setStatus(`route version ${view.version} · live`, false);
  else if (view.dnsVersion >= view.version) setStatus(`route version ${view.version} · DNS serving v${view.dnsVersion} · live`, false);
  else setStatus(`route version ${view.version} · DNS still at v${view.dnsVersion}, push pending · live`, false);
}

function loop(fn, ms) {
  const run = async () => {
    try {
      await fn();
    } catch (err) {
      setStatus(err.code === 'UNREACHABLE' ? 'console unreachable (retrying)' : err.message, true);
    }
    setTimeout(run, ms);
  };
  run();
}

// Page: every key

// A new key is a route with its first host: the same POST a key page's form makes, then that key's page.
function newKeyForm() {
  const input = (name, placeholder, size) => el('input', { name, placeholder, size, required: true, inputmode: name === 'ip' ? null : 'numeric' });
  const modid = input('modid', 'modid', 6);
  const cmdid = input('cmdid', 'cmdid', 6);
  const ip = input('ip', '10.0.0.1', 13);
  const port = input('port', 'port', 6);
  const message = el('p', { id: 'new-key-message', class: 'message' });
  const form = el('form', { id: 'new-key', on: { submit: async (e) => {
    e.preventDefault();
    try {
      const m = typedNumber('modid', modid.value, 0, 2147483647);
      const c = typedNumber('cmdid', cmdid.value, 0, 2147483647);
      const fields = { ip: ip.value, port: typedNumber('port', port.value, 1, 65535) };
      await api(`/api/keys/${m}/${c}/hosts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fields) });
      location.assign(`/key/${m}/${c}`);
    } catch (err) {
      message.textContent = `key not created: ${err.message}`;
      message.className = 'message bad';
    }
  } } }, 'New key ', modid, '/', cmdid, ' first host ', ip, ':', port, ' ', el('button', { type: 'submit' }, 'Create'));
  return [form, message];
}

// The key list is paged by the console (GET /api/keys?q=&offset=&limit=): with 10,000 keys the browser gets and
// draws one page, and the filter (name, modid/cmdid, a host's zone or tag: actors/console/keyListPage.ts) runs over every key.
const KEYS_PER_PAGE = 100;

function keysPage() {
  const holder = el('div');
  const filter = el('input', { id: 'key-filter', type: 'search', placeholder: 'filter: name, modid/cmdid, zone or tag', size: 32, 'aria-label': 'filter keys' });
  const shown = el('span', { id: 'key-count', class: 'legend' });
  let offset = 0;
  let asked = 0;
  let last;
  const prev = el('button', { type: 'button', id: 'keys-prev', on: { click: () => turn(-1) } }, '← previous');
  const next = el('button', { type: 'button', id: 'keys-next', on: { click: () => turn(1) } }, 'next →');
  content.replaceChildren(...newKeyForm(), el('p', {}, filter, ' ', prev, ' ', next, ' ', shown), holder);
  const render = (view) => {
    const text = filter.value.trim();
    const range = view.keys.length === 0 ? '' : `, showing ${view.offset + 1}–${view.offset + view.keys.length}`;
    shown.textContent = text === '' ? `${view.total} keys${range}` : `${view.matched} of ${view.total} keys match${range}`;
    shown.dataset.total = String(view.total);
    shown.dataset.matched = String(view.matched);
    prev.disabled = view.offset === 0;
    next.disabled = view.offset + view.keys.length >= view.matched;
    const rows = view.keys.map((k) => {
      const { succ, err } = k;
      return el('tr', { 'data-key': `${k.modid}/${k.cmdid}`, 'data-row': `${k.modid}/${k.cmdid}`, 'data-name': k.name },
        el('td', {}, el('a', { href: `/key/${k.modid}/${k.cmdid}` }, `${k.modid}/${k.cmdid}`), k.name ? el('span', { class: 'name' }, ` ${k.name}`) : ''),
        el('td', k.servedHosts < k.hostCount ? { class: 'num bad', title: `over the wire limit: the DNS serves ${k.servedHosts}` } : { class: 'num', title: k.outOfService > 0 ? 'served, and out of service (drained or failing their check)' : 'served' },
          k.outOfService > 0 ? `${k.hostCount} (+${k.outOfService} out of service)` : k.hostCount),
        el('td', { class: k.overloaded > 0 ? 'num bad' : 'num', title: 'hosts an agent reported overloaded in the last 10 s' }, k.overloaded),
        el('td', { class: 'num' }, succ + err),
        el('td', { class: 'num' }, pct(succ + err === 0 ? 0 : err / (succ + err))),
        el('td', {}, k.lastChange ? `v${k.lastChange.version}, ${when(k.lastChange.atMs)}` : '—'));
    });
    show(holder, rows.length === 0
      ? el('p', {}, view.total === 0 ? 'No route keys yet: create one above, or with `lars route add`.' : 'No key matches the filter.')
      : table(['key (modid/cmdid) and name', 'hosts', 'overloaded', 'calls (current windows)', 'error rate', 'last change'], rows, { id: 'keys' }));
    holder.dataset.refreshes = String(Number(holder.dataset.refreshes ?? 0) + 1);
  };
  // Answers can overtake each other (typing fast): only the newest question's answer is drawn.
  const fetchPage = async () => {
    const mine = ++asked;
    const q = encodeURIComponent(filter.value.trim().toLowerCase());
    const view = await api(`/api/keys?hosts=none&q=${q}&offset=${offset}&limit=${KEYS_PER_PAGE}`);
    if (mine !== asked) return;
    // The list shrank under the page (keys removed, a narrower filter): back to the last page that has keys.
    if (view.keys.length === 0 && view.offset > 0 && view.matched > 0) {
      offset = Math.floor((view.matched - 1) / KEYS_PER_PAGE) * KEYS_PER_PAGE;
      return fetchPage();
    }
    last = view;
    showStatus(view);
    render(view);
  };
  const turn = (step) => {
    if (!last) return;
    offset = Math.max(0, offset + step * KEYS_PER_PAGE);
    void fetchPage().catch((err) => setStatus(err.message, true));
  };
  filter.addEventListener('input', () => {
    offset = 0;
    void fetchPage().catch((err) => setStatus(err.message, true));
  });
  loop(fetchPage, POLL_MS);
}

// Page: one key

function keyPage() {
  const { modid, cmdid } = body.dataset;
  const message = el('p', { id: 'message', class: 'message' });
  const ip = el('input', { name: 'ip', placeholder: '10.0.0.1', required: true, size: 15 });
  const port = el('input', { name: 'port', placeholder: '8080', required: true, size: 6, inputmode: 'numeric' });
  const weight = el('input', { name: 'weight', value: '1', size: 4, inputmode: 'numeric', title: 'weight 1–1000' });
  const say = (text, bad) => {
    message.textContent = text;
    message.className = bad ? 'message bad' : 'message';
  };
  const form = el('form', { id: 'add-host', on: { submit: async (e) => {
    e.preventDefault();
    try {
      const fields = { ip: ip.value, port: typedNumber('port', port.value, 1, 65535), weight: typedNumber('weight', weight.value, 1, 1000) };
      const r = await api(`/api/keys/${modid}/${cmdid}/hosts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fields) });
      say(`added ${r.ip}:${r.port} (route version ${r.version})`, false);
      ip.value = '';
      port.value = '';
      await refresh();
    } catch (err) {
      say(`not added: ${err.message}`, true);
    }
  } } }, 'Add host ', ip, ':', port, ' weight ', weight, ' ', el('button', { type: 'submit' }, 'Add'));
  const hosts = el('div', { id: 'hosts-box' });
  const wireLimit = el('p', { id: 'wire-limit', class: 'message bad', hidden: true });
  const charts = el('div', { id: 'charts', class: 'charts' });
  let minutes = 15;
  const rangeButton = (m, text) => el('button', { type: 'button', 'data-minutes': m, 'aria-pressed': String(m === minutes), on: { click: () => {
    minutes = m;
    for (const b of ranges.querySelectorAll('button')) b.setAttribute('aria-pressed', String(Number(b.dataset.minutes) === minutes));
    void refreshChart();
  } } }, text);
  const ranges = el('span', { id: 'chart-range', class: 'range' }, rangeButton(15, 'last 15 min'), ' ', rangeButton(60, 'last hour'));
  const edits = el('div', { id: 'edits-box' });
  // The key's service name: shown, set (the API checks the same rule as lars service) or cleared.
  const currentName = el('span', { id: 'key-name-current' }, '…');
  const nameInput = el('input', { name: 'name', placeholder: 'e.g. orders.get', size: 24, maxlength: 64 });
  let nameTyped = false;
  nameInput.addEventListener('input', () => (nameTyped = true));
  const saveName = async (name) => {
    try {
      const r = name === null
        ? await api(`/api/keys/${modid}/${cmdid}/name`, { method: 'DELETE' })
        : await api(`/api/keys/${modid}/${cmdid}/name`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
      say(r.name === null ? `name ${r.previous} cleared (route version ${r.version})` : `named ${r.name} (${r.status}, route version ${r.version})`, false);
      nameTyped = false;
      await refresh();
    } catch (err) {
      say(`name not ${name === null ? 'cleared' : 'set'}: ${err.message}`, true);
    }
  };
  const nameForm = el('form', { id: 'key-name', on: { submit: (e) => {
    e.preventDefault();
    void saveName(nameInput.value);
  } } }, 'Service name ', currentName, ' ', nameInput, ' ', el('button', { type: 'submit' }, 'Set name'), ' ',
    el('button', { type: 'button', id: 'clear-name', on: { click: () => void saveName(null) } }, 'Clear name'));
  content.replaceChildren(el('p', {}, el('a', { href: '/' }, '← all keys')), nameForm, form, message, el('h2', {}, 'Hosts'), wireLimit, hosts,
    el('h2', {}, 'Calls ', ranges), el('p', { class: 'legend' }, el('span', { class: 'swatch calls' }), ' calls per bucket  ', el('span', { class: 'swatch errs' }), ' error rate (right axis, 0–100%)'), charts,
    el('h2', {}, 'Recent edits'), edits);

  // The hosts of the last refresh by "ip:port": the buttons' handlers (on the table's box) look their host up here.
  let byHost = new Map();

  const remove = async (h) => {
    if (!confirm(`Remove ${h.ip}:${h.port} from ${modid}/${cmdid}?`)) return;
    try {
      const r = await api(`/api/keys/${modid}/${cmdid}/hosts/${h.ip}/${h.port}`, { method: 'DELETE' });
      say(`removed ${r.ip}:${r.port} (route version ${r.version})`, false);
      await refresh();
    } catch (err) {
      say(`not removed: ${err.message}`, true);
    }
  };

  const setEnabled = async (h, enabled) => {
    if (!enabled && !confirm(`Disable ${h.ip}:${h.port} in ${modid}/${cmdid}? DNS stops serving it until it is enabled again.`)) return;
    try {
      const r = await api(`/api/keys/${modid}/${cmdid}/hosts/${h.ip}/${h.port}/${enabled ? 'enable' : 'disable'}`, { method: 'POST' });
      say(`${r.ip}:${r.port} ${enabled ? 'enabled' : 'disabled'} (${r.status}, route version ${r.version})`, false);
      await refresh();
    } catch (err) {
      say(`not ${enabled ? 'enabled' : 'disabled'}: ${err.message}`, true);
    }
  };

  const reweigh = async (h) => {
    const text = prompt(`New weight for ${h.ip}:${h.port} (1–1000)`, String(h.weight));
    if (text === null) return;
    try {
      const r = await api(`/api/keys/${modid}/${cmdid}/hosts/${h.ip}/${h.port}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ weight: typedNumber('weight', text, 1, 1000) }) });
      say(`${r.ip}:${r.port} weight ${r.weight} (${r.status}, route version ${r.version})`, false);
      await refresh();
    } catch (err) {
      say(`weight not changed: ${err.message}`, true);
    }
  };

  hosts.addEventListener('click', (e) => {
    const button = e.target.closest('button[data-action]');
    const h = byHost.get(button?.closest('tr[data-host]')?.dataset.host);
    if (!button || !h) return;
    const action = button.dataset.action;
    if (action === 'remove') void remove(h);
    else if (action === 'weight') void reweigh(h);
    else if (action === 'disable' || action === 'enable') void setEnabled(h, action === 'enable');
  });

  const noHosts = () => el('p', { id: 'no-hosts' }, `No hosts in ${modid}/${cmdid} yet: add the first one above, and the key exists.`);

  async function refresh() {
    let view;
    try {
      view = await api(`/api/keys/${modid}/${cmdid}`);
    } catch (err) {
      if (err.code !== 'UNKNOWN_KEY') throw err;
      setStatus(`key ${modid}/${cmdid} has no route yet`, false);
      currentName.textContent = '(not shown until the key has a host)';
      byHost = new Map();
      wireLimit.hidden = true;
      show(hosts, noHosts());
      hosts.dataset.refreshes = String(Number(hosts.dataset.refreshes ?? 0) + 1);
      return;
    }
    showStatus(view);
    currentName.textContent = view.name ?? '(none)';
    currentName.dataset.name = view.name ?? '';
    if (!nameTyped && document.activeElement !== nameInput) nameInput.value = view.name ?? '';
    // Rows written straight into the store can pass what one response holds; agents then get only the first hosts.
    wireLimit.hidden = view.servedHosts >= view.hostCount;
    wireLimit.textContent = wireLimit.hidden ? '' : `${view.hostCount} hosts: over the wire limit of one GetRouteResponse (65,527 bytes). The DNS serves the first ${view.servedHosts} by (ip, port); the other ${view.hostCount - view.servedHosts} get no calls.`;
    byHost = new Map(view.hosts.map((h) => [`${h.ip}:${h.port}`, h]));
    const rows = [];
    for (const h of view.hosts) {
      const state = hostState(h);
      const id = `${h.ip}:${h.port}`;
      rows.push(el('tr', { class: `host ${state}`, 'data-row': id, 'data-host': id, 'data-state': state, 'data-source': h.source, 'data-enabled': String(h.enabled), 'data-check': h.check === null ? 'none' : h.check.passing ? 'passing' : 'failing' },
        el('td', {}, id),
        el('td', {}, el('span', { class: `badge ${state}` }, stateText(h, state))),
        el('td', { class: 'source' }, sourceText(h)),
        el('td', { class: 'lease' }, leaseText(h.leaseRemainingMs)),
        el('td', { class: 'check', title: h.check?.detail ?? '' }, h.check === null ? '—' : h.check.passing ? 'passing' : `failing: ${h.check.detail}`),
        el('td', { class: 'num' }, h.inRoute && h.source === 'static' ? el('button', { class: 'weight', 'data-action': 'weight', title: 'change the weight' }, h.weight) : h.weight ?? '—'),
        el('td', { class: 'zone' }, h.zone ?? '—'),
        el('td', { class: 'tags' }, h.tags.length === 0 ? '—' : h.tags.join(', ')),
        el('td', { class: 'num' }, h.succ), el('td', { class: 'num' }, h.err), el('td', { class: 'num' }, pct(h.errRate)),
        el('td', {}, age(h.lastReportAgeS)),
        el('td', {}, h.inRoute ? el('button', { class: h.enabled ? 'disable' : 'enable', 'data-action': h.enabled ? 'disable' : 'enable', title: h.enabled ? 'take it out of service (drain) until enabled' : `drained by ${h.drained?.who ?? '?'} ${when(h.drained?.atMs)}` }, h.enabled ? 'Disable' : 'Enable') : '',
          h.inRoute && h.source === 'static' ? el('button', { class: 'remove', 'data-action': 'remove' }, 'Remove') : '')));
      for (const c of h.callers) {
        rows.push(el('tr', { class: c.current ? 'caller' : 'caller stale', 'data-row': `${id} ${c.caller}` },
          el('td', {}, `  caller ${c.caller}`), el('td', {}, c.current ? (c.overload ? 'sees overload' : 'sees idle') : `said ${c.overload ? 'overload' : 'idle'} ${age(c.ageS)}`), el('td'), el('td'), el('td'), el('td'), el('td'), el('td'),
          el('td', { class: 'num' }, c.succ), el('td', { class: 'num' }, c.err), el('td', { class: 'num' }, pct(c.errRate)),
          el('td', {}, age(c.ageS)), el('td')));
      }
    }
    show(hosts, view.hosts.length === 0 ? noHosts() : table(['host', 'state', 'source', 'lease', 'check', 'weight', 'zone', 'tags', 'succ', 'err', 'error rate', 'last report', ''], rows, { id: 'hosts' }));
    hosts.dataset.refreshes = String(Number(hosts.dataset.refreshes ?? 0) + 1);
  }

  async function refreshChart() {
    let history;
    try {
      history = await api(`/api/keys/${modid}/${cmdid}/history?minutes=${minutes}`);
    } catch (err) {
      if (err.code !== 'UNKNOWN_KEY') throw err;
      history = { hosts: [] };
    }
    show(charts, ...renderCharts(history, minutes));
  }
  // The key's audit trail from the store: every console shows the same edits, whoever made them and how.
  async function refreshEdits() {
    const r = await api(`/api/keys/${modid}/${cmdid}/edits?limit=20`);
    const rows = r.edits.map((e) => el('tr', { 'data-row': `${e.version} ${e.action} ${e.ip}:${e.port}`, 'data-action': e.action },
      el('td', { title: new Date(e.atMs).toISOString() }, when(e.atMs)),
      el('td', { class: 'who' }, e.who),
      el('td', {}, editText(e)),
      el('td', { class: 'num' }, e.version)));
    show(edits, rows.length === 0 ? el('p', { id: 'no-edits' }, 'No edits recorded for this key.') : table(['when', 'who', 'what', 'version'], rows, { id: 'edits' }));
  }
  loop(refresh, POLL_MS);
  loop(refreshChart, 2 * POLL_MS);
  loop(refreshEdits, 2 * POLL_MS);
}

// Page: roles

function rolesPage() {
  const holder = el('div');
  content.replaceChildren(holder);
  const endpoints = (title, list) => [el('h2', {}, title), list.length === 0 ? el('p', {}, 'none configured') : table(['address', 'health', 'time', 'detail'], list.map((e) =>
    el('tr', { class: e.ok ? 'ok' : 'bad', 'data-address': e.address, 'data-row': e.address }, el('td', {}, e.address), el('td', {}, el('span', { class: `badge ${e.ok ? 'idle' : 'overloaded'}` }, e.ok ? 'up' : 'down')),
      el('td', { class: 'num' }, e.ms === null ? '—' : `${e.ms} ms`), el('td', { 'data-expiry-paused': e.expiryPaused === undefined ? null : String(e.expiryPaused), class: e.expiryPaused ? 'bad' : null }, endpointDetail(e)))))];
  loop(async () => {
    const r = await api('/api/roles');
    setStatus(`checked ${when(r.checkedAtMs)}`, false);
    show(holder,
      ...endpoints('DNS replicas', r.dns),
      ...endpoints('Reporters', r.reporters),
      ...endpoints('Admin servers (/healthz)', r.admin),
      el('h2', {}, 'Call history writer'),
      el('p', { 'data-history-writer': r.historyWriter.writer ? 'this' : 'other' }, historyWriterText(r.historyWriter)),
      el('h2', {}, 'Agents (callers in the call stats)'),
      r.callers.length === 0 ? el('p', {}, 'no agent has reported yet') : table(['caller', 'keys', 'hosts', 'last report'], r.callers.map((c) =>
        el('tr', { 'data-caller': c.caller, 'data-row': c.caller, class: c.lastReportAgeS > 60 ? 'stale' : '' }, el('td', {}, c.caller), el('td', { class: 'num' }, c.keys), el('td', { class: 'num' }, c.hosts), el('td', {}, age(c.lastReportAgeS))))));
  }, 2 * POLL_MS);
}

if (page === 'keys') keysPage();
else if (page === 'key') keyPage();
else if (page === 'roles') rolesPage();
else if (page === 'notFound') setStatus('no such page', true);
