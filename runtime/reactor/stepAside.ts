/**
 * When a replica should stop serving: its backend (the store) has failed for
 * `afterMs` without a success in between. A replica that cannot read the
 * routes or write the reports closes its agent connections and its port, so
 * the agents move along their address lists to a replica that can; the
 * first success brings it back. `afterMs` 0 never steps aside.
 *
 * Free of timers: the owner reports outcomes, calls check() when it polls,
 * and asks dueInMs() how long until a check could change anything. A call
 * still unanswered counts as failing from when it started (`since`), so a
 * stuck call does not hold the decision back.
 */
export interface StepAsideOptions {
  afterMs: number;
  /** Monotonic ms. */
  now: () => number;
  /** Told on each change; `reason` says why, for a log line and /healthz. */
  onChange: (aside: boolean, reason: string) => void;
}

export class StepAside {
  /** Times this replica stepped aside (a metric). */
  count = 0;
  private failingSince: number | undefined;
  private lastError = '';
  private aside = false;

  constructor(private readonly opts: StepAsideOptions) {}

  get steppedAside(): boolean {
    return this.aside;
  }

  /** While aside: why, in one line. */
  get reason(): string | undefined {
    if (!this.aside || this.failingSince === undefined) return undefined;
    return `stepped aside: no working store for ${Math.round((this.opts.now() - this.failingSince) / 1000)} s (${this.lastError})`;
  }

  set afterMs(ms: number) {
    this.opts.afterMs = ms;
  }

  /** `since`: when the failing call started (default now). */
  failed(error: string, since = this.opts.now()): void {
    this.failingSince = Math.min(this.failingSince ?? since, since);
    this.lastError = error;
    this.check();
  }

  succeeded(): void {
    const since = this.failingSince;
    this.failingSince = undefined;
    if (!this.aside) return;
    this.aside = false;
    this.opts.onChange(false, `store works again after ${since === undefined ? '?' : Math.round((this.opts.now() - since) / 1000)} s: serving again`);
  }

  check(): void {
    if (this.aside || this.failingSince === undefined || this.opts.afterMs <= 0) return;
    if (this.opts.now() - this.failingSince < this.opts.afterMs) return;
    this.aside = true;
    this.count++;
    this.opts.onChange(true, `${this.reason ?? 'stepped aside'}: closing agent connections until it answers`);
  }

  /** Ms until check() would step aside; undefined when nothing is pending. */
  dueInMs(): number | undefined {
    if (this.aside || this.failingSince === undefined || this.opts.afterMs <= 0) return undefined;
    return Math.max(0, this.failingSince + this.opts.afterMs - this.opts.now());
  }
}
