/**
 * A warning that may fire thousands of times a second (every GetRoute of a
 * flood past a bound) logged at most once per interval per kind: the first
 * hit logs at once, later ones are counted and the next line, an interval
 * on, says how many there were. The exact totals are the /metrics counters.
 */
import type { LineLog } from '../../runtime/log/logLine.js';

export const WARNING_INTERVAL_MS = 60_000;

export class IntervalWarning<K extends string> {
  private readonly last = new Map<K, { at: number; since: number }>();

  constructor(
    private readonly log: LineLog | undefined,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = WARNING_INTERVAL_MS,
  ) {}

  /** `line(n)`: the message, given the hits since the last line (this one included). */
  hit(kind: K, line: (hits: number) => string): void {
    if (this.log === undefined) return;
    const at = this.now();
    const seen = this.last.get(kind);
    if (seen !== undefined && at - seen.at < this.intervalMs) {
      seen.since++;
      return;
    }
    const hits = (seen?.since ?? 0) + 1;
    this.last.set(kind, { at, since: 0 });
    this.log(line(hits), 'warn');
  }
}
