/**
 * Zone-aware picking for one key (issue 21): the same code in the agent and
 * in the embedded client, so both answer the same. The caller's zone is
 * `[agent] zone` (or the embedded client's `zone` option); a host's zone
 * comes with its route (HostInfo.zone = 4). Hosts without a zone count as
 * every caller's zone.
 *
 * Rules, and where they come from:
 *  - Stay local while the local zone is healthy. "Healthy" is the share of
 *    the local zone's weight that is idle (every weight 1: its share of idle
 *    hosts). At or above zone_spill_threshold every pick stays local.
 *  - Below it, spill in proportion to the deficit: the local zone takes
 *    health / threshold of the picks and the rest go to the other zones.
 *    This is Envoy's priority-level and locality load rule (a locality takes
 *    min(1, health x overprovisioning factor 1.4) of the traffic, the rest
 *    spills to the next), with the threshold standing for 1/1.4; the
 *    default 0.7 is about Envoy's 71 %. Envoy's zone-aware routing also
 *    weighs the share of callers in each zone; a Lars agent does not know
 *    where the other callers are, so that part is not taken.
 *  - A zone with nothing idle takes nothing (gRPC's priority failover: a
 *    priority without a ready endpoint gives all its traffic to the next).
 *    The spill goes over the other zones' idle hosts by weight, so each
 *    zone gets its idle weight's share of it (gRPC's weighted_target over
 *    localities, Envoy's residual capacity split in spirit).
 *  - Too few hosts to split (fewer than zone_min_hosts over the whole key):
 *    no zone preference at all (Envoy's min_cluster_size, default 6 there
 *    and here).
 *  - Panic is decided over the whole key before any of this (Envoy does no
 *    zone routing in panic mode): LoadBalance.choose() checks
 *    panic_threshold against all hosts of all zones and, in panic, picks
 *    over every host. Probes of overloaded hosts are not zone-aware either.
 *  - The split is deterministic, not a random draw: a spill credit grows by
 *    the spill share on each pick and a pick spills when it reaches 1, so
 *    over any run of picks the count that spilled is within 1 of the share
 *    and never comes in bursts; the fake clock gives the same answers in
 *    every run and on both paths. Not taken: Envoy's routing_enabled
 *    percentage and gRPC's failover timer (Lars's health comes from call
 *    reports, not from connection states).
 */
import type { HostInfo } from './hostInfo.js';
import type { HostList } from './hostList.js';
import type { LbThresholds } from './lbConfig.js';
import { SubsetPicker } from './subsetPicker.js';

/**
 * Share of picks that stay in the caller's zone: 1 while its idle weight is
 * at least `threshold` of its weight, else idle / (weight x threshold); 1
 * when no other zone has an idle host, 0 when the local zone has none.
 */
export function localShare(localIdleWeight: number, localWeight: number, otherZonesIdle: boolean, threshold: number): number {
  if (!otherZonesIdle) return 1;
  if (localIdleWeight === 0) return 0;
  const health = localIdleWeight / localWeight;
  return health >= threshold ? 1 : health / threshold;
}

export class ZonePicker {
  private isActive = false;
  /** Thresholds the split was derived with: a reload derives it again. */
  private derivedWith: LbThresholds | null = null;
  private readonly local = new SubsetPicker();
  private readonly others = new SubsetPicker();
  private spillShare = 0;
  /** Grows by spillShare per pick; a pick spills when it reaches 1. */
  private spillCredit = 0;

  /** False: the key is balanced as if nobody had a zone. */
  get active(): boolean {
    return this.isActive;
  }

  /** Whether `t` is not what the split was derived with. */
  staleFor(t: LbThresholds): boolean {
    return this.derivedWith !== t;
  }

  /**
   * Re-derive the split after the idle list's membership, a weight, a zone
   * or a ramp changed (or the thresholds were reloaded). `hosts` is every
   * host of the key, idle or not.
   */
  reweigh(callerZone: string | undefined, hosts: ReadonlyMap<number, HostInfo>, idle: HostList, now: number, t: LbThresholds): void {
    this.derivedWith = t;
    this.spillCredit = 0;
    this.isActive = false;
    if (callerZone === undefined || hosts.size < t.zoneMinHosts) return;
    let localWeight = 0;
    let otherZones = false;
    for (const h of hosts.values()) {
      if (h.zone === undefined || h.zone === callerZone) localWeight += h.weight;
      else otherZones = true;
    }
    if (!otherZones) return;
    const local: HostInfo[] = [];
    const others: HostInfo[] = [];
    let localIdleWeight = 0;
    idle.forEach((h) => {
      if (h.zone === undefined || h.zone === callerZone) {
        local.push(h);
        localIdleWeight += h.weight;
      } else {
        others.push(h);
      }
    });
    this.isActive = true;
    this.local.reset(local, now, t.slowStartMs);
    this.others.reset(others, now, t.slowStartMs);
    this.spillShare = 1 - localShare(localIdleWeight, localWeight, others.length > 0, t.zoneSpillThreshold);
  }

  /** The next idle host, counting it when it is out of the caller's zone; null when none is idle. */
  pick(now: number, slowStartMs: number, counters: { zoneSpillPicks: number }): HostInfo | null {
    if (this.spillShare > 0) {
      this.spillCredit += this.spillShare;
      // The epsilon keeps a share like 0.1 from losing a spill to rounding after ten picks.
      if (this.spillCredit >= 1 - 1e-9) {
        this.spillCredit -= 1;
        counters.zoneSpillPicks++;
        return this.others.pick(now, slowStartMs);
      }
    }
    return this.local.pick(now, slowStartMs);
  }
}
