/**
 * The lease edits as store programs (storeProgram.ts), run by both backends
 * inside one transaction each: registrations and deregistrations, expiry of
 * lapsed leases, drain and enable. Each takes RouteVersion's lock first, so
 * edits serialise, get consecutive versions and commit in version order.
 */
import type { RouteHost, RouteKey } from '../routeTypes.js';
import type { DrainEdit, HostKey, LeaseEdit, LeaseOp } from '../leaseStore.js';
import { SQL, noVersionRow } from '../routeSql.js';
import { chunk } from '../statusBatch.js';
import { AUDIT_SQL, auditParams } from '../routeAudit.js';
import { execute, query, type Program } from './storeProgram.js';
import {
  DRAIN_SQL, HOSTS_PER_SELECT, HOSTS_PER_STATEMENT, KEY_HOSTS_SQL, LEASES_PER_INSERT, appendChangesSql, countKeysSql, deleteHostsSql, hostFromDb, hostId,
  hostParams, insertLeasesSql, insertRowsSql, keyOf, lapsedSql, leaseFromDb, leaseParams, selectLeasesSql, selectRowsSql, SET_ROW_WEIGHT_SQL,
  type LeaseDialect, type LeaseRow,
} from './leaseSql.js';
import { planLeaseOps } from './leasePlan.js';
import { KeyRoom } from './keyRoom.js';

export function* lockVersion(d: LeaseDialect): Program<number> {
  const row = (yield* query(`${SQL.version}${d.forUpdate}`))[0];
  if (!row) throw noVersionRow();
  return Number(row['version']);
}

export function* readNow(d: LeaseDialect): Program<number> {
  const now = d.now();
  return Number((yield* query(`SELECT ${now.sql} AS now_ms`, now.params))[0]?.['now_ms']);
}

/** Appends a change row per key stamped with the next version and bumps RouteVersion; no keys, no edit. */
export function* recordChanges(current: number, keys: readonly RouteKey[], createdAtMs: number): Program<number> {
  if (keys.length === 0) return current;
  const version = current + 1;
  const sorted = [...keys].sort((a, b) => a.modid - b.modid || a.cmdid - b.cmdid);
  for (const part of chunk(sorted, HOSTS_PER_STATEMENT)) {
    yield* execute(appendChangesSql(part.length), part.flatMap((k) => [k.modid, k.cmdid, version, createdAtMs]));
  }
  yield* execute(SQL.setVersion, [version]);
  return version;
}

function* byHosts<T>(hosts: readonly HostKey[], sql: (n: number) => string, map: (rows: Record<string, unknown>[]) => T[]): Program<T[]> {
  const out: T[] = [];
  for (const part of chunk(hosts, HOSTS_PER_SELECT)) out.push(...map(yield* query(sql(part.length), part.flatMap(hostParams))));
  return out;
}

function* deleteHosts(table: 'RouteLease' | 'RouteData', hosts: readonly HostKey[]): Program<void> {
  for (const part of chunk(hosts, HOSTS_PER_STATEMENT)) yield* execute(deleteHostsSql(table, part.length), part.flatMap(hostParams));
}

/** The room each touched key has left, reading hosts only of keys that could reach the wire limit. */
function* keyRoomFor(ops: readonly LeaseOp[]): Program<KeyRoom> {
  const adding = new Map<string, number>();
  const keys = new Map<string, RouteKey>();
  for (const op of ops) {
    if (op.type !== 'register') continue;
    const k = `${op.instance.modid}/${op.instance.cmdid}`;
    adding.set(k, (adding.get(k) ?? 0) + 1);
    keys.set(k, keyOf(op.instance));
  }
  const counts = new Map<string, number>();
  for (const part of chunk([...keys.values()], HOSTS_PER_SELECT)) {
    for (const r of yield* query(countKeysSql(part.length), part.flatMap((k) => [k.modid, k.cmdid]))) counts.set(`${Number(r['modid'])}/${Number(r['cmdid'])}`, Number(r['n']));
  }
  const exact = new Map<string, { key: RouteKey; hosts: RouteHost[] }>();
  for (const k of KeyRoom.needsHosts(counts, adding)) {
    const key = keys.get(k) as RouteKey;
    const rows = yield* query(KEY_HOSTS_SQL, [key.modid, key.cmdid]);
    exact.set(k, { key, hosts: rows.map((r) => ({ ip: Number(r['serverip']), port: Number(r['serverport']), weight: Number(r['weight']) })) });
  }
  return new KeyRoom(counts, exact);
}

export function* applyLeasesProgram(d: LeaseDialect, replica: string, ops: readonly LeaseOp[]): Program<LeaseEdit> {
  const current = yield* lockVersion(d);
  const nowMs = yield* readNow(d);
  const touched = new Map<string, HostKey>();
  for (const op of ops) {
    const h = op.type === 'register' ? op.instance : op.host;
    touched.set(hostId(h), h);
  }
  const hosts = [...touched.values()];
  const leases = new Map((yield* byHosts(hosts, (n) => selectLeasesSql(n, d.forUpdate), (rows) => rows.map(leaseFromDb))).map((l) => [hostId(l), l]));
  const rows = new Map((yield* byHosts(hosts, selectRowsSql, (rs) => rs.map((r) => [hostId(hostFromDb(r)), Number(r['weight'])] as const))));
  const room = yield* keyRoomFor(ops);
  const plan = planLeaseOps(ops, { leases, rows }, room, { nowMs, replica });

  const leaseGone: HostKey[] = [];
  const leaseNew: LeaseRow[] = [];
  const rowGone: HostKey[] = [];
  const rowNew: Array<[HostKey, number]> = [];
  const reweigh: Array<[HostKey, number]> = [];
  for (const { host, before, after } of plan.hosts.values()) {
    if (after.lease !== before.lease) {
      if (before.lease) leaseGone.push(host);
      if (after.lease) leaseNew.push(after.lease);
    }
    if (before.rowWeight !== undefined && after.rowWeight === undefined) rowGone.push(host);
    else if (before.rowWeight === undefined && after.rowWeight !== undefined) rowNew.push([host, after.rowWeight]);
    else if (before.rowWeight !== after.rowWeight && after.rowWeight !== undefined) reweigh.push([host, after.rowWeight]);
  }
  yield* deleteHosts('RouteLease', leaseGone);
  for (const part of chunk(leaseNew, LEASES_PER_INSERT)) yield* execute(insertLeasesSql(part.length), part.flatMap(leaseParams));
  yield* deleteHosts('RouteData', rowGone);
  for (const part of chunk(rowNew, HOSTS_PER_STATEMENT)) yield* execute(insertRowsSql(part.length), part.flatMap(([h, w]) => [...hostParams(h), w]));
  for (const [h, w] of reweigh) yield* execute(SET_ROW_WEIGHT_SQL, [w, ...hostParams(h)]);
  const version = yield* recordChanges(current, plan.changedKeys, nowMs);
  return { results: plan.results, changedKeys: plan.changedKeys, version };
}

/** Removes the leases lapsed at the database's now, and the rows they own; resolves to how many and the version after. */
export function* expireProgram(d: LeaseDialect): Program<{ expired: number; version: number | undefined }> {
  const current = yield* lockVersion(d);
  const nowMs = yield* readNow(d);
  const lapsed = (yield* query(lapsedSql(d.forUpdate), [nowMs])).map((r) => ({ host: hostFromDb(r), ownsRow: Number(r['owns_row']) === 1, passing: Number(r['check_passing']) === 1 }));
  if (lapsed.length === 0) return { expired: 0, version: undefined };
  yield* deleteHosts('RouteLease', lapsed.map((l) => l.host));
  yield* deleteHosts('RouteData', lapsed.filter((l) => l.ownsRow).map((l) => l.host));
  // Served hosts change where an owned row went (a passing instance), or where a static host's failing check no longer withholds it.
  const changed = new Map<string, RouteKey>();
  for (const l of lapsed) if (l.ownsRow === l.passing) changed.set(`${l.host.modid}/${l.host.cmdid}`, keyOf(l.host));
  const version = yield* recordChanges(current, [...changed.values()], nowMs);
  return { expired: lapsed.length, version: changed.size > 0 ? version : undefined };
}

/** `audited`: RouteAudit exists, so the edit writes its row (routeAudit.ts) in the same transaction. */
export function* drainProgram(d: LeaseDialect, h: HostKey, who: string, audited: boolean): Program<DrainEdit> {
  const current = yield* lockVersion(d);
  if ((yield* query(DRAIN_SQL.find, hostParams(h))).length > 0) return { status: 'already', version: current };
  if ((yield* query(DRAIN_SQL.hostKnown, [...hostParams(h), ...hostParams(h)])).length === 0) return { status: 'missing', version: current };
  const nowMs = yield* readNow(d);
  yield* execute(DRAIN_SQL.insert, [...hostParams(h), nowMs, who]);
  const version = yield* recordChanges(current, [keyOf(h)], nowMs);
  if (audited) yield* execute(AUDIT_SQL.insert, auditParams({ ...h, atMs: nowMs, version, action: 'disable', detail: '', who }));
  return { status: 'drained', version };
}

export function* enableProgram(d: LeaseDialect, h: HostKey, who: string, audited: boolean): Program<DrainEdit> {
  const current = yield* lockVersion(d);
  if ((yield* execute(DRAIN_SQL.remove, hostParams(h))) === 0) return { status: 'notDrained', version: current };
  const nowMs = yield* readNow(d);
  const version = yield* recordChanges(current, [keyOf(h)], nowMs);
  if (audited) yield* execute(AUDIT_SQL.insert, auditParams({ ...h, atMs: nowMs, version, action: 'enable', detail: '', who }));
  return { status: 'enabled', version };
}
