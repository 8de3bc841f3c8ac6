/**
 * Load balancer of one key (modid, cmdid): which host to call next and how
 * call results move hosts between the idle and overload lists (DESIGN.md §4).
 * Pure: every method that needs the time takes `now` in milliseconds.
 */
import { addressOf, HostInfo, hostKey, normalizeWeight, tagsOf, zoneOf, type HostAddress } from './hostInfo.js';
import { HostList } from './hostList.js';
import { OverloadList } from './overloadList.js';
import type { LbCounters } from './lbCounters.js';
import type { LbThresholds } from './lbConfig.js';
import { LarsRetCode } from './retCode.js';
import { WeightedPicker } from './weightedPicker.js';
import { ZonePicker } from './zonePicker.js';
import { RulePicker } from './rulePicker.js';
import type { RouteRule } from '../../../proto/routeRule.js';
import type { HostStateListener, HostStateReason } from './hostStateEvent.js';

/** Shared by all keys of a RouteLb; swapping `thresholds` reloads them all at once. */
export interface LbEnv {
  thresholds: LbThresholds;
  readonly counters: LbCounters;
  /** Told of every ejection and return (the audit trail); absent: nobody listens. */
  onHostState?: HostStateListener | undefined;
  /** The caller's zone ([agent] zone, the embedded `zone` option); absent: no zone preference. */
  readonly zone?: string | undefined;
}

export const RouteState = { NEW: 0, PULLING: 1, READY: 2 } as const;
export type RouteState = (typeof RouteState)[keyof typeof RouteState];

/** One host's line of a ReportStatusRequest (field names as in HostCallResult). */
export interface HostCallResult {
  ip: number;
  port: number;
  succ: number;
  err: number;
  overload: boolean;
}

export class LoadBalance {
  readonly modid: number;
  readonly cmdid: number;
  private readonly env: LbEnv;
  private readonly hosts = new Map<number, HostInfo>();
  private readonly idle = new HostList();
  private readonly overloaded = new OverloadList();
  /** getHost calls since the last probe, counted only while some host is overloaded. */
  private accessCnt = 0;
  /** Weights and slow-start ramps (weightedPicker.ts); unused while every idle host weighs the same. */
  private readonly picker = new WeightedPicker();
  /** Same-zone preference and spill (zonePicker.ts); inactive without a caller zone or hosts in other zones. */
  private readonly zones = new ZonePicker();
  /** The key's routing rules (rulePicker.ts); inactive without rules. */
  private readonly ruled = new RulePicker();
  private reportsSinceTake = 0;
  private routeState: RouteState = RouteState.NEW;
  /** False until DNS (or a snapshot) gave this key a host list, even an empty one. */
  private routeKnown = false;
  private lastUpdateTs = 0;
  private pullTs = 0;
  /** Bumped each time an update changed the host list (the first route is version 1). */
  private routeVersionNo = 0;

  constructor(modid: number, cmdid: number, env: LbEnv) {
    this.modid = modid;
    this.cmdid = cmdid;
    this.env = env;
  }

  get state(): RouteState {
    return this.routeState;
  }

  get hasRoute(): boolean {
    return this.routeKnown;
  }

  get lastUpdate(): number {
    return this.lastUpdateTs;
  }

  /** Agent-local: how many times DNS (or the snapshot) changed this key's host list. */
  get routeVersion(): number {
    return this.routeVersionNo;
  }

  get size(): number {
    return this.hosts.size;
  }

  get idleCount(): number {
    return this.idle.size;
  }

  get overloadCount(): number {
    return this.overloaded.size;
  }

  /**
   * Next host to call, rotating it to the back of its list; null when there is
   * none to give (RET_NOEXIST if `size` is 0, else RET_OVERLOAD).
   */
  choose(now: number, callerTags?: readonly string[]): HostInfo | null {
    if (this.overloaded.size === 0) return this.pickIdle(now, callerTags);
    const t = this.env.thresholds;
    this.overloaded.expire(now, t, this.returnToIdle);
    if (this.overloaded.size !== 0) {
      if (this.idle.size < t.panicThreshold * this.hosts.size) return this.pickPanic(now, t);
      // The probe pick is final even while idle hosts exist: the original
      // overwrote it with an idle pick, so overloaded hosts never came back.
      if (++this.accessCnt >= t.probeNum) {
        this.accessCnt = 0;
        this.env.counters.probes++;
        const probe = this.overloaded.rotate() as HostInfo;
        probe.probes++;
        return probe;
      }
    }
    return this.pickIdle(now, callerTags);
  }

  /** Weight a host is picked with now (slow start applied while idle); for stats and the simulator. */
  effectiveWeight(h: Readonly<HostInfo>, now: number): number {
    return h.overload ? h.weight : h.effectiveWeight(now, this.env.thresholds.slowStartMs);
  }

  /** The next idle host: in the caller's zone first when zones apply, else rotation while every idle host weighs the same, else by weight. */
  private pickIdle(now: number, callerTags: readonly string[] | undefined): HostInfo | null {
    const t = this.env.thresholds;
    if (this.ruled.active) return this.ruled.pick(callerTags, now, t.slowStartMs);
    if (this.env.zone !== undefined) {
      if (this.zones.staleFor(t)) this.zones.reweigh(this.env.zone, this.hosts, this.idle, now, t);
      if (this.zones.active) return this.zones.pick(now, t.slowStartMs, this.env.counters);
    }
    return this.picker.weighted ? this.picker.pick(this.idle, now, t.slowStartMs) : this.idle.rotate();
  }

  /** Too few idle hosts to trust the health state: spread over every host by weight, counted. */
  private pickPanic(now: number, t: LbThresholds): HostInfo | null {
    this.env.counters.panicPicks++;
    return this.picker.pickPanic(this.hosts.values(), now, t.slowStartMs);
  }

  /** Membership, a weight or a ramp of the idle list changed. */
  private reweigh(now: number): void {
    const t = this.env.thresholds;
    this.picker.reweigh(this.idle, now, t.slowStartMs);
    if (this.env.zone !== undefined) this.zones.reweigh(this.env.zone, this.hosts, this.idle, now, t);
    this.ruled.idleChanged();
  }

  /**
   * The key's routing rules, as DNS sent them with its hosts (none: every
   * host alike). Applied with update(); a change starts the split sequence again.
   */
  setRules(rules: readonly RouteRule[]): void {
    if (this.ruled.setRules(rules)) this.ruled.rebuild(this.hosts.values());
  }

  /** Apply one call result; false when the host is not (or no longer) in the route. */
  report(ip: number, port: number, retcode: number, now: number): boolean {
    const h = this.hosts.get(hostKey(ip, port));
    if (h === undefined) return false;
    const t = this.env.thresholds;
    this.reportsSinceTake++;
    const ok = retcode === LarsRetCode.RET_SUCC;
    if (ok) {
      h.vsucc++;
      h.rsucc++;
      h.continSucc++;
      h.continErr = 0;
    } else {
      h.verr++;
      h.rerr++;
      h.continErr++;
      h.continSucc = 0;
    }
    if (!h.overload) {
      if (!ok && (h.verr / (h.vsucc + h.verr) > t.errRate || h.continErr >= t.continErrLimit)) {
        this.toOverload(h, now, h.continErr >= t.continErrLimit ? 'errorsInARow' : 'errRate');
      } else if (now - h.idleTs >= t.idleTimeoutMs) {
        if (h.windowOverloaded(t.windowErrRate)) {
          this.toOverload(h, now, 'windowErrRate');
        } else {
          // A clean window: the next ejection starts again at 1x.
          h.setIdle(t.initSuccCnt, now);
          h.ejections = 0;
        }
      }
    } else if (ok && (h.vsucc / (h.vsucc + h.verr) > t.succRate || h.continSucc >= t.continSuccLimit)) {
      this.toIdle(h, now, h.continSucc >= t.continSuccLimit ? 'successesInARow' : 'succRate');
    } else if (now - h.overloadTs >= h.ejectionMs(t.overloadTimeoutMs, t.maxOverloadTimeoutMs)) {
      this.toIdle(h, now, 'ejectionEnded');
    }
    return true;
  }

  /**
   * Replace the host list: new hosts join idle at the back, vanished ones leave
   * both lists, the rest keep their state. An empty list is applied only when
   * `explicit` (DNS said so for this key); otherwise the known hosts stay and
   * false is returned. Either way the pull counts as answered.
   */
  update(addrs: readonly HostAddress[], explicit: boolean, now: number): boolean {
    this.routeState = RouteState.READY;
    this.lastUpdateTs = now;
    if (addrs.length === 0 && !explicit) {
      this.env.counters.emptyUpdatesIgnored++;
      return false;
    }
    const t = this.env.thresholds;
    // Hosts joining a key that already serves ramp up; a key's first hosts start at full weight.
    const rampNew = t.slowStartMs > 0 && this.hosts.size > 0;
    let changed = false;
    const wanted = new Set<number>();
    for (const a of addrs) {
      const key = hostKey(a.ip, a.port);
      if (key < 0) {
        this.env.counters.invalidHosts++;
        continue;
      }
      if (wanted.has(key)) continue;
      wanted.add(key);
      const known = this.hosts.get(key);
      if (known === undefined) {
        const h = new HostInfo(a.ip, a.port, t.initSuccCnt, now, a.weight, a);
        if (rampNew) h.slowStartTs = now;
        this.hosts.set(key, h);
        this.idle.pushBack(h);
        changed = true;
      } else {
        if (known.weight !== normalizeWeight(a.weight)) {
          known.weight = normalizeWeight(a.weight);
          changed = true;
        }
        if (known.zone !== zoneOf(a)) {
          known.zone = zoneOf(a);
          changed = true;
        }
        if (!sameTags(known.tags, tagsOf(a))) {
          known.tags = tagsOf(a);
          changed = true;
        }
      }
    }
    for (const [key, h] of this.hosts) {
      if (wanted.has(key)) continue;
      (h.overload ? this.overloaded : this.idle).remove(h);
      this.hosts.delete(key);
      changed = true;
    }
    if (changed) {
      this.ruled.rebuild(this.hosts.values());
      this.reweigh(now);
    }
    if (changed || !this.routeKnown) this.routeVersionNo++;
    this.routeKnown = true;
    return true;
  }

  /** NEW, a route older than update_timeout, or a pull unanswered for as long. */
  needsPull(now: number): boolean {
    const state = this.routeState;
    if (state === RouteState.NEW) return true;
    const since = state === RouteState.READY ? this.lastUpdateTs : this.pullTs;
    return now - since >= this.env.thresholds.updateTimeoutMs;
  }

  markPulling(now: number): void {
    this.routeState = RouteState.PULLING;
    this.pullTs = now;
    this.env.counters.pulls++;
  }

  /** Back to NEW so the next use pulls again (dns-client reconnected, or a pull could not be sent). */
  resetToNew(): void {
    this.routeState = RouteState.NEW;
  }

  /** Every host of the route, in the order DNS first listed them. */
  addresses(): HostAddress[] {
    const out: HostAddress[] = [];
    for (const h of this.hosts.values()) out.push(addressOf(h));
    return out;
  }

  /** Every host, idle list then overload list, each front to back; read-only. */
  forEachHost(fn: (h: Readonly<HostInfo>) => void): void {
    this.idle.forEach(fn);
    this.overloaded.forEach(fn);
  }

  /**
   * Applies overload expiry now (choose() does it lazily on the next call):
   * for a state dump that should not show hosts overloaded past their
   * overload_timeout just because nobody asked for the key since.
   */
  expireOverloaded(now: number): void {
    if (this.overloaded.size !== 0) this.overloaded.expire(now, this.env.thresholds, this.returnToIdle);
  }

  /** Read-only view of one host's state, for stats and tests. */
  host(ip: number, port: number): Readonly<HostInfo> | undefined {
    return this.hosts.get(hostKey(ip, port));
  }

  idleOrder(): HostAddress[] {
    return this.idle.toArray().map(({ ip, port }) => ({ ip, port }));
  }

  overloadOrder(): HostAddress[] {
    return this.overloaded.toArray().map(({ ip, port }) => ({ ip, port }));
  }

  /**
   * Every host's current window counts (idle list, then overload list), or
   * undefined when no report arrived since the last call: one aggregated
   * ReportStatusRequest per key per report_interval instead of one per call.
   */
  takeReport(): HostCallResult[] | undefined {
    if (this.reportsSinceTake === 0) return undefined;
    this.reportsSinceTake = 0;
    const out: HostCallResult[] = [];
    const add = (h: HostInfo): void => {
      out.push({ ip: h.ip, port: h.port, succ: h.rsucc, err: h.rerr, overload: h.overload });
    };
    this.idle.forEach(add);
    this.overloaded.forEach(add);
    return out;
  }

  private toOverload(h: HostInfo, now: number, reason: HostStateReason): void {
    const t = this.env.thresholds;
    this.idle.remove(h);
    h.setOverload(t.initErrCnt, now);
    h.ejections++;
    h.totalEjections++;
    h.slowStartTs = -Infinity;
    h.stateTs = now;
    h.probes = 0;
    this.overloaded.add(h, t);
    this.env.counters.idleToOverload++;
    this.reweigh(now);
    this.tell('ejected', h, reason, h.ejectionMs(t.overloadTimeoutMs, t.maxOverloadTimeoutMs));
  }

  /** An ejection ended with nobody reporting on the host (OverloadList.expire). */
  private readonly returnToIdle = (h: HostInfo, now: number): void => this.toIdle(h, now, 'ejectionEnded');

  private toIdle(h: HostInfo, now: number, reason: HostStateReason): void {
    const t = this.env.thresholds;
    const lasted = now - h.overloadTs;
    this.overloaded.remove(h);
    h.setIdle(t.initSuccCnt, now);
    if (t.slowStartMs > 0) h.slowStartTs = now;
    h.stateTs = now;
    h.probes = 0;
    this.idle.pushBack(h);
    this.env.counters.overloadToIdle++;
    this.reweigh(now);
    this.tell('returned', h, reason, lasted);
  }

  private tell(type: 'ejected' | 'returned', h: HostInfo, reason: HostStateReason, ejectionMs: number): void {
    const listener = this.env.onHostState;
    if (listener === undefined) return;
    listener({ type, modid: this.modid, cmdid: this.cmdid, ip: h.ip, port: h.port, reason, ejectionMs, ejections: h.ejections });
  }
}

function sameTags(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
