/**
 * The lease statements outside an edit: batched renewals (one UPDATE per
 * HOSTS_PER_STATEMENT renewals, nothing else unless some lease is gone),
 * the sweep's one-pass count, the served-host filter and the listing.
 */
import type { HostState, LeaseFilter, LeaseRenewal, RenewResult } from '../leaseStore.js';
import { chunk } from '../statusBatch.js';
import { keyFilterWhere } from '../keyFilterSql.js';
import { execute, query, type Program } from './storeProgram.js';
import { HOSTS_PER_SELECT, HOSTS_PER_STATEMENT, WITHHELD_SQL, hostFromDb, hostId, hostParams, leaseFromDb, LEASE_COLUMNS, ownersSql, renewSql, sweepCountsSql, type LeaseDialect } from './leaseSql.js';
import type { SweepCounts } from './expiryDecision.js';

export function* renewProgram(d: LeaseDialect, renewals: readonly LeaseRenewal[]): Program<RenewResult> {
  const result: RenewResult = { renewed: 0, missing: [], moved: [] };
  const indexed = renewals.map((r, i) => ({ r, i }));
  for (const part of chunk(indexed, HOSTS_PER_STATEMENT)) {
    const now = d.now();
    const heardAgo = part.reduce((m, { r }) => Math.max(m, Math.round(r.heardAgoMs ?? 0)), 0);
    const matched = yield* execute(renewSql(part.length, now.sql), [...now.params, heardAgo, ...part.flatMap(({ r }) => [...hostParams(r.host), r.owner])]);
    result.renewed += matched;
    if (matched >= part.length) continue;
    // Some lease is gone or held by another owner now: find out which (rare, so never on the steady path).
    const owners = new Map<string, string>();
    for (const few of chunk(part, HOSTS_PER_SELECT)) {
      for (const row of yield* query(ownersSql(few.length), few.flatMap(({ r }) => hostParams(r.host)))) owners.set(hostId(hostFromDb(row)), String(row['owner']));
    }
    for (const { r, i } of part) {
      const owner = owners.get(hostId(r.host));
      if (owner === undefined) result.missing.push(i);
      else if (owner !== r.owner) result.moved.push(i);
    }
  }
  return result;
}

/** The sweep's decision, one statement over RouteLease. */
export function* sweepCountsProgram(d: LeaseDialect): Program<SweepCounts> {
  const now = d.now();
  const row = (yield* query(sweepCountsSql(now.sql), now.params))[0] ?? {};
  const next = row['next_ms'];
  return {
    leases: Number(row['leases'] ?? 0),
    lapsed: Number(row['lapsed'] ?? 0),
    late: Number(row['late'] ?? 0),
    lateOwners: Number(row['late_owners'] ?? 0),
    ...(next === null || next === undefined ? {} : { nextDeadlineInMs: Number(next) }),
  };
}

/** Hosts with a RouteData row that DNS must not serve (drained, or static and failing its check), by hostId. */
export function* withheldProgram(): Program<Set<string>> {
  return new Set((yield* query(WITHHELD_SQL)).map((r) => hostId(hostFromDb(r))));
}

export function* listHostStatesProgram(d: LeaseDialect, filter?: LeaseFilter): Program<HostState[]> {
  const { clause, params } = keyFilterWhere(filter);
  const now = d.now();
  const rows = yield* query(`SELECT modid, cmdid, serverip, serverport, weight FROM RouteData${clause}`, params);
  const leases = yield* query(`SELECT ${LEASE_COLUMNS}, lease_until_ms - c.now_ms AS remaining_ms FROM RouteLease CROSS JOIN (SELECT ${now.sql} AS now_ms) c${clause}`, [...now.params, ...params]);
  const drains = yield* query(`SELECT modid, cmdid, serverip, serverport, disabled_at_ms, who FROM RouteDrain${clause}`, params);
  const byHost = new Map<string, HostState>();
  const entry = (r: Record<string, unknown>, weight: number): HostState => {
    const h = hostFromDb(r);
    let s = byHost.get(hostId(h));
    if (!s) byHost.set(hostId(h), (s = { ...h, weight, static: false, served: false }));
    return s;
  };
  for (const r of rows) {
    const s = entry(r, Number(r['weight'] ?? 1));
    s.weight = Number(r['weight'] ?? 1);
    s.static = true;
    s.served = true;
  }
  for (const r of leases) {
    const l = leaseFromDb(r);
    const s = entry(r, l.weight);
    if (l.ownsRow) s.static = false;
    s.lease = { owner: l.owner, replica: l.replica, ttlMs: l.ttlMs, remainingMs: Number(r['remaining_ms']), registeredAtMs: l.registeredAtMs, passing: l.passing, detail: l.detail };
    if (!l.passing) s.served = false;
  }
  for (const r of drains) {
    const s = entry(r, 1);
    s.drained = { atMs: Number(r['disabled_at_ms']), who: String(r['who']) };
    s.served = false;
  }
  return [...byHost.values()].sort((a, b) => a.modid - b.modid || a.cmdid - b.cmdid || a.ip - b.ip || a.port - b.port);
}
