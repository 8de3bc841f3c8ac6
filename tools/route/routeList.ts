/**
 * `lars route list`: the RouteData rows as an aligned table, or JSON for
 * scripts. A key too large for one GetRouteResponse (rows written by SQL) is
 * named after the table with how many of its hosts the DNS serves, so the
 * operator sees what agents get without reading DNS logs.
 */
import type { Store } from '../../store/store.js';
import type { RouteFilter, RouteRow } from '../../store/routeTypes.js';
import { servedHostCount } from '../../store/routeLimit.js';
import { uint32ToIpv4 } from '../../runtime/net/ipv4.js';
import { MAX_BODY_LEN } from '../../runtime/reactor/frame.js';
import { normalizeWeight } from '../../proto/hostWeight.js';
import { EXIT_OK, printLine } from '../db/storeCli.js';

export interface OversizedRoute {
  modid: number;
  cmdid: number;
  hosts: number;
  /** The first hosts by (ip, port) that fit: what the DNS sends. */
  served: number;
}

/** Keys among these rows whose hosts do not all fit in one response. */
export function oversizedRoutes(rows: readonly RouteRow[]): OversizedRoute[] {
  const byKey = new Map<string, RouteRow[]>();
  for (const r of rows) {
    const id = `${r.modid}/${r.cmdid}`;
    const list = byKey.get(id);
    if (list) list.push(r);
    else byKey.set(id, [r]);
  }
  const out: OversizedRoute[] = [];
  for (const hosts of byKey.values()) {
    const { modid, cmdid } = hosts[0] as RouteRow;
    const served = servedHostCount(modid, cmdid, hosts);
    if (served < hosts.length) out.push({ modid, cmdid, hosts: hosts.length, served });
  }
  return out;
}

export async function listRoutes(store: Store, filter: RouteFilter, json: boolean): Promise<number> {
  const rows = await store.listHosts(filter);
  const version = await store.getVersion();
  const hosts = rows.map((r) => ({ modid: r.modid, cmdid: r.cmdid, ip: uint32ToIpv4(r.ip), port: r.port, weight: normalizeWeight(r.weight) }));
  const oversized = oversizedRoutes(rows);
  if (json) {
    printLine(JSON.stringify({ version, hosts, ...(oversized.length > 0 ? { oversized } : {}) }));
    return EXIT_OK;
  }
  if (hosts.length === 0) {
    printLine(`no hosts (route version ${version})`);
    return EXIT_OK;
  }
  const table = [['MODID', 'CMDID', 'HOST', 'WEIGHT'], ...hosts.map((h) => [String(h.modid), String(h.cmdid), `${h.ip}:${h.port}`, String(h.weight)])];
  const widths = [0, 1, 2].map((col) => Math.max(...table.map((row) => (row[col] ?? '').length)));
  for (const row of table) printLine(row.map((cell, col) => (col < 3 ? cell.padEnd(widths[col] ?? 0) : cell)).join('  '));
  printLine(`${hosts.length} host${hosts.length === 1 ? '' : 's'}, route version ${version}`);
  for (const k of oversized) {
    printLine(`route ${k.modid}/${k.cmdid}: ${k.hosts} hosts, over the ${MAX_BODY_LEN}-byte wire limit: the DNS serves the first ${k.served} by (ip, port)`);
  }
  return EXIT_OK;
}
