/**
 * Per-host health state of one key's load balancer. Every field gets a value
 * in the constructor: the original left some uninitialised, so a single
 * failure could push a fresh host into overload.
 */

/** An address as it travels on the wire: IPv4 as int32 (may be negative), port. */
export interface HostAddress {
  readonly ip: number;
  readonly port: number;
}

/** Map key for (ip, port); -1 for a port no host can have, so lookups miss. */
export function hostKey(ip: number, port: number): number {
  if (!(port >= 0 && port <= 0xffff) || port !== Math.trunc(port)) return -1;
  // Unsigned ip times 2^16 plus port stays below 2^48: exact as a double.
  return (ip >>> 0) * 0x10000 + port;
}

export class HostInfo {
  /** int32 form, as the wire carries it. */
  readonly ip: number;
  readonly port: number;
  readonly key: number;
  /** Virtual counts: drive idle/overload decisions, seeded on every transition. */
  vsucc = 0;
  verr = 0;
  /** Real counts of the current window: what the reporter receives. */
  rsucc = 0;
  rerr = 0;
  continSucc = 0;
  continErr = 0;
  overload = false;
  idleTs = 0;
  overloadTs = 0;
  /** Links of the intrusive list (idle or overload) the host is on. */
  prev: HostInfo | null = null;
  next: HostInfo | null = null;

  constructor(ip: number, port: number, initSuccCnt: number, now: number) {
    this.ip = ip | 0;
    this.port = port;
    this.key = hostKey(ip, port);
    this.setIdle(initSuccCnt, now);
  }

  setIdle(initSuccCnt: number, now: number): void {
    this.vsucc = initSuccCnt;
    this.verr = 0;
    this.rsucc = 0;
    this.rerr = 0;
    this.continSucc = 0;
    this.continErr = 0;
    this.overload = false;
    this.idleTs = now;
  }

  setOverload(initErrCnt: number, now: number): void {
    this.vsucc = 0;
    this.verr = initErrCnt;
    this.rsucc = 0;
    this.rerr = 0;
    this.continSucc = 0;
    this.continErr = 0;
    this.overload = true;
    this.overloadTs = now;
  }

  /** Whether the window that just ended had enough real errors to overload. */
  windowOverloaded(windowErrRate: number): boolean {
    const calls = this.rsucc + this.rerr;
    return calls > 0 && this.rerr / calls >= windowErrRate;
  }
}
