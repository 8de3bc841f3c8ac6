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
import { SubsetPicker } from './subsetPicker.js';
import { swrrStep } from './swrr.js';

export class WeightedPicker {
  /** The idle hosts, front to back, as of the last change (subsetPicker.ts). */
  private readonly idleHosts = new SubsetPicker();
  /** Every host, for panic picks; rebuilt on the first panic pick after a change. */
  private panicHosts: HostInfo[] | null = null;

  /** False: rotate the idle list instead of calling pick(). */
  get weighted(): boolean {
    return this.idleHosts.weighted;
  }

  /**
   * Re-derive how the idle list is balanced, after its membership, a weight
   * or a ramp changed. SWRR credits restart from zero so the order after a
   * change depends only on the new state.
   */
  reweigh(idle: HostList, now: number, slowStartMs: number): void {
    this.idleHosts.resetFromList(idle, now, slowStartMs);
    this.panicHosts = null;
  }

  /** Next idle host while weighted (swrr.ts): from the precomputed cycle, or stepped while ramping. */
  pick(idle: HostList, now: number, slowStartMs: number): HostInfo | null {
    this.idleHosts.settle(now, slowStartMs);
    return this.idleHosts.weighted ? this.idleHosts.pick(now, slowStartMs) : idle.rotate();
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
