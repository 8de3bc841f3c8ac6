/**
 * A clock read at most once per event-loop turn. Reading the real clock costs
 * more on this VM than a whole LB decision, and every datagram of one turn
 * may share the same instant: millisecond thresholds cannot tell them apart.
 */
import type { Clock } from '../../../runtime/mailbox/clock.js';

export class TurnClock {
  private cached = 0;
  private fresh = false;
  private readonly expire = (): void => {
    this.fresh = false;
  };

  constructor(private readonly clock: Clock) {}

  /** The instant of this turn; the first call of a turn reads the clock. */
  readonly now = (): number => {
    if (!this.fresh) {
      this.cached = this.clock.now();
      this.fresh = true;
      // Check phase runs right after the poll phase that delivered the
      // datagrams, so the next batch reads the clock again.
      setImmediate(this.expire);
    }
    return this.cached;
  };

  /** Read the clock now (timer callbacks and control calls, which may come mid-turn after time moved). */
  refresh(): number {
    this.cached = this.clock.now();
    return this.cached;
  }
}
