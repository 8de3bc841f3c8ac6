/**
 * One key's overloaded hosts and when the first of them is due back. A host
 * stays out for its ejection time (overload_timeout, growing with ejections
 * in a row, hostInfo.ts) even if nobody reports on it again; keeping the
 * earliest deadline means choose() scans the list only once one has passed.
 */
import type { HostInfo } from './hostInfo.js';
import { HostList } from './hostList.js';
import type { LbThresholds } from './lbConfig.js';

export class OverloadList {
  private readonly list = new HostList();
  /** Earliest forced return over the list; Infinity while it is empty. */
  private earliestReturnTs = Infinity;
  /** Thresholds `earliestReturnTs` was computed with: a reload recomputes it. */
  private returnsFor: LbThresholds | null = null;

  get size(): number {
    return this.list.size;
  }

  /** `h` was just ejected (its overloadTs and ejections are set). */
  add(h: HostInfo, t: LbThresholds): void {
    this.list.pushBack(h);
    const back = returnTs(h, t);
    if (back < this.earliestReturnTs) this.earliestReturnTs = back;
  }

  /**
   * The caller guarantees `h` is on this list. The deadline stays as it was
   * unless the list is now empty: one that is too early only costs a scan,
   * which recomputes it.
   */
  remove(h: HostInfo): void {
    this.list.remove(h);
    if (this.list.size === 0) this.earliestReturnTs = Infinity;
  }

  /** Take the front host (the next to probe) and move it to the back. */
  rotate(): HostInfo | null {
    return this.list.rotate();
  }

  forEach(fn: (h: HostInfo) => void): void {
    this.list.forEach(fn);
  }

  toArray(): HostInfo[] {
    return this.list.toArray();
  }

  /**
   * Hands `toIdle` every host whose ejection ended by `now`, front to back;
   * `toIdle` must remove it from this list. Without this, a key whose callers
   * stopped reporting would keep its overloaded hosts out forever.
   */
  expire(now: number, t: LbThresholds, toIdle: (h: HostInfo, now: number) => void): void {
    if (t !== this.returnsFor) this.recompute(t);
    if (now < this.earliestReturnTs) return;
    let earliest = Infinity;
    let h = this.list.front;
    for (let n = this.list.size; n > 0; n--) {
      const cur = h as HostInfo;
      h = cur.next;
      const back = returnTs(cur, t);
      if (now >= back) toIdle(cur, now);
      else if (back < earliest) earliest = back;
    }
    this.earliestReturnTs = earliest;
  }

  /** Thresholds were reloaded: forced returns follow the new timeouts from now on. */
  private recompute(t: LbThresholds): void {
    this.returnsFor = t;
    let earliest = Infinity;
    this.list.forEach((h) => {
      const back = returnTs(h, t);
      if (back < earliest) earliest = back;
    });
    this.earliestReturnTs = earliest;
  }
}

function returnTs(h: HostInfo, t: LbThresholds): number {
  return h.overloadTs + h.ejectionMs(t.overloadTimeoutMs, t.maxOverloadTimeoutMs);
}
