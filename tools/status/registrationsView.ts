/** `lars status --registrations`: the agent's registration table, one line per instance. */
import type { RegistrationView } from '../../actors/lb/core/registrationView.js';
import { ago, table } from './statusView.js';

function stateText(r: RegistrationView): string {
  if (r.state !== 'refused' || r.lastError === undefined) return r.state;
  return `refused (${r.lastError.retcode}: ${r.lastError.reason || 'no reason given'})`;
}

/** The check column: none, no result yet, or the last state DNS was sent. */
function checkText(r: RegistrationView): string {
  if (r.checkUrl === undefined && r.check === undefined) return '-';
  if (r.check === undefined) return `${r.checkUrl ?? ''} (no result yet)`;
  return r.check.passing ? 'passing' : `failing: ${r.check.detail}`;
}

export function registrationLines(list: readonly RegistrationView[], admin: string): string {
  if (list.length === 0) return `agent ${admin} holds no registrations`;
  const rows = list.map((r) => [
    `${r.modid}/${r.cmdid}`,
    `${r.ip}:${r.port}`,
    `${r.source}: ${r.holder}`,
    r.source === 'app' ? `${ago(r.lastHeartbeatMsAgo)} ago` : '-',
    `${r.ttlMs} ms`,
    String(r.weight === 0 ? 1 : r.weight),
    stateText(r),
    checkText(r),
  ]);
  const head = `agent ${admin}: ${list.length} registration${list.length === 1 ? '' : 's'}`;
  return `${head}\n${table([['KEY', 'ADDRESS', 'HELD BY', 'HEARTBEAT', 'TTL', 'WEIGHT', 'STATE', 'CHECK'], ...rows])}`;
}
