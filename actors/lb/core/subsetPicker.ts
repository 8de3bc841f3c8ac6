/**
 * Picks in turn among a fixed array of idle hosts: rotation while they weigh
 * the same, smooth weighted round-robin (swrr.ts) while their effective
 * weights differ (configured weights or a slow-start ramp). The array is
 * replaced whole by `reset` whenever membership, a weight or a ramp changes,
 * and credits restart from zero, so the order after a change depends only on
 * the new state. WeightedPicker runs the idle list through one; ZonePicker
 * runs the caller's zone and the other zones through one each.
 */
import type { HostInfo } from './hostInfo.js';
import type { HostList } from './hostList.js';
import { swrrSchedule, swrrStep } from './swrr.js';

export class SubsetPicker {
  private hosts: HostInfo[] = [];
  private pos = 0;
  /** The hosts differ in effective weight: SWRR, not rotation. */
  private isWeighted = false;
  /** Until when some host ramps (slow start); weighing is re-derived then. */
  private rampEndTs = -Infinity;
  /** The SWRR cycle of fixed weights, picked from in turn; null while ramping or when too long. */
  private schedule: HostInfo[] | null = null;

  get weighted(): boolean {
    return this.isWeighted;
  }

  get size(): number {
    return this.hosts.length;
  }

  reset(hosts: HostInfo[], now: number, slowStartMs: number): void {
    this.weigh((fn) => hosts.forEach(fn), now, slowStartMs);
    this.use(hosts);
  }

  /**
   * The same for an idle list that is rotated in place while its hosts weigh
   * the same (WeightedPicker): only a weighted list is copied into an array.
   */
  resetFromList(idle: HostList, now: number, slowStartMs: number): void {
    this.weigh((fn) => idle.forEach(fn), now, slowStartMs);
    this.use(this.isWeighted ? idle.toArray() : []);
  }

  private weigh(each: (fn: (h: HostInfo) => void) => void, now: number, slowStartMs: number): void {
    let weighted = false;
    let rampEnd = -Infinity;
    let firstWeight = -1;
    each((h) => {
      h.current = 0;
      if (firstWeight === -1) firstWeight = h.weight;
      else if (h.weight !== firstWeight) weighted = true;
      const end = h.slowStartTs + slowStartMs;
      if (end > now) {
        weighted = true;
        if (end > rampEnd) rampEnd = end;
      }
    });
    this.isWeighted = weighted;
    this.rampEndTs = rampEnd;
  }

  private use(hosts: HostInfo[]): void {
    this.hosts = hosts;
    this.pos = 0;
    this.schedule = this.isWeighted && this.rampEndTs === -Infinity ? swrrSchedule(hosts) : null;
  }

  /** A ramp ended by `now`: weigh again (the hosts may all weigh the same now). */
  settle(now: number, slowStartMs: number): void {
    if (this.rampEndTs !== -Infinity && now >= this.rampEndTs) this.reset(this.hosts, now, slowStartMs);
  }

  /** The next host; null when the array is empty. */
  pick(now: number, slowStartMs: number): HostInfo | null {
    this.settle(now, slowStartMs);
    const hosts = this.hosts;
    if (hosts.length === 0) return null;
    if (!this.isWeighted) return this.nextOf(hosts);
    const schedule = this.schedule;
    if (schedule !== null) return this.nextOf(schedule);
    return swrrStep(hosts, now, slowStartMs);
  }

  private nextOf(cycle: HostInfo[]): HostInfo {
    if (this.pos >= cycle.length) this.pos = 0;
    return cycle[this.pos++] as HostInfo;
  }
}
