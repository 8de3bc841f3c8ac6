/**
 * How one key picks among hosts by weight (LoadBalance owns the lists and
 * the health state; this owns the weighting): smooth weighted round-robin
 * over the idle hosts while their effective weights differ (configured
 * weights, or a slow-start ramp), and over every host in panic mode.
 * Equal weights need none of it: the caller rotates its idle list, which is
 * what SWRR gives for equal weights, at O(1) and in the original's order.
 */
import type { HostInfo } from './hostInfo.js';
import type { HostList } from './hostList.js';
import { swrrSchedule, swrrStep } from './swrr.js';

export class WeightedPicker {
  /** Idle hosts differ in effective weight: pick by SWRR, not by rotation. */
  private isWeighted = false;
  /** Until when some idle host ramps (slow start); `isWeighted` is re-derived then. */
  private rampEndTs = -Infinity;
  /** The idle hosts, front to back, while weighted (SWRR steps over them). */
  private weightedHosts: HostInfo[] = [];
  /** The SWRR cycle of fixed weights, picked from in turn; null while ramping or when too long. */
  private schedule: HostInfo[] | null = null;
  private schedulePos = 0;
  /** Every host, for panic picks; rebuilt on the first panic pick after a change. */
  private panicHosts: HostInfo[] | null = null;

  /** False: rotate the idle list instead of calling pick(). */
  get weighted(): boolean {
    return this.isWeighted;
  }

  /**
   * Re-derive how the idle list is balanced, after its membership, a weight
   * or a ramp changed. SWRR credits restart from zero so the order after a
   * change depends only on the new state.
   */
  reweigh(idle: HostList, now: number, slowStartMs: number): void {
    let weighted = false;
    let rampEnd = -Infinity;
    const first = idle.front;
    idle.forEach((h) => {
      h.current = 0;
      if (first !== null && h.weight !== first.weight) weighted = true;
      const end = h.slowStartTs + slowStartMs;
      if (end > now) {
        weighted = true;
        if (end > rampEnd) rampEnd = end;
      }
    });
    this.isWeighted = weighted;
    this.rampEndTs = rampEnd;
    this.weightedHosts = weighted ? idle.toArray() : [];
    this.schedule = weighted && rampEnd === -Infinity ? swrrSchedule(this.weightedHosts) : null;
    this.schedulePos = 0;
    this.panicHosts = null;
  }

  /** Next idle host while weighted (swrr.ts): from the precomputed cycle, or stepped while ramping. */
  pick(idle: HostList, now: number, slowStartMs: number): HostInfo | null {
    const schedule = this.schedule;
    if (schedule !== null) {
      const h = schedule[this.schedulePos] as HostInfo;
      this.schedulePos = this.schedulePos + 1 === schedule.length ? 0 : this.schedulePos + 1;
      return h;
    }
    if (this.rampEndTs !== -Infinity && now >= this.rampEndTs) {
      this.reweigh(idle, now, slowStartMs);
      if (!this.isWeighted) return idle.rotate();
      if (this.schedule !== null) return this.pick(idle, now, slowStartMs);
    }
    return swrrStep(this.weightedHosts, now, slowStartMs);
  }

  /** Too few idle hosts to trust the health state: spread over `hosts` (every host of the key) by weight. */
  pickPanic(hosts: Iterable<HostInfo>, now: number, slowStartMs: number): HostInfo | null {
    let all = this.panicHosts;
    if (all === null) {
      all = [...hosts];
      for (const h of all) h.current = 0;
      this.panicHosts = all;
    }
    return swrrStep(all, now, slowStartMs);
  }
}
