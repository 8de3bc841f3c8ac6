/**
 * A running health check: probes every interval and turns passing or failing
 * only after `fall` consecutive failures or `rise` consecutive successes
 * (Envoy's unhealthy/healthy thresholds). It starts failing ("not checked
 * yet") and the first probe decides at once, so a new instance is served as
 * soon as it answers once and never before. Timers run on an injectable
 * Scheduler and times on an injectable clock, so tests step through it.
 * Used by the agent and the embedded client: no actor, worker or mailbox code.
 */
import { realScheduler, type Scheduler } from '../../../runtime/reactor/backoff.js';
import type { HealthCheckSpec } from './healthCheckSpec.js';
import { oneLine, runProbe, type Probe, type ProbeOutcome } from './healthProbe.js';

export const NOT_CHECKED_YET = 'not checked yet';

export interface CheckStatus {
  url: string;
  passing: boolean;
  /** CheckState.detail: the last error while failing, the url while passing. */
  detail: string;
  /** The last probe's error, kept after the check passes again ('' when none failed yet). */
  lastError: string;
  /** When `passing` last changed, or when the check started (the clock's ms). */
  lastChangeMs: number;
  /** False until the first probe answered. */
  checked: boolean;
  consecutiveSuccesses: number;
  consecutiveFailures: number;
  probes: number;
  failedProbes: number;
  /** Flips between passing and failing (the first verdict is not one). */
  transitions: number;
}

export interface HealthCheckOptions {
  scheduler?: Scheduler;
  now?: () => number;
  /** The probe; the real TCP/HTTP one unless a caller wraps it. */
  probe?: Probe;
  /** A flip between passing and failing, and the first verdict: send the new state now, not at the next renewal. */
  onChange?: (status: CheckStatus, check: HealthCheck) => void;
  /** After every probe (tests, counters). */
  onProbe?: (status: CheckStatus, outcome: ProbeOutcome, check: HealthCheck) => void;
}

export class HealthCheck {
  readonly spec: HealthCheckSpec;
  private readonly scheduler: Scheduler;
  private readonly now: () => number;
  private readonly probe: Probe;
  private readonly opts: HealthCheckOptions;
  private readonly s: CheckStatus;
  /** Bumped by stop(): a probe that answers after it is ignored. */
  private generation = 0;
  private running = false;
  private timer: unknown;
  private inFlight: AbortController | undefined;

  constructor(spec: HealthCheckSpec, opts: HealthCheckOptions = {}) {
    this.spec = spec;
    this.opts = opts;
    this.scheduler = opts.scheduler ?? realScheduler;
    this.now = opts.now ?? Date.now;
    this.probe = opts.probe ?? runProbe;
    this.s = {
      url: spec.url,
      passing: false,
      detail: NOT_CHECKED_YET,
      lastError: '',
      lastChangeMs: this.now(),
      checked: false,
      consecutiveSuccesses: 0,
      consecutiveFailures: 0,
      probes: 0,
      failedProbes: 0,
      transitions: 0,
    };
  }

  get passing(): boolean {
    return this.s.passing;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Probes now, then every interval until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.runProbe(this.generation);
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.generation++;
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
    this.inFlight?.abort();
    this.inFlight = undefined;
  }

  status(): CheckStatus {
    return { ...this.s };
  }

  /** What goes to DNS as Instance.check (CheckState). */
  wireState(): { passing: boolean; detail: string } {
    return { passing: this.s.passing, detail: this.s.detail };
  }

  private runProbe(generation: number): void {
    this.timer = undefined;
    const started = this.now();
    const abort = new AbortController();
    this.inFlight = abort;
    let answer: Promise<ProbeOutcome>;
    try {
      answer = this.probe(this.spec.target, this.spec.timeoutMs, this.scheduler, abort.signal);
    } catch (err) {
      answer = Promise.resolve({ ok: false, error: err instanceof Error ? err.message : String(err) });
    }
    answer
      .catch((err: unknown): ProbeOutcome => ({ ok: false, error: err instanceof Error ? err.message : String(err) }))
      .then((outcome) => {
        if (generation !== this.generation) return;
        this.inFlight = undefined;
        this.record(outcome);
        if (generation !== this.generation) return; // a callback stopped it
        // The next probe starts an interval after this one started, never while it still runs.
        const wait = Math.max(0, this.spec.intervalMs - (this.now() - started));
        this.timer = this.scheduler.setTimeout(() => this.runProbe(generation), wait);
      });
  }

  private record(outcome: ProbeOutcome): void {
    const s = this.s;
    const first = !s.checked;
    const wasPassing = s.passing;
    s.checked = true;
    s.probes++;
    if (outcome.ok) {
      s.consecutiveSuccesses++;
      s.consecutiveFailures = 0;
      if (first || (!s.passing && s.consecutiveSuccesses >= this.spec.rise)) s.passing = true;
    } else {
      s.failedProbes++;
      s.consecutiveFailures++;
      s.consecutiveSuccesses = 0;
      s.lastError = oneLine(outcome.error);
      if (s.passing && s.consecutiveFailures >= this.spec.fall) s.passing = false;
    }
    s.detail = s.passing ? s.url : s.lastError;
    const flipped = s.passing !== wasPassing;
    if (flipped) {
      s.lastChangeMs = this.now();
      if (!first) s.transitions++;
    }
    this.opts.onProbe?.(this.status(), outcome, this);
    if (flipped || first) this.opts.onChange?.(this.status(), this);
  }
}
