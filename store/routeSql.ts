/**
 * Route queries shared by both backends (both take `?` placeholders), and
 * the mapping from their rows to route values. The reads that must agree
 * with a version are single statements joined to RouteVersion, so they are
 * consistent on either engine without an explicit transaction.
 */
import type { KeyHosts, RouteChanges, RouteFilter, RouteHost, RouteKey, RouteRow } from './routeTypes.js';
import { StoreError } from './storeError.js';
import { checkInt32, checkPort, checkUint32 } from './validateValues.js';
import { keyFilterWhere } from './keyFilterSql.js';
import { isUnroutableHost, uint32ToIpv4 } from '../runtime/net/ipv4.js';
import { hostMetaFromWire, tagsFromText } from '../proto/hostMeta.js';
import type { RouteColumns } from './liveSchema.js';

export const SQL = {
  version: 'SELECT version FROM RouteVersion WHERE id = 1',
  changesSince:
    'SELECT v.version AS current, c.modid, c.cmdid, c.version FROM RouteVersion v ' +
    'LEFT JOIN RouteChange c ON c.version > ? AND c.version <= v.version WHERE v.id = 1 ORDER BY c.version, c.id',
  hostExists: 'SELECT 1 AS found FROM RouteData WHERE modid = ? AND cmdid = ? AND serverip = ? AND serverport = ? LIMIT 1',
  deleteHost: 'DELETE FROM RouteData WHERE modid = ? AND cmdid = ? AND serverip = ? AND serverport = ?',
  appendChange: 'INSERT INTO RouteChange (modid, cmdid, version, created_at_ms) VALUES (?, ?, ?, ?)',
  setVersion: 'UPDATE RouteVersion SET version = ? WHERE id = 1',
  prune: 'DELETE FROM RouteChange WHERE created_at_ms < ?',
} as const;

/**
 * Our columns of RouteData, or constants on a RouteData without them (the
 * original's, or ours before `lars db init` ran their upgrade): weight 1, no
 * zone, no tags.
 */
export function hostColumns(cols: RouteColumns, table = ''): string {
  const weight = cols.weight ? `${table}weight` : '1 AS weight';
  return cols.meta ? `${weight}, ${table}zone, ${table}tags` : `${weight}, '' AS zone, '' AS tags`;
}

export function loadAllSql(cols: RouteColumns): string {
  return (
    `SELECT v.version AS current, d.modid, d.cmdid, d.serverip, d.serverport, ${hostColumns(cols, 'd.')} FROM RouteVersion v ` +
    'LEFT JOIN RouteData d ON 1 = 1 WHERE v.id = 1 ORDER BY d.modid, d.cmdid, d.serverip, d.serverport'
  );
}

/** The hosts of one key (an edit checks the route still fits); many keys at once: keyReload.ts. */
export function oneKeySql(cols: RouteColumns): string {
  return `SELECT modid, cmdid, serverip, serverport, ${hostColumns(cols)} FROM RouteData WHERE modid = ? AND cmdid = ?`;
}

/** One host's row (setHost reads what it changes). */
export function oneHostSql(cols: RouteColumns): string {
  return `SELECT modid, cmdid, serverip, serverport, ${hostColumns(cols)} FROM RouteData WHERE modid = ? AND cmdid = ? AND serverip = ? AND serverport = ? LIMIT 1`;
}

export function listHostsSql(filter: RouteFilter | undefined, cols: RouteColumns): { sql: string; params: number[] } {
  const { clause, params } = keyFilterWhere(filter);
  return { sql: `SELECT modid, cmdid, serverip, serverport, ${hostColumns(cols)} FROM RouteData${clause} ORDER BY modid, cmdid, serverip, serverport`, params };
}

/** A weight other than 1 on a RouteData that cannot hold it: the operator must upgrade first. */
export function noWeightColumn(): StoreError {
  return new StoreError('STORE_NO_SCHEMA', 'RouteData has no weight column (a database made by the original Lars or before this version): run `lars db init` to add it');
}

/** A zone or tags on a RouteData that cannot hold them. */
export function noMetaColumns(): StoreError {
  return new StoreError('STORE_NO_SCHEMA', 'RouteData has no zone and tags columns (a database made by the original Lars or before this version): run `lars db init` to add them');
}

export function noVersionRow(): StoreError {
  return new StoreError('STORE_NO_SCHEMA', 'RouteVersion has no row with id 1: run `lars db init`');
}

export function checkHostArgs(modid: number, cmdid: number, ip: number, port: number): void {
  checkInt32('modid', modid);
  checkInt32('cmdid', cmdid);
  checkUint32('ip', ip);
  checkPort('port', port);
}

/** addHost only: a host no caller can reach (0.0.0.0, 255.255.255.255) is refused; deleting one stays possible. */
export function checkRoutableHost(ip: number): void {
  if (isUnroutableHost(ip)) throw new StoreError('STORE_BAD_DATA', `ip ${uint32ToIpv4(ip)}: not a host a caller can reach`);
}

/**
 * A row as a RouteRow; `weight` only when it is not 1, zone and tags only
 * when set, as the wire carries them. A zone or tag written by hand in SQL
 * that breaks the rules is read as the wire's are: left out.
 */
export function routeRowFromDb(r: Record<string, unknown>): RouteRow {
  const row: RouteRow = { modid: Number(r['modid']), cmdid: Number(r['cmdid']), ip: Number(r['serverip']), port: Number(r['serverport']) };
  const weight = Number(r['weight'] ?? 1);
  if (weight !== 1) row.weight = weight;
  const zone = r['zone'];
  const tags = r['tags'];
  if ((typeof zone === 'string' && zone !== '') || (typeof tags === 'string' && tags !== '')) {
    const meta = hostMetaFromWire(typeof zone === 'string' ? zone : '', tagsFromText(typeof tags === 'string' ? tags : ''));
    if (meta.zone !== undefined) row.zone = meta.zone;
    if (meta.tags !== undefined) row.tags = meta.tags;
  }
  return row;
}

function hostOf(r: RouteRow): RouteHost {
  const h: RouteHost = { ip: r.ip, port: r.port };
  if (r.weight !== undefined) h.weight = r.weight;
  if (r.zone !== undefined) h.zone = r.zone;
  if (r.tags !== undefined) h.tags = r.tags;
  return h;
}

export function keyId(key: RouteKey): string {
  return `${key.modid}/${key.cmdid}`;
}

/** Rows sorted by key → one KeyHosts per key. */
export function groupByKey(rows: readonly RouteRow[]): KeyHosts[] {
  const out: KeyHosts[] = [];
  let last: KeyHosts | undefined;
  for (const r of rows) {
    if (!last || last.modid !== r.modid || last.cmdid !== r.cmdid) {
      last = { modid: r.modid, cmdid: r.cmdid, hosts: [] };
      out.push(last);
    }
    last.hosts.push(hostOf(r));
  }
  return out;
}

/** The asked keys (deduplicated, in order), each with the hosts found for it. */
export function hostsPerKey(keys: readonly RouteKey[], rows: readonly RouteRow[]): KeyHosts[] {
  const byKey = new Map<string, KeyHosts>();
  for (const k of keys) if (!byKey.has(keyId(k))) byKey.set(keyId(k), { modid: k.modid, cmdid: k.cmdid, hosts: [] });
  for (const r of rows) byKey.get(keyId(r))?.hosts.push(hostOf(r));
  for (const entry of byKey.values()) entry.hosts.sort((a, b) => a.ip - b.ip || a.port - b.port);
  return [...byKey.values()];
}

/**
 * Rows of SQL.changesSince → RouteChanges. Each edit produces exactly one
 * version and at least one change row, so the log is complete when it holds
 * every version from since+1 to the current one. Keys come smallest edit
 * first (version order among equals): a one-host edit read in the same poll
 * as a 10,000-key one is pushed before it, not behind its 10,000 pushes.
 */
export function changesFromRows(since: number, rows: readonly Record<string, unknown>[]): RouteChanges {
  const first = rows[0];
  if (!first) throw noVersionRow();
  const version = Number(first['current']);
  const byVersion = new Map<number, RouteKey[]>();
  for (const r of rows) {
    if (r['version'] === null || r['version'] === undefined) continue;
    const v = Number(r['version']);
    const edit = byVersion.get(v) ?? [];
    edit.push({ modid: Number(r['modid']), cmdid: Number(r['cmdid']) });
    byVersion.set(v, edit);
  }
  // Rows arrive in version order and sort is stable: equal sizes keep it.
  const edits = [...byVersion.values()].sort((a, b) => a.length - b.length);
  const keys = new Map<string, RouteKey>();
  for (const edit of edits) for (const key of edit) if (!keys.has(keyId(key))) keys.set(keyId(key), key);
  const complete = version >= since && byVersion.size === version - since;
  return { version, keys: [...keys.values()], complete };
}

/** Rows of SQL.loadAll → { version, rows } (the LEFT JOIN yields one null row for an empty table). */
export function tableFromRows(rows: readonly Record<string, unknown>[]): { version: number; rows: RouteRow[] } {
  const first = rows[0];
  if (!first) throw noVersionRow();
  const routeRows = rows.filter((r) => r['modid'] !== null && r['modid'] !== undefined).map(routeRowFromDb);
  return { version: Number(first['current']), rows: routeRows };
}
