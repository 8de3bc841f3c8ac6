/**
 * The health checks of one registration table, free of the actor runtime:
 * the agent's dns-client runs one beside its registrar, an embedded client
 * one for what it registered. The registrar says which instance needs which
 * check (specChanged); every verdict goes back through `report`, which sends
 * it to DNS at once, so a failing instance is withdrawn without waiting for
 * the next renewal.
 */
import type { Scheduler } from '../../../runtime/reactor/backoff.js';
import { HealthCheck, NOT_CHECKED_YET, type CheckStatus } from './healthCheck.js';
import { checkSpecOf, CheckSpecError, type CheckInput, type HealthCheckSpec } from './healthCheckSpec.js';
import type { Probe } from './healthProbe.js';

export interface CheckVerdict {
  passing: boolean;
  detail: string;
}

export interface CheckRunnerOptions {
  /** A check's new state (its first verdict, then every flip): to the registrar, which sends it now. */
  report: (key: string, state: CheckVerdict) => void;
  scheduler?: Scheduler;
  now?: () => number;
  probe?: Probe;
  log?: (line: string, level: 'info' | 'warn') => void;
}

export interface CheckCounts {
  checks: number;
  passing: number;
  failing: number;
  /** Flips between passing and failing, over every check this runner ran. */
  transitions: number;
  probes: number;
  failedProbes: number;
}

/** The state an instance starts with before its first probe: held, not served. */
export const UNCHECKED: CheckVerdict = { passing: false, detail: NOT_CHECKED_YET };

/** Why a check spec cannot run (an application's RET_BAD_ARGUMENT), or undefined when it can. */
export function checkSpecProblem(spec: CheckInput): string | undefined {
  try {
    checkSpecOf(spec, 'check_spec');
    return undefined;
  } catch (err) {
    if (err instanceof CheckSpecError) return err.message;
    throw err;
  }
}

function sameSpec(a: HealthCheckSpec, b: HealthCheckSpec): boolean {
  return a.url === b.url && a.intervalMs === b.intervalMs && a.timeoutMs === b.timeoutMs && a.fall === b.fall && a.rise === b.rise;
}

export class CheckRunner {
  private readonly checks = new Map<string, HealthCheck>();
  /** Counts of checks already stopped, so the totals never go backwards. */
  private retired = { transitions: 0, probes: 0, failedProbes: 0 };

  constructor(private readonly opts: CheckRunnerOptions) {}

  get size(): number {
    return this.checks.size;
  }

  /**
   * An instance's check appeared, changed or went (undefined). The same spec
   * again keeps the running check and its streaks; a new one starts over
   * from "not checked yet". A spec that cannot run reports failing with why.
   */
  specChanged(key: string, input: CheckInput | undefined): void {
    let spec: HealthCheckSpec | undefined;
    let problem: string | undefined;
    if (input !== undefined) {
      try {
        spec = checkSpecOf(input, 'check_spec');
      } catch (err) {
        if (!(err instanceof CheckSpecError)) throw err;
        problem = err.message;
      }
    }
    const running = this.checks.get(key);
    if (running !== undefined && spec !== undefined && sameSpec(running.spec, spec)) return;
    if (running !== undefined) this.retire(key, running);
    if (problem !== undefined) {
      this.opts.log?.(`${key}: check not run: ${problem}`, 'warn');
      this.opts.report(key, { passing: false, detail: problem });
      return;
    }
    if (spec === undefined) return;
    const check = new HealthCheck(spec, {
      ...(this.opts.scheduler === undefined ? {} : { scheduler: this.opts.scheduler }),
      ...(this.opts.now === undefined ? {} : { now: this.opts.now }),
      ...(this.opts.probe === undefined ? {} : { probe: this.opts.probe }),
      onChange: (status) => this.changed(key, status),
    });
    this.checks.set(key, check);
    check.start();
  }

  status(key: string): CheckStatus | undefined {
    return this.checks.get(key)?.status();
  }

  /** The state to send with an instance now (undefined: it has no check). */
  verdict(key: string): CheckVerdict | undefined {
    return this.checks.get(key)?.wireState();
  }

  counts(): CheckCounts {
    const c: CheckCounts = { checks: this.checks.size, passing: 0, failing: 0, ...this.retired };
    for (const check of this.checks.values()) {
      const s = check.status();
      if (s.passing) c.passing++;
      else c.failing++;
      c.transitions += s.transitions;
      c.probes += s.probes;
      c.failedProbes += s.failedProbes;
    }
    return c;
  }

  stopAll(): void {
    for (const [key, check] of [...this.checks]) this.retire(key, check);
  }

  private retire(key: string, check: HealthCheck): void {
    check.stop();
    this.checks.delete(key);
    const s = check.status();
    this.retired.transitions += s.transitions;
    this.retired.probes += s.probes;
    this.retired.failedProbes += s.failedProbes;
  }

  private changed(key: string, s: CheckStatus): void {
    if (s.transitions > 0) {
      const why = s.passing ? `${s.consecutiveSuccesses} passed in a row` : `${s.consecutiveFailures} failed in a row: ${s.lastError}`;
      this.opts.log?.(`${key}: check ${s.url} now ${s.passing ? 'passing' : 'failing'} (${why})`, s.passing ? 'info' : 'warn');
    } else if (!s.passing) {
      this.opts.log?.(`${key}: check ${s.url} fails from the start: ${s.lastError}`, 'warn');
    }
    this.opts.report(key, { passing: s.passing, detail: s.detail });
  }
}
