/**
 * `lars route list`: every host of the route table and the lease tables as
 * an aligned table, or JSON for scripts: its source (static, or registered
 * by its owner), the time left on its lease, whether it is enabled (not
 * drained), its zone and tags, and its check state. A database the lease tables are missing
 * from (the original's, before `lars db init`) lists every host static. A key too large for one GetRouteResponse (rows written by SQL) is
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
import type { HostState } from '../../store/leaseStore.js';
import { isStoreError } from '../../store/storeError.js';
import { tagsText } from '../../proto/hostMeta.js';
import { keyNameMap, type KeyNames } from '../cli/keyNames.js';

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

/** One listed host; `--json` prints these. */
export interface ListedHost {
  modid: number;
  cmdid: number;
  /** The key's service name (lars service set); null when it has none. */
  service: string | null;
  ip: string;
  port: number;
  weight: number;
  /** null: no zone (the host is in every caller's zone). */
  zone: string | null;
  /** "key=value", sorted by key; [] for none. */
  tags: readonly string[];
  source: 'static' | 'registered';
  /** The registration's owner ("agent HOST", "client HOST:PID"), also of a static host someone registers. */
  owner: string | null;
  leaseRemainingMs: number | null;
  /** null: no check (always passing). */
  check: { passing: boolean; detail: string } | null;
  enabled: boolean;
  drained: { atMs: number; who: string } | null;
  /** What DNS serves: in the route table, enabled, not failing its check. */
  served: boolean;
}

/** The host's zone and tags come from its RouteData row (a host without one has none: it is not served). */
function listed(s: HostState, row: RouteRow | undefined, names: KeyNames): ListedHost {
  const lease = s.lease;
  // A lease without a check passes with an empty detail (docs/registration.md).
  const check = lease === undefined || (lease.passing && lease.detail === '') ? null : { passing: lease.passing, detail: lease.detail };
  return {
    modid: s.modid,
    cmdid: s.cmdid,
    service: names.get(`${s.modid}/${s.cmdid}`) ?? null,
    ip: uint32ToIpv4(s.ip),
    port: s.port,
    weight: normalizeWeight(s.weight),
    zone: row?.zone ?? null,
    tags: row?.tags ?? [],
    source: s.static ? 'static' : 'registered',
    owner: lease?.owner ?? null,
    leaseRemainingMs: lease?.remainingMs ?? null,
    check,
    enabled: s.drained === undefined,
    drained: s.drained ?? null,
    served: s.served,
  };
}

const hostId = (h: { modid: number; cmdid: number; ip: number; port: number }): string => `${h.modid}/${h.cmdid} ${h.ip}:${h.port}`;

const staticHost = (r: RouteRow): HostState => ({ modid: r.modid, cmdid: r.cmdid, ip: r.ip, port: r.port, weight: r.weight ?? 1, static: true, served: true });

async function hostStates(store: Store, filter: RouteFilter, rows: readonly RouteRow[]): Promise<HostState[]> {
  try {
    return await store.listHostStates(filter);
  } catch (err) {
    if (isStoreError(err) && err.code === 'STORE_NO_SCHEMA') return rows.map(staticHost);
    throw err;
  }
}

function cells(h: ListedHost): string[] {
  const source = h.source === 'static' ? 'static' : `registered by ${h.owner ?? '?'}`;
  const lease = h.leaseRemainingMs === null ? '-' : h.leaseRemainingMs < 0 ? 'lapsed' : `${(h.leaseRemainingMs / 1000).toFixed(1)}s`;
  const enabled = h.drained === null ? 'yes' : `no (${h.drained.who})`;
  const check = h.check === null ? '-' : h.check.passing ? 'passing' : `failing: ${h.check.detail}`;
  return [String(h.modid), String(h.cmdid), h.service ?? '-', `${h.ip}:${h.port}`, String(h.weight), h.zone ?? '-', h.tags.length === 0 ? '-' : tagsText(h.tags), source, lease, enabled, check];
}

export async function listRoutes(store: Store, filter: RouteFilter, json: boolean): Promise<number> {
  const rows = await store.listHosts(filter);
  const version = await store.getVersion();
  const rowOf = new Map(rows.map((r) => [hostId(r), r]));
  const names = keyNameMap(await store.listKeyNames());
  const hosts = (await hostStates(store, filter, rows)).map((s) => listed(s, rowOf.get(hostId(s)), names));
  const oversized = oversizedRoutes(rows);
  if (json) {
    printLine(JSON.stringify({ version, hosts, ...(oversized.length > 0 ? { oversized } : {}) }));
    return EXIT_OK;
  }
  if (hosts.length === 0) {
    printLine(`no hosts (route version ${version})`);
    return EXIT_OK;
  }
  const table = [['MODID', 'CMDID', 'SERVICE', 'HOST', 'WEIGHT', 'ZONE', 'TAGS', 'SOURCE', 'LEASE', 'ENABLED', 'CHECK'], ...hosts.map(cells)];
  const last = (table[0]?.length ?? 1) - 1;
  const widths = table[0]?.map((_, col) => Math.max(...table.map((row) => (row[col] ?? '').length))) ?? [];
  for (const row of table) printLine(row.map((cell, col) => (col < last ? cell.padEnd(widths[col] ?? 0) : cell)).join('  '));
  const out = hosts.filter((h) => !h.served).length;
  printLine(`${hosts.length} host${hosts.length === 1 ? '' : 's'}${out > 0 ? ` (${out} not served)` : ''}, route version ${version}`);
  for (const k of oversized) {
    printLine(`route ${k.modid}/${k.cmdid}: ${k.hosts} hosts, over the ${MAX_BODY_LEN}-byte wire limit: the DNS serves the first ${k.served} by (ip, port)`);
  }
  return EXIT_OK;
}
