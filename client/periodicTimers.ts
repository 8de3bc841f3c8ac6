/**
 * Repeating jobs on an injectable clock (tests drive them with a manual
 * one), each re-armed after it runs rather than on a fixed grid, so a slow
 * run never stacks up calls. With the real clock the timers are unref'd:
 * they alone do not keep the application alive.
 */
import type { Clock } from '../runtime/mailbox/clock.js';

export class PeriodicTimers {
  private readonly handles: unknown[] = [];
  private stopped = false;

  constructor(private readonly clock: Clock) {}

  /** Runs `fn` every `ms` until stopAll(). */
  every(ms: number, fn: () => void): void {
    const slot = this.handles.length;
    const tick = (): void => {
      if (this.stopped) return;
      this.handles[slot] = this.clock.setTimeout(tick, ms);
      fn();
    };
    this.handles.push(this.clock.setTimeout(tick, ms));
  }

  stopAll(): void {
    this.stopped = true;
    for (const t of this.handles) this.clock.clearTimeout(t);
    this.handles.length = 0;
  }
}
