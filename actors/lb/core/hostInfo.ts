/**
 * Per-host health state of one key's load balancer. Every field gets a value
 * in the constructor: the original left some uninitialised, so a single
 * failure could push a fresh host into overload.
 */

import type { HostMeta } from '../../../proto/hostMeta.js';
import { normalizeWeight, weightedAddress, type WeightedAddress } from '../../../proto/hostWeight.js';

export { normalizeWeight };

/** An address as it travels on the wire: IPv4 as int32 (may be negative), port, weight when not 1, zone and tags when set. */
export type HostAddress = WeightedAddress;

/** The address as the wire and snapshots carry it: weight only when it is not 1, zone and tags only when set. */
export function addressOf(h: { ip: number; port: number; weight: number; zone: string | undefined; tags: readonly string[] | undefined }): HostAddress {
  if (h.zone === undefined && h.tags === undefined) return h.weight === 1 ? { ip: h.ip, port: h.port } : { ip: h.ip, port: h.port, weight: h.weight };
  return weightedAddress(h.ip, h.port, h.weight, { ...(h.zone === undefined ? {} : { zone: h.zone }), ...(h.tags === undefined ? {} : { tags: h.tags }) });
}

/** The zone a host is balanced in: undefined (no zone) counts as every caller's zone. */
export function zoneOf(meta: HostMeta): string | undefined {
  return meta.zone === undefined || meta.zone === '' ? undefined : meta.zone;
}

/** The tags a host carries, undefined for none. */
export function tagsOf(meta: HostMeta): readonly string[] | undefined {
  return meta.tags === undefined || meta.tags.length === 0 ? undefined : meta.tags;
}

/** Map key for (ip, port); -1 for a port no host can have, so lookups miss. */
export function hostKey(ip: number, port: number): number {
  if (!(port >= 0 && port <= 0xffff) || port !== Math.trunc(port)) return -1;
  // Unsigned ip times 2^16 plus port stays below 2^48: exact as a double.
  return (ip >>> 0) * 0x10000 + port;
}

/** Share of its weight a host starts slow start with: small, but enough to be probed by real traffic. */
export const SLOW_START_FLOOR = 0.1;

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
  /** Configured weight (1…1000), from the route. */
  weight = 1;
  /** The host's zone from the route; undefined: in every caller's zone. */
  zone: string | undefined = undefined;
  /** The host's tags from the route (carried for getRoute and snapshots); undefined: none. */
  tags: readonly string[] | undefined = undefined;
  /** Smooth weighted round-robin credit; only meaningful while the key balances by weight. */
  current = 0;
  /** Ejections in a row without a clean idle window between them (growing ejection's n). */
  ejections = 0;
  /** Ejections over the host's life, for the LB state dump. */
  totalEjections = 0;
  /** Start of the slow-start ramp; -Infinity when the host is not ramping. */
  slowStartTs = -Infinity;
  /** When the host entered its current state (idle or overloaded); window restarts leave it. */
  stateTs = 0;
  /** Probe picks while in the current overload (0 while idle). */
  probes = 0;
  /** Links of the intrusive list (idle or overload) the host is on. */
  prev: HostInfo | null = null;
  next: HostInfo | null = null;

  constructor(ip: number, port: number, initSuccCnt: number, now: number, weight = 1, meta: HostMeta = {}) {
    this.ip = ip | 0;
    this.port = port;
    this.key = hostKey(ip, port);
    this.weight = normalizeWeight(weight);
    this.zone = zoneOf(meta);
    this.tags = tagsOf(meta);
    this.setIdle(initSuccCnt, now);
    this.stateTs = now;
  }

  /**
   * Weight after slow start: linear from 10 % of `weight` at the start of the
   * ramp to all of it at `slowStartMs`. Probing and the error rules ignore it.
   */
  effectiveWeight(now: number, slowStartMs: number): number {
    const elapsed = now - this.slowStartTs;
    if (elapsed >= slowStartMs) return this.weight;
    const share = elapsed / slowStartMs;
    return this.weight * (share > SLOW_START_FLOOR ? share : SLOW_START_FLOOR);
  }

  /**
   * How long this ejection lasts: overload_timeout x 2^(n-1), at most
   * max_overload_timeout (never below overload_timeout).
   */
  ejectionMs(overloadTimeoutMs: number, maxOverloadTimeoutMs: number): number {
    if (this.ejections <= 1) return overloadTimeoutMs;
    const cap = maxOverloadTimeoutMs > overloadTimeoutMs ? maxOverloadTimeoutMs : overloadTimeoutMs;
    const grown = overloadTimeoutMs * 2 ** Math.min(this.ejections - 1, 40);
    return grown < cap ? grown : cap;
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
