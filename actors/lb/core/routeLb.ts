/**
 * All keys owned by one UDP actor: key (modid, cmdid) → LoadBalance. Free of
 * I/O: it says when a pull is due and what to answer; the udp-server actor
 * sends the pulls, parks first requests and writes the snapshot file.
 */
import type { HostAddress } from './hostInfo.js';
import { DEFAULT_LB_THRESHOLDS, type LbThresholds } from './lbConfig.js';
import { newLbCounters, type LbCounters } from './lbCounters.js';
import { LoadBalance, type HostCallResult, type LbEnv } from './loadBalance.js';
import { LarsRetCode } from './retCode.js';
import type { RouteRule } from '../../../proto/routeRule.js';
import type { HostStateListener } from './hostStateEvent.js';
import { parseRouteSnapshot, ROUTE_SNAPSHOT_VERSION, type RouteSnapshot } from './routeSnapshot.js';

export interface RouteLbOptions {
  /**
   * Clock in milliseconds; the only source of time, read once per call.
   * Date.now() costs 100+ ns on this VM, more than the LB work itself, so
   * the udp-server should pass a clock it refreshes once per event-loop turn.
   */
  now: () => number;
  thresholds?: LbThresholds;
  /** Cap on keys, so a caller asking for random keys cannot grow memory without bound. */
  maxKeys?: number;
  /** Told of every host ejection and return, on any key. */
  onHostState?: HostStateListener;
  /** The caller's zone: idle hosts of this zone (and hosts without one) first (zonePicker.ts). */
  zone?: string;
}

export interface RouteKey {
  modid: number;
  cmdid: number;
}

/**
 * Result of getHost. The same object is reused by every call (no allocation
 * on the hot path): read it before the next call on this RouteLb.
 */
export interface GetHostOutcome {
  /** RET_SUCC (ip/port set), RET_OVERLOAD, RET_NOEXIST, or RET_SYSTEM_ERROR (key cap hit). */
  retcode: LarsRetCode;
  ip: number;
  port: number;
  /** No route known yet: park the request until applyRoute or pull_wait_ms, then ask again. */
  pending: boolean;
  /** Send a GetRouteRequest for this key now; at most one is claimed per key at a time. */
  pull: boolean;
}

export interface GetRouteOutcome {
  hosts: HostAddress[];
  pending: boolean;
  pull: boolean;
  /** False when the key cap refused a new key. */
  accepted: boolean;
}

export interface KeyReport extends RouteKey {
  results: HostCallResult[];
}

export interface RouteLbStats extends LbCounters {
  keys: number;
  hosts: number;
  idleHosts: number;
  overloadedHosts: number;
}

const DEFAULT_MAX_KEYS = 100_000;
const NO_RULES: readonly RouteRule[] = [];

export class RouteLb {
  private readonly routes = new Map<number, Map<number, LoadBalance>>();
  private readonly env: LbEnv;
  private readonly now: () => number;
  private readonly maxKeys: number;
  private keys = 0;
  private readonly outcome: GetHostOutcome = { retcode: LarsRetCode.RET_SUCC, ip: 0, port: 0, pending: false, pull: false };

  constructor(options: RouteLbOptions) {
    this.now = options.now;
    this.maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    this.env = {
      thresholds: options.thresholds ?? DEFAULT_LB_THRESHOLDS,
      counters: newLbCounters(),
      onHostState: options.onHostState,
      zone: options.zone === undefined || options.zone === '' ? undefined : options.zone,
    };
  }

  get thresholds(): LbThresholds {
    return this.env.thresholds;
  }

  /** The caller's zone this RouteLb prefers; undefined for none. */
  get zone(): string | undefined {
    return this.env.zone;
  }

  /** Hot reload: every key sees the new thresholds from its next call on. */
  setThresholds(t: LbThresholds): void {
    this.env.thresholds = t;
  }

  get keyCount(): number {
    return this.keys;
  }

  find(modid: number, cmdid: number): LoadBalance | undefined {
    return this.routes.get(modid)?.get(cmdid);
  }

  /** `callerTags`: the caller's tags, for the key's match rules (none: the caller has none). */
  getHost(modid: number, cmdid: number, callerTags?: readonly string[]): Readonly<GetHostOutcome> {
    const o = this.outcome;
    const now = this.now();
    o.ip = 0;
    o.port = 0;
    o.pending = false;
    o.pull = false;
    const lb = this.find(modid, cmdid) ?? this.create(modid, cmdid);
    if (lb === undefined) {
      o.retcode = LarsRetCode.RET_SYSTEM_ERROR;
      return o;
    }
    o.pull = this.claimPull(lb, now);
    if (!lb.hasRoute) {
      o.pending = true;
      o.retcode = LarsRetCode.RET_NOEXIST;
      return o;
    }
    const h = lb.choose(now, callerTags);
    if (h === null) {
      o.retcode = lb.size === 0 ? LarsRetCode.RET_NOEXIST : LarsRetCode.RET_OVERLOAD;
    } else {
      o.retcode = LarsRetCode.RET_SUCC;
      o.ip = h.ip;
      o.port = h.port;
    }
    return o;
  }

  /** Apply a ReportRequest; false for an unknown key or host (counted). */
  report(modid: number, cmdid: number, ip: number, port: number, retcode: number): boolean {
    const counters = this.env.counters;
    counters.reports++;
    const lb = this.find(modid, cmdid);
    if (lb !== undefined && lb.report(ip, port, retcode, this.now())) return true;
    counters.unknownReports++;
    return false;
  }

  /** API_GetRouteRequest: every host of the key, with the same pull rules as getHost. */
  getRoute(modid: number, cmdid: number): GetRouteOutcome {
    const now = this.now();
    const lb = this.find(modid, cmdid) ?? this.create(modid, cmdid);
    if (lb === undefined) return { hosts: [], pending: false, pull: false, accepted: false };
    const pull = this.claimPull(lb, now);
    return { hosts: lb.addresses(), pending: !lb.hasRoute, pull, accepted: true };
  }

  /**
   * A GetRouteResponse (reply or push) for the key. `explicit` means DNS
   * itself sent this list for this key; only then may an empty list remove
   * the known hosts. Unknown keys are created unless the list is empty.
   * Returns whether the host list was applied.
   */
  applyRoute(modid: number, cmdid: number, hosts: readonly HostAddress[], explicit: boolean, rules: readonly RouteRule[] = NO_RULES): boolean {
    const lb = this.find(modid, cmdid) ?? (hosts.length > 0 ? this.create(modid, cmdid) : undefined);
    if (lb === undefined) return false;
    // The rules come with the hosts: a list that is not applied (an empty one not explicit) leaves both as they were.
    const applied = lb.update(hosts, explicit, this.now());
    if (applied) lb.setRules(rules);
    return applied;
  }

  /** A claimed pull could not be sent: let the next use claim it again. */
  pullFailed(modid: number, cmdid: number): void {
    this.find(modid, cmdid)?.resetToNew();
  }

  /** The dns-client (re)connected: every key is re-pulled, hosts keep serving meanwhile. */
  resetAllToNew(): void {
    this.forEachLb((lb) => lb.resetToNew());
  }

  /** Keys due for a pull (NEW or stale), marked as pulling: the caller must send them. */
  takeKeysNeedingPull(): RouteKey[] {
    const now = this.now();
    const out: RouteKey[] = [];
    this.forEachLb((lb) => {
      if (this.claimPull(lb, now)) out.push({ modid: lb.modid, cmdid: lb.cmdid });
    });
    return out;
  }

  /**
   * Ends every ejection whose time ran out, on every key. choose() does it
   * lazily, so a key nobody calls would keep a host overloaded (and not say
   * it came back) until its next call; this is the agent's once-a-second pass.
   */
  expireOverloaded(): void {
    const now = this.now();
    this.forEachLb((lb) => lb.expireOverloaded(now));
  }

  /** Per-key host results for the reporter-client; keys without new reports are skipped. */
  takeReports(): KeyReport[] {
    const out: KeyReport[] = [];
    this.forEachLb((lb) => {
      const results = lb.takeReport();
      if (results !== undefined) out.push({ modid: lb.modid, cmdid: lb.cmdid, results });
    });
    return out;
  }

  /** Routes with at least one host, as plain JSON-able data. */
  exportSnapshot(): RouteSnapshot {
    const routes: RouteSnapshot['routes'] = [];
    this.forEachLb((lb) => {
      if (lb.size > 0) routes.push({ modid: lb.modid, cmdid: lb.cmdid, hosts: lb.addresses() });
    });
    return { version: ROUTE_SNAPSHOT_VERSION, routes };
  }

  /**
   * Load routes saved by exportSnapshot (validated; throws BAD_SNAPSHOT).
   * Keys that already have a route from DNS keep it. Imported keys serve at
   * once and are NEW, so their first use pulls a fresh route. Returns the
   * number of keys imported.
   */
  importSnapshot(data: unknown): number {
    const snapshot = parseRouteSnapshot(data);
    const now = this.now();
    let imported = 0;
    for (const r of snapshot.routes) {
      const existing = this.find(r.modid, r.cmdid);
      if ((existing !== undefined && existing.hasRoute) || r.hosts.length === 0) continue;
      const lb = existing ?? this.create(r.modid, r.cmdid);
      if (lb === undefined) break;
      lb.update(r.hosts, true, now);
      lb.resetToNew();
      imported++;
    }
    return imported;
  }

  /** Every key's load balancer (for the state dump; read, do not keep). */
  *loadBalancers(): IterableIterator<LoadBalance> {
    for (const byCmd of this.routes.values()) yield* byCmd.values();
  }

  stats(): RouteLbStats {
    let hosts = 0;
    let idleHosts = 0;
    let overloadedHosts = 0;
    this.forEachLb((lb) => {
      hosts += lb.size;
      idleHosts += lb.idleCount;
      overloadedHosts += lb.overloadCount;
    });
    return { ...this.env.counters, keys: this.keys, hosts, idleHosts, overloadedHosts };
  }

  private claimPull(lb: LoadBalance, now: number): boolean {
    if (!lb.needsPull(now)) return false;
    lb.markPulling(now);
    return true;
  }

  private create(modid: number, cmdid: number): LoadBalance | undefined {
    if (this.keys >= this.maxKeys) {
      this.env.counters.keysRejected++;
      return undefined;
    }
    let byCmd = this.routes.get(modid);
    if (byCmd === undefined) {
      byCmd = new Map();
      this.routes.set(modid, byCmd);
    }
    const lb = new LoadBalance(modid, cmdid, this.env);
    byCmd.set(cmdid, lb);
    this.keys++;
    return lb;
  }

  private forEachLb(fn: (lb: LoadBalance) => void): void {
    for (const byCmd of this.routes.values()) for (const lb of byCmd.values()) fn(lb);
  }
}
