/**
 * At most `lines` log lines per `periodMs` from one source; what goes past
 * is counted and said in one line when the next period opens. For events
 * that are rare one by one but can come in storms (a whole fleet ejected
 * at once on every key), where the first lines say what happened and the
 * rest would only bury everything else in the log.
 */
export class LineBudget {
  private periodStart = -Infinity;
  private used = 0;
  private suppressed = 0;

  constructor(
    private readonly lines: number,
    private readonly periodMs: number,
    private readonly now: () => number,
  ) {}

  /**
   * Whether this line may be written; `say` gets the summary of the lines a
   * past period held back, before the first line of a new period.
   */
  take(say: (summary: string) => void): boolean {
    const now = this.now();
    if (now - this.periodStart >= this.periodMs) {
      if (this.suppressed > 0) say(`${this.suppressed} more like it not logged in the last ${Math.round((now - this.periodStart) / 1000)} s`);
      this.periodStart = now;
      this.used = 0;
      this.suppressed = 0;
    }
    if (this.used < this.lines) {
      this.used++;
      return true;
    }
    this.suppressed++;
    return false;
  }
}
