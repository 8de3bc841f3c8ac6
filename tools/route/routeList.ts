/** `lars route list`: the RouteData rows as an aligned table, or JSON for scripts. */
import type { Store } from '../../store/store.js';
import type { RouteFilter } from '../../store/routeTypes.js';
import { uint32ToIpv4 } from '../../runtime/net/ipv4.js';
import { normalizeWeight } from '../../proto/hostWeight.js';
import { EXIT_OK, printLine } from '../db/storeCli.js';

export async function listRoutes(store: Store, filter: RouteFilter, json: boolean): Promise<number> {
  const rows = await store.listHosts(filter);
  const version = await store.getVersion();
  const hosts = rows.map((r) => ({ modid: r.modid, cmdid: r.cmdid, ip: uint32ToIpv4(r.ip), port: r.port, weight: normalizeWeight(r.weight) }));
  if (json) {
    printLine(JSON.stringify({ version, hosts }));
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
  return EXIT_OK;
}
