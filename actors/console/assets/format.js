// How the console words what the API says: ages, host states and sources,
// audit entries, the roles page's history writer and endpoints.

export const age = (s) => (s === null || s === undefined ? 'never' : s < 60 ? `${s}s ago` : s < 3600 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`);

export const when = (ms) => (ms ? age(Math.max(0, Math.round((Date.now() - ms) / 1000))) : 'unknown');

// What DNS does with a host, most decisive first: not in the route, drained, failing its check, then the agents' view.
export function hostState(h) {
  if (!h.inRoute) return 'removed';
  if (!h.enabled) return 'drained';
  if (h.check !== null && !h.check.passing) return 'failing';
  if (h.overload) return 'overloaded';
  // The last word was overloaded, but no agent has reported on it for a while (no calls): the ejection runs out
  // without a report, so the page says how old that word is instead of repeating it.
  if (h.staleOverloadAgeS !== null && h.staleOverloadAgeS !== undefined) return 'quiet';
  return h.lastReportAgeS === null ? 'no reports' : 'idle';
}

export function stateText(h, state) {
  return state === 'quiet' ? `quiet: overloaded ${age(h.staleOverloadAgeS)}, no report since` : state;
}

export function sourceText(h) {
  if (h.source === 'registered') return `registered by ${h.owner}`;
  return h.owner === null ? 'static' : `static, registered by ${h.owner}`;
}

export function leaseText(ms) {
  if (ms === null || ms === undefined) return '—';
  return ms >= 0 ? `${(ms / 1000).toFixed(1)} s left` : `lapsed ${(-ms / 1000).toFixed(1)} s ago`;
}

export function editText(e) {
  const host = `${e.ip}:${e.port}`;
  switch (e.action) {
    case 'add': return `added ${host}${e.detail ? ` (${e.detail})` : ''}`;
    case 'del': return `removed ${host}`;
    case 'weight':
    case 'set': return `${e.detail} for ${host}`;
    case 'disable': return `disabled ${host}`;
    case 'enable': return `enabled ${host}`;
    case 'name':
    case 'rules': return e.detail;
    default: return `${e.action} ${host}${e.detail ? ` (${e.detail})` : ''}`;
  }
}

// Consoles with history_writer = true share one lease in the store; the holder alone writes CallHistory.
export function historyWriterText(w) {
  if (!w.enabled) return 'this console does not write call history (history_writer = false)';
  if (w.writer) return `this console (${w.owner}) writes CallHistory; its lease is renewed every poll`;
  if (w.holder === null) return 'unknown: this console could not claim the lease (see the problems above); it writes nothing meanwhile';
  const until = Math.round((w.expiresMs - Date.now()) / 1000);
  if (w.holder === '' || until < 0) return `no console holds the lease now; this console (${w.owner}) claims it at its next poll`;
  return `another console writes CallHistory: ${w.holder} (lease for ${until} s more unless renewed); this one stands by`;
}

export function endpointDetail(e) {
  let text = e.routeVersion === undefined ? e.detail : `${e.detail}, DNS serving route version ${e.routeVersion}`;
  // Renewals collapsed (a partition?): this DNS expires no lease until they recover.
  if (e.expiryPaused) text += ', lease expiry paused (renewals collapsed)';
  return text;
}
