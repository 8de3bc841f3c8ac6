/** The counters behind `LarsClient.stats()`. */
import { LARS_CALL_ERROR_CODES, type LarsCallErrorCode, type LarsErrorCode } from './larsError.js';
import type { LarsCallStats, LarsClientStats } from './types.js';

export const CALL_HOST = 0;
export const CALL_ROUTE = 1;
export type CallKind = typeof CALL_HOST | typeof CALL_ROUTE;

export const newCallStats = (): LarsCallStats => ({
  calls: 0,
  ok: 0,
  errors: Object.fromEntries(LARS_CALL_ERROR_CODES.map((c) => [c, 0])) as Record<LarsCallErrorCode, number>,
});

/** The per-call counter an error code goes to: registration codes never come from a call, so they count as SYSTEM. */
export function callErrorCode(code: LarsErrorCode): LarsCallErrorCode {
  return (LARS_CALL_ERROR_CODES as readonly string[]).includes(code) ? (code as LarsCallErrorCode) : 'SYSTEM';
}

/** A copy of `s` that later counting does not change. */
export const copyCallStats = (s: LarsCallStats): LarsCallStats => ({ calls: s.calls, ok: s.ok, errors: { ...s.errors } });

export class ClientCounters {
  readonly calls: [LarsCallStats, LarsCallStats] = [newCallStats(), newCallStats()];
  reports = 0;
  reportsDropped = 0;
  lateReplies = 0;
  badReplies = 0;
  refused = 0;
  socketErrors = 0;

  snapshot(inFlight: number, socketsOpen: number): Omit<LarsClientStats, 'registrations'> {
    return {
      getHost: copyCallStats(this.calls[CALL_HOST]),
      getRoute: copyCallStats(this.calls[CALL_ROUTE]),
      reports: this.reports,
      reportsDropped: this.reportsDropped,
      inFlight,
      lateReplies: this.lateReplies,
      badReplies: this.badReplies,
      refused: this.refused,
      socketErrors: this.socketErrors,
      socketsOpen,
    };
  }
}
