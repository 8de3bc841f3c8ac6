/**
 * Registered instances in the store (docs/registration.md): each one a lease
 * in RouteLease with an owner and a deadline on the database's clock, and an
 * operator's drains in RouteDrain. What DNS replicas and `lars route` need.
 *
 * Registering, deregistering, a check changing state, expiry, drain and
 * enable are route edits: one transaction that changes RouteData /
 * RouteLease / RouteDrain, appends a RouteChange row per key whose served
 * hosts changed and bumps RouteVersion once (not at all when no served host
 * changed). A renewal only moves deadlines: it never bumps RouteVersion.
 *
 * `owns_row`: a registration that created its RouteData row owns it, and
 * only owned rows are deleted by deregistration, expiry or a failing check.
 * A host that was in RouteData before it registered stays static: never
 * expired, never duplicated.
 *
 * Every method rejects with a StoreError; STORE_NO_SCHEMA when `lars db init`
 * has not created the tables yet.
 */
import type { RouteKey } from './routeTypes.js';

/** One host of a key, store form (ip: unsigned 32-bit host order). */
export interface HostKey extends RouteKey {
  ip: number;
  port: number;
}

/** A registration as a DNS replica writes it (validated by the caller's protocol, checked again here). */
export interface LeaseInstance extends HostKey {
  /** 1…1000 (the wire's 0 is 1). */
  weight: number;
  ttlMs: number;
  /** The owner's check passes (true without a check); a failing instance keeps its lease but is not served. */
  passing: boolean;
  /** The check's last error while failing, its url while passing; '' without a check. Cut to MAX_CHECK_DETAIL. */
  detail: string;
}

export type LeaseOp =
  | { type: 'register'; owner: string; instance: LeaseInstance }
  | { type: 'deregister'; owner: string; host: HostKey };

/**
 * What an op did. `registered`: a new lease. `updated`: the lease existed and
 * something besides its deadline changed (owner, weight, ttl, check).
 * `renewed`: the same registration again, only the deadline moved.
 * `deregistered`: lease gone (and its owned row). `notHeld`: a deregister of
 * a lease that does not exist or that another owner holds now (nothing done).
 * `refused`: the key's route would pass the wire limit (`reason` says so).
 */
export type LeaseOutcome = 'registered' | 'updated' | 'renewed' | 'deregistered' | 'notHeld' | 'refused';

export interface LeaseOpResult {
  outcome: LeaseOutcome;
  reason?: string;
}

export interface LeaseEdit {
  /** One per op, in order. */
  results: LeaseOpResult[];
  /** Keys whose served hosts changed (each got a RouteChange row). */
  changedKeys: RouteKey[];
  /** RouteVersion after the edit (bumped once when changedKeys is not empty). */
  version: number;
}

export interface LeaseRenewal {
  owner: string;
  host: HostKey;
  /**
   * How long ago the owner's heartbeat was heard (it waited in a batch): the
   * deadline counts from then, so a lease never outlives its last heartbeat
   * by more than its ttl. A statement of many renewals uses the oldest.
   */
  heardAgoMs?: number;
}

export interface RenewResult {
  /** Leases whose deadline moved. */
  renewed: number;
  /** Indexes (into the asked renewals) of leases that no longer exist: expired meanwhile, or deleted by an operator. */
  missing: number[];
  /** Indexes of leases another owner holds now (the instance moved): not renewed. */
  moved: number[];
}

/** When expiry pauses (Eureka's self-preservation): see decideExpiry. */
export interface ExpiryPolicy {
  /** Pause while more than this share of all leases is late (0…1; 1 never pauses). */
  protectShare: number;
}

export interface SweepResult {
  leases: number;
  /** Leases past their deadline. */
  lapsed: number;
  /** Leases that missed renewals (less than a third of their ttl left, lapsed ones included). */
  late: number;
  /** Distinct owners of late leases. */
  lateOwners: number;
  /** Expiry held back this sweep (renewals collapsed). */
  paused: boolean;
  /** Leases this sweep removed (0 when another replica's sweep got them first). */
  expired: number;
  /** RouteVersion after the sweep's edit; undefined when it wrote nothing. */
  version: number | undefined;
  /** Time from the sweep to the soonest deadline of a lease it left unlapsed (undefined: none): when the next sweep is due. */
  nextDeadlineInMs?: number;
}

/** `drained`: now out of service; `already`: it was; `missing`: no such host (static or registered). */
export interface DrainEdit {
  status: 'drained' | 'already' | 'missing' | 'enabled' | 'notDrained';
  version: number;
}

/** One host as `lars route list` and the console show it. */
export interface HostState extends HostKey {
  /** The weight it is served with (RouteData), or the registration's while it has no row. */
  weight: number;
  /** A RouteData row an operator added (or a registration found there): never expired. */
  static: boolean;
  lease?: {
    owner: string;
    replica: string;
    ttlMs: number;
    /** Time left on the database's clock; negative once lapsed (until a sweep removes it). */
    remainingMs: number;
    registeredAtMs: number;
    passing: boolean;
    detail: string;
  };
  drained?: { atMs: number; who: string };
  /** What DNS serves: a RouteData row, not drained, not failing its check. */
  served: boolean;
}

export interface LeaseFilter {
  modid?: number;
  cmdid?: number;
}

export interface LeaseStore {
  /**
   * Registrations and deregistrations, in order, as one route edit. Every
   * registered lease's deadline becomes now + its ttl on the database's clock.
   */
  applyLeases(replica: string, ops: readonly LeaseOp[]): Promise<LeaseEdit>;
  /** Moves the deadlines of leases the owner still holds, in as few statements as the batch allows (no edit, no version bump). */
  renewLeases(renewals: readonly LeaseRenewal[]): Promise<RenewResult>;
  /**
   * Removes lapsed leases (and the rows they own) as one route edit, unless
   * the policy pauses expiry. Safe on every replica at once: whoever sweeps
   * first removes them, the others find nothing.
   */
  expireLapsed(policy: ExpiryPolicy): Promise<SweepResult>;
  /** Takes a host out of service until enableHost, across re-registrations. */
  drainHost(host: HostKey, who: string): Promise<DrainEdit>;
  /** Back in service; `who` goes into the audit trail as drainHost's does. */
  enableHost(host: HostKey, who?: string): Promise<DrainEdit>;
  /** Every host in RouteData, RouteLease or RouteDrain, sorted by (modid, cmdid, ip, port). */
  listHostStates(filter?: LeaseFilter): Promise<HostState[]>;
}

export const MAX_OWNER_LENGTH = 255;
export const MAX_CHECK_DETAIL = 500;
export const MIN_TTL_MS = 1_000;
export const MAX_TTL_MS = 600_000;
export const DEFAULT_TTL_MS = 10_000;
