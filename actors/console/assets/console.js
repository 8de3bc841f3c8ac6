// Lars console front end: plain DOM and SVG, no dependencies. Every value
// from the API reaches the page through textContent or an attribute set by
// setAttribute, never through HTML parsing.
const body = document.body;
const page = body.dataset.page;
const content = document.getElementById('content');
const statusEl = document.getElementById('status');
const tokenInput = document.getElementById('token');
const POLL_MS = 1000;
const SVG = 'http://www.w3.org/2000/svg';

tokenInput.value = sessionStorage.getItem('lars-token') ?? '';
tokenInput.addEventListener('change', () => sessionStorage.setItem('lars-token', tokenInput.value));

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'on') for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, String(v));
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

async function api(path, init = {}) {
  const res = await fetch(path, { ...init, headers: { ...(init.headers ?? {}), ...(tokenInput.value ? { authorization: `Bearer ${tokenInput.value}` } : {}) } });
  const data = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
  if (!res.ok) throw new Error(data.error ?? `HTTP ${res.status}`);
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

const pct = (r) => `${(r * 100).toFixed(1)}%`;
const age = (s) => (s === null || s === undefined ? 'never' : s < 60 ? `${s}s ago` : s < 3600 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`);
const when = (ms) => (ms ? age(Math.max(0, Math.round((Date.now() - ms) / 1000))) : 'unknown');

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

function table(headers, rows, attrs = {}) {
  return el('table', attrs, el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', {}, h)))), el('tbody', {}, ...rows));
}

function loop(fn, ms) {
  const run = async () => {
    try {
      await fn();
    } catch (err) {
      setStatus(`console unreachable: ${err.message}`, true);
    }
    setTimeout(run, ms);
  };
  run();
}

// Page: every key

function keysPage() {
  const holder = el('div');
  content.replaceChildren(holder);
  loop(async () => {
    const view = await api('/api/keys?hosts=none');
    showStatus(view);
    const rows = view.keys.map((k) => {
      const { succ, err } = k;
      return el('tr', { 'data-key': `${k.modid}/${k.cmdid}` },
        el('td', {}, el('a', { href: `/key/${k.modid}/${k.cmdid}` }, `${k.modid}/${k.cmdid}`)),
        el('td', k.servedHosts < k.hostCount ? { class: 'num bad', title: `over the wire limit: the DNS serves ${k.servedHosts}` } : { class: 'num', title: k.outOfService > 0 ? 'served, and out of service (drained or failing their check)' : 'served' },
          k.outOfService > 0 ? `${k.hostCount} (+${k.outOfService} out of service)` : k.hostCount),
        el('td', { class: k.overloaded > 0 ? 'num bad' : 'num' }, k.overloaded),
        el('td', { class: 'num' }, succ + err),
        el('td', { class: 'num' }, pct(succ + err === 0 ? 0 : err / (succ + err))),
        el('td', {}, k.lastChange ? `v${k.lastChange.version}, ${when(k.lastChange.atMs)}` : '—'));
    });
    holder.replaceChildren(rows.length === 0
      ? el('p', {}, 'No route keys yet: add one with `lars route add` or on a key page.')
      : table(['key (modid/cmdid)', 'hosts', 'overloaded', 'calls (current windows)', 'error rate', 'last change'], rows, { id: 'keys' }));
  }, POLL_MS);
}

// Page: one key

// What DNS does with a host, most decisive first: not in the route, drained, failing its check, then the agents' view.
function hostState(h) {
  if (!h.inRoute) return 'removed';
  if (!h.enabled) return 'drained';
  if (h.check !== null && !h.check.passing) return 'failing';
  return h.overload ? 'overloaded' : h.lastReportAgeS === null ? 'no reports' : 'idle';
}

function sourceText(h) {
  if (h.source === 'registered') return `registered by ${h.owner}`;
  return h.owner === null ? 'static' : `static, registered by ${h.owner}`;
}

function leaseText(ms) {
  if (ms === null || ms === undefined) return '—';
  return ms >= 0 ? `${(ms / 1000).toFixed(1)} s left` : `lapsed ${(-ms / 1000).toFixed(1)} s ago`;
}

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
  const hosts = el('div');
  const wireLimit = el('p', { id: 'wire-limit', class: 'message bad', hidden: true });
  const charts = el('div', { id: 'charts', class: 'charts' });
  content.replaceChildren(el('p', {}, el('a', { href: '/' }, '← all keys')), form, message, el('h2', {}, 'Hosts'), wireLimit, hosts,
    el('h2', {}, 'Last hour'), el('p', { class: 'legend' }, el('span', { class: 'swatch calls' }), ' calls per bucket  ', el('span', { class: 'swatch errs' }), ' error rate (right axis, 0–100%)'), charts);

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

  async function refresh() {
    let view;
    try {
      view = await api(`/api/keys/${modid}/${cmdid}`);
    } catch (err) {
      hosts.replaceChildren(el('p', { class: 'bad' }, err.message));
      return;
    }
    showStatus(view);
    // Rows written straight into the store can pass what one response holds; agents then get only the first hosts.
    wireLimit.hidden = view.servedHosts >= view.hostCount;
    wireLimit.textContent = wireLimit.hidden ? '' : `${view.hostCount} hosts: over the wire limit of one GetRouteResponse (65,527 bytes). The DNS serves the first ${view.servedHosts} by (ip, port); the other ${view.hostCount - view.servedHosts} get no calls.`;
    const rows = [];
    for (const h of view.hosts) {
      const state = hostState(h);
      rows.push(el('tr', { class: `host ${state}`, 'data-host': `${h.ip}:${h.port}`, 'data-state': state, 'data-source': h.source, 'data-enabled': String(h.enabled), 'data-check': h.check === null ? 'none' : h.check.passing ? 'passing' : 'failing' },
        el('td', {}, `${h.ip}:${h.port}`),
        el('td', {}, el('span', { class: `badge ${state}` }, state)),
        el('td', { class: 'source' }, sourceText(h)),
        el('td', { class: 'lease' }, leaseText(h.leaseRemainingMs)),
        el('td', { class: 'check', title: h.check?.detail ?? '' }, h.check === null ? '—' : h.check.passing ? 'passing' : `failing: ${h.check.detail}`),
        el('td', { class: 'num' }, h.inRoute && h.source === 'static' ? el('button', { class: 'weight', title: 'change the weight', on: { click: () => reweigh(h) } }, h.weight) : h.weight ?? '—'),
        el('td', { class: 'num' }, h.succ), el('td', { class: 'num' }, h.err), el('td', { class: 'num' }, pct(h.errRate)),
        el('td', {}, age(h.lastReportAgeS)),
        el('td', {}, h.inRoute ? el('button', { class: h.enabled ? 'disable' : 'enable', title: h.enabled ? 'take it out of service (drain) until enabled' : `drained by ${h.drained?.who ?? '?'} ${when(h.drained?.atMs)}`, on: { click: () => setEnabled(h, !h.enabled) } }, h.enabled ? 'Disable' : 'Enable') : '',
          h.inRoute && h.source === 'static' ? el('button', { class: 'remove', on: { click: () => remove(h) } }, 'Remove') : '')));
      for (const c of h.callers) {
        rows.push(el('tr', { class: 'caller' },
          el('td', {}, `  caller ${c.caller}`), el('td', {}, c.overload ? 'sees overload' : 'sees idle'), el('td'), el('td'), el('td'), el('td'),
          el('td', { class: 'num' }, c.succ), el('td', { class: 'num' }, c.err), el('td', { class: 'num' }, pct(c.errRate)),
          el('td', {}, age(c.ageS)), el('td')));
      }
    }
    hosts.replaceChildren(table(['host', 'state', 'source', 'lease', 'check', 'weight', 'succ', 'err', 'error rate', 'last report', ''], rows, { id: 'hosts' }));
  }

  async function refreshChart() {
    charts.replaceChildren(...renderCharts(await api(`/api/keys/${modid}/${cmdid}/history?minutes=60`)));
  }
  loop(refresh, POLL_MS);
  loop(refreshChart, 2 * POLL_MS);
}

function renderCharts(history) {
  if (history.hosts.length === 0) return [el('p', {}, 'No calls recorded in the last hour.')];
  const W = 640, H = 150, L = 44, R = 40, T = 10, B = 22;
  const span = history.toS - history.fromS;
  const x = (t) => L + ((t - history.fromS) / span) * (W - L - R);
  const barW = Math.max(1, (history.bucketS / span) * (W - L - R) - 1);
  return history.hosts.map((h) => {
    const maxCalls = Math.max(1, ...h.points.map(([, s, e]) => s + e));
    const peakRate = Math.max(0, ...h.points.map(([, s, e]) => (s + e === 0 ? 0 : e / (s + e))));
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'data-host': `${h.ip}:${h.port}`, 'data-peak-err-rate': peakRate.toFixed(3) });
    const title = svg('title');
    title.textContent = `${h.ip}:${h.port}: calls and error rate, last hour`;
    root.append(title);
    root.append(svg('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, class: 'axis' }));
    const label = (text, ax, ay, anchor) => {
      const t = svg('text', { x: ax, y: ay, 'text-anchor': anchor, class: 'tick' });
      t.textContent = text;
      root.append(t);
    };
    label(String(maxCalls), L - 4, T + 8, 'end');
    label('0', L - 4, H - B, 'end');
    label('100%', W - R + 4, T + 8, 'start');
    label('-60m', L, H - 6, 'start');
    label('now', W - R, H - 6, 'end');
    label(`${h.ip}:${h.port}  peak error rate ${pct(peakRate)}`, L + 4, T + 8, 'start');
    const plotH = H - T - B;
    for (const [t, s, e] of h.points) {
      const bh = ((s + e) / maxCalls) * plotH;
      root.append(svg('rect', { x: x(t), y: H - B - bh, width: barW, height: bh, class: 'calls' }));
    }
    // One line per run of consecutive buckets: a gap (no calls recorded) is not drawn as a slope.
    let run = [];
    let last = -Infinity;
    const flush = () => {
      if (run.length > 0) root.append(svg('polyline', { points: run.join(' '), class: 'errs' }));
      run = [];
    };
    for (const [t, s, e] of h.points) {
      if (t - last > history.bucketS) flush();
      last = t;
      run.push(`${(x(t) + barW / 2).toFixed(1)},${(H - B - (s + e === 0 ? 0 : e / (s + e)) * plotH).toFixed(1)}`);
    }
    flush();
    return root;
  });
}

// Page: roles

// Consoles with history_writer = true share one lease in the store; the holder alone writes CallHistory.
function historyWriterText(w) {
  if (!w.enabled) return 'this console does not write call history (history_writer = false)';
  if (w.writer) return `this console (${w.owner}) writes CallHistory; its lease is renewed every poll`;
  if (w.holder === null) return 'unknown: this console could not claim the lease (see the problems above); it writes nothing meanwhile';
  const until = Math.round((w.expiresMs - Date.now()) / 1000);
  if (w.holder === '' || until < 0) return `no console holds the lease now; this console (${w.owner}) claims it at its next poll`;
  return `another console writes CallHistory: ${w.holder} (lease for ${until} s more unless renewed); this one stands by`;
}

function endpointDetail(e) {
  let text = e.routeVersion === undefined ? e.detail : `${e.detail}, DNS serving route version ${e.routeVersion}`;
  // Renewals collapsed (a partition?): this DNS expires no lease until they recover.
  if (e.expiryPaused) text += ', lease expiry paused (renewals collapsed)';
  return text;
}

function rolesPage() {
  const holder = el('div');
  content.replaceChildren(holder);
  const endpoints = (title, list) => [el('h2', {}, title), list.length === 0 ? el('p', {}, 'none configured') : table(['address', 'health', 'time', 'detail'], list.map((e) =>
    el('tr', { class: e.ok ? 'ok' : 'bad', 'data-address': e.address }, el('td', {}, e.address), el('td', {}, el('span', { class: `badge ${e.ok ? 'idle' : 'overloaded'}` }, e.ok ? 'up' : 'down')),
      el('td', { class: 'num' }, e.ms === null ? '—' : `${e.ms} ms`), el('td', { 'data-expiry-paused': e.expiryPaused === undefined ? null : String(e.expiryPaused), class: e.expiryPaused ? 'bad' : null }, endpointDetail(e)))))];
  loop(async () => {
    const r = await api('/api/roles');
    setStatus(`checked ${when(r.checkedAtMs)}`, false);
    holder.replaceChildren(
      ...endpoints('DNS replicas', r.dns),
      ...endpoints('Reporters', r.reporters),
      ...endpoints('Admin servers (/healthz)', r.admin),
      el('h2', {}, 'Call history writer'),
      el('p', { 'data-history-writer': r.historyWriter.writer ? 'this' : 'other' }, historyWriterText(r.historyWriter)),
      el('h2', {}, 'Agents (callers in the call stats)'),
      r.callers.length === 0 ? el('p', {}, 'no agent has reported yet') : table(['caller', 'keys', 'hosts', 'last report'], r.callers.map((c) =>
        el('tr', { 'data-caller': c.caller, class: c.lastReportAgeS > 60 ? 'stale' : '' }, el('td', {}, c.caller), el('td', { class: 'num' }, c.keys), el('td', { class: 'num' }, c.hosts), el('td', {}, age(c.lastReportAgeS))))));
  }, 2 * POLL_MS);
}

if (page === 'keys') keysPage();
else if (page === 'key') keyPage();
else if (page === 'roles') rolesPage();
