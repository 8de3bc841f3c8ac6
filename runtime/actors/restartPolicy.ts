/**
 * When to restart a crashed actor and when to give up on the role: restarts
 * back off exponentially per actor; more than `crashLimit` crashes in the
 * role within `crashWindowMs` is a crash loop.
 */
export interface RestartSettings {
  backoffMinMs: number;
  backoffMaxMs: number;
  crashLimit: number;
  crashWindowMs: number;
}

/** Delay before restart number `failures` (0-based): min · 2^failures, capped. */
export function restartDelay(failures: number, s: Pick<RestartSettings, 'backoffMinMs' | 'backoffMaxMs'>): number {
  return Math.min(s.backoffMaxMs, s.backoffMinMs * 2 ** Math.min(failures, 30));
}

export class CrashWindow {
  private times: number[] = [];

  /** Records a crash at `now`; true when the role is crash-looping. */
  record(now: number, s: Pick<RestartSettings, 'crashLimit' | 'crashWindowMs'>): boolean {
    this.times.push(now);
    this.times = this.times.filter((t) => now - t < s.crashWindowMs);
    return this.times.length > s.crashLimit;
  }

  get recent(): number {
    return this.times.length;
  }
}
