/**
 * A Scheduler for tests: records every requested timer and fires them only
 * when the test says so, so backoff and timeouts are checked without waiting.
 */
import type { Scheduler } from '../../runtime/reactor/backoff.js';

interface Pending {
  fn: () => void;
  ms: number;
  cleared: boolean;
}

export class FakeScheduler implements Scheduler {
  readonly requested: number[] = [];
  private readonly pending: Pending[] = [];
  private waiters: Array<() => void> = [];

  setTimeout(fn: () => void, ms: number): unknown {
    const p = { fn, ms, cleared: false };
    this.pending.push(p);
    this.requested.push(ms);
    for (const w of this.waiters.splice(0)) w();
    return p;
  }

  clearTimeout(handle: unknown): void {
    (handle as Pending).cleared = true;
  }

  /** Live timers with this delay (e.g. the connect timeout). */
  live(ms?: number): number {
    return this.pending.filter((p) => !p.cleared && (ms === undefined || p.ms === ms)).length;
  }

  /** Fire every live timer whose delay is not `exceptMs`; returns how many ran. */
  fire(filter: (ms: number) => boolean = () => true): number {
    let n = 0;
    for (const p of this.pending.splice(0)) {
      if (p.cleared) continue;
      if (filter(p.ms)) {
        p.cleared = true;
        n++;
        p.fn();
      } else {
        this.pending.push(p);
      }
    }
    return n;
  }

  /** Resolves once `count` timers have been requested in total. */
  async waitForRequests(count: number): Promise<void> {
    while (this.requested.length < count) await new Promise<void>((r) => this.waiters.push(r));
  }
}
