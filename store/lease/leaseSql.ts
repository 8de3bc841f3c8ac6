/**
 * Statements on RouteLease and RouteDrain, the same text on both engines
 * (row-value IN lists, which MariaDB and SQLite both answer from the primary
 * key), and the mapping from their rows. Engine differences are the clock
 * and the row lock, in LeaseDialect.
 */
import type { RouteKey } from '../routeTypes.js';
import type { HostKey } from '../leaseStore.js';
import type { Param, Row } from './storeProgram.js';

export interface LeaseDialect {
  /** ' FOR UPDATE' on MySQL (row locks inside the transaction); '' on SQLite, whose write transactions lock up front. */
  forUpdate: string;
  /** The lease clock in epoch ms as an SQL expression (the database's own clock, or a parameter). */
  now(): { sql: string; params: Param[] };
}

/** MariaDB/MySQL: the server's clock, so replicas on hosts whose clocks disagree still agree on deadlines. */
export const MYSQL_SERVER_NOW = 'ROUND(UNIX_TIMESTAMP(NOW(3)) * 1000)';

/**
 * Hosts per UPDATE / DELETE (renewals: 5 parameters each, under SQLite's
 * 32,766 and MySQL's 65,535 placeholders), answered from the primary key.
 */
export const HOSTS_PER_STATEMENT = 5000;
/**
 * Hosts (or keys) per SELECT: MariaDB turns an IN list of 1,000 values or
 * more (in_predicate_conversion_threshold) into a subquery it answers with a
 * scan of the whole table, so reads stay below it.
 */
export const HOSTS_PER_SELECT = 900;
/** Rows per multi-row insert of a lease (13 columns). */
export const LEASES_PER_INSERT = 2000;

const HOST_COLUMNS = '(modid, cmdid, serverip, serverport)';

export function hostParams(h: HostKey): number[] {
  return [h.modid, h.cmdid, h.ip, h.port];
}

export function hostId(h: HostKey): string {
  return `${h.modid}/${h.cmdid}/${h.ip}/${h.port}`;
}

export function keyOf(h: RouteKey): RouteKey {
  return { modid: h.modid, cmdid: h.cmdid };
}

function tuples(count: number, width: number): string {
  const one = `(${Array.from({ length: width }, () => '?').join(',')})`;
  return Array.from({ length: count }, () => one).join(',');
}

/** ` WHERE (modid, cmdid, serverip, serverport) IN (…)` for `count` hosts. */
export function hostsIn(count: number): string {
  return ` WHERE ${HOST_COLUMNS} IN (${tuples(count, 4)})`;
}

export const LEASE_COLUMNS = 'modid, cmdid, serverip, serverport, owner, replica, weight, ttl_ms, lease_until_ms, registered_at_ms, check_passing, check_detail, owns_row';

export function selectLeasesSql(count: number, forUpdate: string): string {
  return `SELECT ${LEASE_COLUMNS} FROM RouteLease${hostsIn(count)}${forUpdate}`;
}

export function selectRowsSql(count: number): string {
  return `SELECT modid, cmdid, serverip, serverport, weight FROM RouteData${hostsIn(count)}`;
}

export function countKeysSql(count: number): string {
  return `SELECT modid, cmdid, COUNT(*) AS n FROM RouteData WHERE (modid, cmdid) IN (${tuples(count, 2)}) GROUP BY modid, cmdid`;
}

export const KEY_HOSTS_SQL = 'SELECT serverip, serverport, weight FROM RouteData WHERE modid = ? AND cmdid = ?';

export function deleteHostsSql(table: 'RouteLease' | 'RouteData' | 'RouteDrain', count: number): string {
  return `DELETE FROM ${table}${hostsIn(count)}`;
}

export function insertRowsSql(count: number): string {
  return `INSERT INTO RouteData (modid, cmdid, serverip, serverport, weight) VALUES ${tuples(count, 5)}`;
}

export const SET_ROW_WEIGHT_SQL = 'UPDATE RouteData SET weight = ? WHERE modid = ? AND cmdid = ? AND serverip = ? AND serverport = ?';

/** Whole-row replace of leases we just read under the lock: delete-then-insert needs no engine-specific upsert. */
export function insertLeasesSql(count: number): string {
  return `INSERT INTO RouteLease (${LEASE_COLUMNS}) VALUES ${tuples(count, 13)}`;
}

export function appendChangesSql(count: number): string {
  return `INSERT INTO RouteChange (modid, cmdid, version, created_at_ms) VALUES ${tuples(count, 4)}`;
}

/**
 * One statement per batch of renewals: a lease moves only while its owner
 * still holds it. The first parameter after the clock's is how long ago the
 * batch's oldest heartbeat was heard: the deadline counts from the heartbeat.
 */
export function renewSql(count: number, now: string): string {
  return `UPDATE RouteLease SET lease_until_ms = ${now} + ttl_ms - ? WHERE (modid, cmdid, serverip, serverport, owner) IN (${tuples(count, 5)})`;
}

export function ownersSql(count: number): string {
  return `SELECT modid, cmdid, serverip, serverport, owner FROM RouteLease${hostsIn(count)}`;
}

/**
 * One pass over RouteLease for the expiry decision. "Late" is a third of the
 * ttl or less left: a live owner renews every third of its ttl and its replica
 * writes within a second, so only a lease that missed renewals gets there.
 */
export function sweepCountsSql(now: string): string {
  const late = 'l.lease_until_ms < c.now_ms + l.ttl_ms / 3';
  return (
    'SELECT COUNT(*) AS leases, COALESCE(SUM(CASE WHEN l.lease_until_ms < c.now_ms THEN 1 ELSE 0 END), 0) AS lapsed, ' +
    `COALESCE(SUM(CASE WHEN ${late} THEN 1 ELSE 0 END), 0) AS late, COUNT(DISTINCT CASE WHEN ${late} THEN l.owner END) AS late_owners, ` +
    'MIN(CASE WHEN l.lease_until_ms >= c.now_ms THEN l.lease_until_ms - c.now_ms END) AS next_ms ' +
    `FROM RouteLease l CROSS JOIN (SELECT ${now} AS now_ms) c`
  );
}

export function lapsedSql(forUpdate: string): string {
  return `SELECT modid, cmdid, serverip, serverport, owns_row, check_passing FROM RouteLease WHERE lease_until_ms < ?${forUpdate}`;
}

/** What the route edits of `lars route add|del` do to a lease of the same host. */
export const LEASE_HOST_SQL = {
  makeStatic: 'UPDATE RouteLease SET owns_row = 0 WHERE modid = ? AND cmdid = ? AND serverip = ? AND serverport = ?',
  forget: 'DELETE FROM RouteLease WHERE modid = ? AND cmdid = ? AND serverip = ? AND serverport = ?',
} as const;

export const DRAIN_SQL = {
  find: 'SELECT 1 AS found FROM RouteDrain WHERE modid = ? AND cmdid = ? AND serverip = ? AND serverport = ?',
  insert: 'INSERT INTO RouteDrain (modid, cmdid, serverip, serverport, disabled_at_ms, who) VALUES (?, ?, ?, ?, ?, ?)',
  remove: 'DELETE FROM RouteDrain WHERE modid = ? AND cmdid = ? AND serverip = ? AND serverport = ?',
  hostKnown:
    'SELECT 1 AS found FROM RouteData WHERE modid = ? AND cmdid = ? AND serverip = ? AND serverport = ? ' +
    'UNION ALL SELECT 1 AS found FROM RouteLease WHERE modid = ? AND cmdid = ? AND serverip = ? AND serverport = ?',
} as const;

/**
 * Hosts that have a RouteData row but must not be served: drained by an
 * operator, or a static host whose registration's check fails (an owned
 * row of a failing instance is deleted instead).
 */
export const WITHHELD_SQL =
  'SELECT modid, cmdid, serverip, serverport FROM RouteDrain UNION SELECT modid, cmdid, serverip, serverport FROM RouteLease WHERE check_passing = 0';

export function hostFromDb(r: Row): HostKey {
  return { modid: Number(r['modid']), cmdid: Number(r['cmdid']), ip: Number(r['serverip']), port: Number(r['serverport']) };
}

/** A RouteLease row as read (all columns). */
export interface LeaseRow extends HostKey {
  owner: string;
  replica: string;
  weight: number;
  ttlMs: number;
  leaseUntilMs: number;
  registeredAtMs: number;
  passing: boolean;
  detail: string;
  ownsRow: boolean;
}

export function leaseFromDb(r: Row): LeaseRow {
  return {
    ...hostFromDb(r),
    owner: String(r['owner']),
    replica: String(r['replica']),
    weight: Number(r['weight']),
    ttlMs: Number(r['ttl_ms']),
    leaseUntilMs: Number(r['lease_until_ms']),
    registeredAtMs: Number(r['registered_at_ms']),
    passing: Number(r['check_passing']) === 1,
    detail: String(r['check_detail']),
    ownsRow: Number(r['owns_row']) === 1,
  };
}

export function leaseParams(l: LeaseRow): Param[] {
  return [...hostParams(l), l.owner, l.replica, l.weight, l.ttlMs, l.leaseUntilMs, l.registeredAtMs, l.passing ? 1 : 0, l.detail, l.ownsRow ? 1 : 0];
}
