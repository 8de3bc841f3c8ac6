/** `lars status` output: a host table for one key, a line per key for all. */
import type { LbKeyState, LbStateDump } from '../../actors/lb/lbStateDump.js';
import { plural } from '../../runtime/log/plural.js';
import { keyLabel, type KeyNames } from '../cli/keyNames.js';

/** "350 ms", "12.3 s", "4m12s", "2h03m". */
export function ago(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.floor(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * The agent counts the changes of a key's route it has taken in since it
 * started; the DNS's route version (RouteVersion) is not on the wire the
 * original defined, so calling this count a "version" read as a mismatch.
 */
function updates(n: number): string {
  return plural(n, 'update');
}

function routeLine(k: LbKeyState): string {
  const age = k.routeAgeMs === null ? 'no route from DNS yet' : `last changed ${ago(k.routeAgeMs)} ago`;
  return `route ${k.route} (${updates(k.routeVersion)} from DNS since the agent started), ${age}`;
}

export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

export function keyTable(k: LbKeyState, admin: string, names: KeyNames = new Map()): string {
  const overloaded = k.hosts.filter((h) => h.state === 'overloaded').length;
  const head = `key ${keyLabel(k.modid, k.cmdid, names)} on agent ${admin}: ${routeLine(k)}; ${plural(k.hosts.length, 'host')}, ${overloaded} overloaded`;
  if (k.hosts.length === 0) return head;
  const rows = [
    ['HOST', 'STATE', 'FOR', 'VIRTUAL s/e', 'WINDOW s/e', 'STREAK s/e', 'PROBES', 'WEIGHT', 'EJECTIONS'],
    ...k.hosts.map((h) => [
      `${h.ip}:${h.port}`,
      h.state,
      ago(h.sinceMs),
      `${h.vsucc}/${h.verr}`,
      `${h.rsucc}/${h.rerr}`,
      `${h.continSucc}/${h.continErr}`,
      String(h.probes),
      // While it ramps in slow start, the weight it is picked with now, then the configured one.
      h.effectiveWeight === h.weight ? String(h.weight) : `${h.effectiveWeight}/${h.weight}`,
      // In a row (growing ejection's n) when more than one, over the host's life otherwise.
      h.ejections > 1 ? `${h.totalEjections} (${h.ejections} in a row)` : String(h.totalEjections),
    ]),
  ];
  return `${head}\n${table(rows)}`;
}

export function keySummaryLines(dump: LbStateDump, admin: string, names: KeyNames = new Map()): string {
  if (dump.keys.length === 0) return `agent ${admin} has no keys yet (no application has asked it for one)`;
  const rows = dump.keys.map((k) => {
    const bad = k.hosts.filter((h) => h.state === 'overloaded');
    const hosts = `${plural(k.hosts.length, 'host')}: ${k.hosts.length - bad.length} idle, ${bad.length} overloaded`;
    const which = bad.length === 0 ? '' : ` (${bad.map((h) => `${h.ip}:${h.port} for ${ago(h.sinceMs)}`).join(', ')})`;
    return [keyLabel(k.modid, k.cmdid, names), `${k.route}, ${updates(k.routeVersion)}`, k.routeAgeMs === null ? '-' : `${ago(k.routeAgeMs)} ago`, `${hosts}${which}`];
  });
  const more = dump.truncated ? '\n(more keys than the agent lists at once; ask for one with --modid/--cmdid)' : '';
  return `agent ${admin}: ${plural(dump.keys.length, 'key')}\n${table([['KEY', 'ROUTE', 'UPDATED', 'HOSTS'], ...rows])}${more}`;
}
