/**
 * An actor's timers (the original's loop timers and ready-task queue):
 * `after(ms)` once, `every(ms)` repeatedly, on an injectable Clock. Each
 * callback runs through `run` (the actor's inbox) so it never interleaves
 * with a message handler. `every` keeps its phase: the next run is due one
 * period after the previous due time, not after the callback finished.
 */
import type { Clock } from '../mailbox/clock.js';

export interface TimerHandle {
  cancel(): void;
}

export type TimerCallback = () => void | Promise<void>;

export class Timers {
  private readonly live = new Set<{ handle: unknown }>();

  constructor(
    private readonly clock: Clock,
    private readonly run: (fn: TimerCallback) => void,
  ) {}

  get active(): number {
    return this.live.size;
  }

  after(ms: number, fn: TimerCallback): TimerHandle {
    const entry: { handle: unknown } = { handle: undefined };
    entry.handle = this.clock.setTimeout(() => {
      if (!this.live.delete(entry)) return;
      this.run(fn);
    }, ms);
    this.live.add(entry);
    return { cancel: () => this.cancel(entry) };
  }

  every(ms: number, fn: TimerCallback): TimerHandle {
    if (!(ms > 0)) throw new RangeError(`every(${ms}): period must be > 0 ms`);
    const entry: { handle: unknown } = { handle: undefined };
    let due = this.clock.now() + ms;
    const arm = (): void => {
      entry.handle = this.clock.setTimeout(fire, Math.max(0, due - this.clock.now()));
    };
    const fire = (): void => {
      if (!this.live.has(entry)) return;
      due += ms;
      // Fell far behind (machine stalled): skip missed beats instead of firing a burst.
      if (due <= this.clock.now()) due = this.clock.now() + ms;
      arm();
      this.run(fn);
    };
    arm();
    this.live.add(entry);
    return { cancel: () => this.cancel(entry) };
  }

  cancelAll(): void {
    for (const entry of this.live) this.clock.clearTimeout(entry.handle);
    this.live.clear();
  }

  private cancel(entry: { handle: unknown }): void {
    if (!this.live.delete(entry)) return;
    this.clock.clearTimeout(entry.handle);
  }
}
