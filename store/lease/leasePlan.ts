/**
 * What a batch of registrations and deregistrations does to the hosts it
 * touches, decided from the rows read under the edit's lock, without I/O:
 * each op moves a host's state (its lease, its RouteData row) in order, and
 * the writes are the difference between the first and the last state.
 */
import type { RouteKey } from '../routeTypes.js';
import type { HostKey, LeaseOp, LeaseOpResult } from '../leaseStore.js';
import { hostId, keyOf, type LeaseRow } from './leaseSql.js';
import type { KeyRoom } from './keyRoom.js';

export interface HostState {
  lease: LeaseRow | undefined;
  /** RouteData row: its weight, or undefined when the host has no row. */
  rowWeight: number | undefined;
}

export interface LeasePlan {
  results: LeaseOpResult[];
  /** Every host an op touched, with its state before and after. */
  hosts: Map<string, { host: HostKey; before: HostState; after: HostState }>;
  changedKeys: RouteKey[];
}

/** What DNS serves of a host, apart from drains (ops never change those): its weight, or undefined. */
function servedWeight(s: HostState): number | undefined {
  if (s.rowWeight === undefined) return undefined;
  if (s.lease !== undefined && !s.lease.passing) return undefined;
  return s.rowWeight;
}

function sameLease(a: LeaseRow, b: LeaseRow): boolean {
  return a.owner === b.owner && a.weight === b.weight && a.ttlMs === b.ttlMs && a.passing === b.passing && a.detail === b.detail && a.ownsRow === b.ownsRow;
}

export function planLeaseOps(
  ops: readonly LeaseOp[],
  read: { leases: ReadonlyMap<string, LeaseRow>; rows: ReadonlyMap<string, number> },
  room: KeyRoom,
  ctx: { nowMs: number; replica: string },
): LeasePlan {
  const hosts = new Map<string, { host: HostKey; before: HostState; after: HostState }>();
  const stateOf = (h: HostKey): { host: HostKey; before: HostState; after: HostState } => {
    const id = hostId(h);
    let entry = hosts.get(id);
    if (!entry) {
      const before = { lease: read.leases.get(id), rowWeight: read.rows.get(id) };
      entry = { host: { modid: h.modid, cmdid: h.cmdid, ip: h.ip, port: h.port }, before, after: { ...before } };
      hosts.set(id, entry);
    }
    return entry;
  };

  const results = ops.map((op): LeaseOpResult => {
    if (op.type === 'deregister') {
      const entry = stateOf(op.host);
      const { lease, rowWeight } = entry.after;
      if (lease === undefined || lease.owner !== op.owner) return { outcome: 'notHeld' };
      if (lease.ownsRow && rowWeight !== undefined) room.remove(op.host);
      entry.after = { lease: undefined, rowWeight: lease.ownsRow ? undefined : rowWeight };
      return { outcome: 'deregistered' };
    }
    const i = op.instance;
    const entry = stateOf(i);
    const { lease: old, rowWeight } = entry.after;
    // A row that was there before any registration of it is the operator's.
    const isStatic = rowWeight !== undefined && (old === undefined || !old.ownsRow);
    const lease: LeaseRow = {
      ...entry.host,
      owner: op.owner,
      replica: ctx.replica,
      weight: i.weight,
      ttlMs: i.ttlMs,
      leaseUntilMs: ctx.nowMs + i.ttlMs,
      registeredAtMs: old?.registeredAtMs ?? ctx.nowMs,
      passing: i.passing,
      detail: i.detail,
      ownsRow: !isStatic,
    };
    let nextRow = rowWeight;
    if (!isStatic) {
      nextRow = i.passing ? i.weight : undefined;
      if (nextRow !== undefined && rowWeight === undefined) {
        const refused = room.add(entry.host, i.weight);
        if (refused !== undefined) return { outcome: 'refused', reason: refused };
      } else if (nextRow === undefined && rowWeight !== undefined) {
        room.remove(entry.host);
      }
    }
    entry.after = { lease, rowWeight: nextRow };
    if (old === undefined) return { outcome: 'registered' };
    return sameLease(old, lease) && nextRow === rowWeight ? { outcome: 'renewed' } : { outcome: 'updated' };
  });

  const changed = new Map<string, RouteKey>();
  for (const { host, before, after } of hosts.values()) {
    if (servedWeight(before) !== servedWeight(after)) changed.set(`${host.modid}/${host.cmdid}`, keyOf(host));
  }
  return { results, hosts, changedKeys: [...changed.values()] };
}
