/**
 * Time behind an interface so time-based logic (ask timeouts, actor timers,
 * restart backoff) runs under a manual clock in tests. Structurally the same
 * `setTimeout`/`clearTimeout` pair as the reactor's Scheduler, so a Clock can
 * be handed to reactor objects as is.
 */
export interface Clock {
  /** Milliseconds, monotonic; only differences mean anything. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The real clock. Timers are unref'd: a pending ask timeout or actor timer
 * alone must not keep a process or worker alive.
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * The real clock with timers that keep the process alive: for the
 * supervisor, whose restart backoff may be the only thing left to wait for.
 */
export const keepAliveClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
