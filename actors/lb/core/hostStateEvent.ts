/**
 * A host moving between a key's idle and overload lists, as the LB core
 * tells whoever runs it (the agent logs it, the embedded client emits it).
 * Transitions are rare next to calls, so building one costs nothing that
 * matters; the hot path only tests whether anybody listens.
 */
import { uint32ToIpv4 } from '../../../runtime/net/ipv4.js';

export type HostStateReason =
  /** verr / (vsucc + verr) went above err_rate. */
  | 'errRate'
  /** contin_err_limit failures in a row. */
  | 'errorsInARow'
  /** The idle window ended with its error rate above window_err_rate. */
  | 'windowErrRate'
  /** vsucc / (vsucc + verr) went above succ_rate. */
  | 'succRate'
  /** contin_succ_limit successes in a row. */
  | 'successesInARow'
  /** The ejection's time ran out. */
  | 'ejectionEnded';

export interface HostStateEvent {
  type: 'ejected' | 'returned';
  modid: number;
  cmdid: number;
  /** As the wire carries it (int32). */
  ip: number;
  port: number;
  reason: HostStateReason;
  /** How long this ejection lasts (ejected) or lasted (returned), in ms. */
  ejectionMs: number;
  /** This host's ejections so far (the ejection time doubles with each in a row). */
  ejections: number;
}

export type HostStateListener = (e: HostStateEvent) => void;

const REASON_TEXT: Record<HostStateReason, string> = {
  errRate: 'error rate above err_rate',
  errorsInARow: 'contin_err_limit errors in a row',
  windowErrRate: 'window error rate above window_err_rate',
  succRate: 'success rate above succ_rate',
  successesInARow: 'contin_succ_limit successes in a row',
  ejectionEnded: 'its ejection time ran out',
};

/** One log line: "host 10.0.0.5:8080 of 1/1 overloaded for 10000 ms (error rate above err_rate, ejection 2)". */
export function hostStateText(e: HostStateEvent): string {
  const host = `host ${uint32ToIpv4(e.ip >>> 0)}:${e.port} of ${e.modid}/${e.cmdid}`;
  if (e.type === 'ejected') return `${host} overloaded for ${e.ejectionMs} ms (${REASON_TEXT[e.reason]}, ejection ${e.ejections})`;
  return `${host} back to idle (${REASON_TEXT[e.reason]})`;
}
