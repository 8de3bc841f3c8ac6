/**
 * When expiry pauses (Eureka's self-preservation, Nacos's protect
 * threshold): a partition between agents and DNS, or a store that stopped
 * taking renewals, makes every lease lapse at once, and expiring them would
 * empty the route table exactly when nobody can register again. So a sweep
 * that finds more than `protectShare` of all leases late expires nothing.
 *
 * Late, not lapsed: a partition's leases lapse over a renewal interval, and
 * the first of them would be expired before the share of lapsed ones ever
 * passed the bound. A lease is late once it missed renewals (a third of its
 * ttl or less left), which the whole table reaches before its first lapse.
 *
 * One owner's leases are never a collapse: an agent (a host) or a client
 * that died is the thing expiry is for, however many instances it held, so
 * pausing needs late leases of at least two owners.
 */
import type { ExpiryPolicy } from '../leaseStore.js';

export interface SweepCounts {
  leases: number;
  lapsed: number;
  late: number;
  lateOwners: number;
  /** The soonest deadline not yet lapsed, from now; absent when no lease is left unlapsed. */
  nextDeadlineInMs?: number;
}

/** True: renewals collapsed, expire nothing this sweep. */
export function decideExpiry(c: SweepCounts, policy: ExpiryPolicy): boolean {
  return c.lateOwners >= 2 && c.late > policy.protectShare * c.leases;
}
