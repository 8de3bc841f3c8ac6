/**
 * The load balancer's state as operators see it (agent admin `GET /lb`,
 * `lars status`): per key its route's version and age, per host its state,
 * since when, the window's counts, streaks and probes. The one place that
 * turns a RouteLb into plain data: new per-host or per-key state (weights,
 * slow start, ejection) is added here and shows up everywhere.
 */
import { int32ToIpv4 } from '../../runtime/net/ipv4.js';
import type { HostInfo } from './core/hostInfo.js';
import { RouteState, type LoadBalance } from './core/loadBalance.js';

export type LbHostStateName = 'idle' | 'overloaded';

export interface LbHostState {
  ip: string;
  port: number;
  state: LbHostStateName;
  /** When the host entered `state` (ms since the epoch) and how long ago that was. */
  since: number;
  sinceMs: number;
  /** Virtual counts (what decisions use; seeded on every transition). */
  vsucc: number;
  verr: number;
  /** Real counts of the current window (what the reporter receives). */
  rsucc: number;
  rerr: number;
  /** Start of the current window: idle hosts restart it every idle_timeout (ms ago). */
  windowMs: number;
  continSucc: number;
  continErr: number;
  /** Probe picks since it was last overloaded (0 while idle). */
  probes: number;
  /** Configured weight (1…1000) and the weight it is picked with now (below it while ramping in slow start). */
  weight: number;
  effectiveWeight: number;
  /** Ejections in a row without a clean idle window (growing ejection's n), and over the host's life. */
  ejections: number;
  totalEjections: number;
}

export type LbRouteStateName = 'new' | 'pulling' | 'ready';

export interface LbKeyState {
  modid: number;
  cmdid: number;
  /** ready: serving a route from DNS; pulling: a pull is out; new: the next use pulls. */
  route: LbRouteStateName;
  /** Agent-local: how many times DNS (or the snapshot) changed the host list; 0 before the first. */
  routeVersion: number;
  /** Since DNS last answered or pushed this key; null before it ever did. */
  routeAgeMs: number | null;
  hosts: LbHostState[];
}

export interface LbStateDump {
  keys: LbKeyState[];
  /** More keys than the dump's cap: the rest were left out. */
  truncated: boolean;
}

/** Times for one dump: the LB's clock (monotonic ms) and the wall clock at the same instant. */
export interface DumpTime {
  now: number;
  wallNow: number;
}

const ROUTE_STATE_NAMES: Record<RouteState, LbRouteStateName> = { [RouteState.NEW]: 'new', [RouteState.PULLING]: 'pulling', [RouteState.READY]: 'ready' };

export function dumpHost(h: Readonly<HostInfo>, time: DumpTime, effectiveWeight: number = h.weight): LbHostState {
  const sinceMs = Math.max(0, time.now - h.stateTs);
  return {
    ip: int32ToIpv4(h.ip),
    port: h.port,
    state: h.overload ? 'overloaded' : 'idle',
    since: Math.round(time.wallNow - sinceMs),
    sinceMs: Math.round(sinceMs),
    vsucc: h.vsucc,
    verr: h.verr,
    rsucc: h.rsucc,
    rerr: h.rerr,
    windowMs: Math.round(Math.max(0, time.now - (h.overload ? h.overloadTs : h.idleTs))),
    continSucc: h.continSucc,
    continErr: h.continErr,
    probes: h.probes,
    weight: h.weight,
    effectiveWeight: Math.round(effectiveWeight * 100) / 100,
    ejections: h.ejections,
    totalEjections: h.totalEjections,
  };
}

/**
 * One key's state. Overloads whose overload_timeout has passed are expired
 * first (as the next getHost would), so an unused key does not show a host
 * overloaded forever.
 */
export function dumpKey(lb: LoadBalance, time: DumpTime): LbKeyState {
  lb.expireOverloaded(time.now);
  const hosts: LbHostState[] = [];
  lb.forEachHost((h) => hosts.push(dumpHost(h, time, lb.effectiveWeight(h, time.now))));
  return {
    modid: lb.modid,
    cmdid: lb.cmdid,
    route: ROUTE_STATE_NAMES[lb.state],
    routeVersion: lb.routeVersion,
    routeAgeMs: lb.hasRoute ? Math.round(Math.max(0, time.now - lb.lastUpdate)) : null,
    hosts,
  };
}

/** At most `maxKeys` keys, in (modid, cmdid) order. */
export function dumpKeys(lbs: Iterable<LoadBalance>, time: DumpTime, maxKeys: number): LbStateDump {
  const all = [...lbs].sort((a, b) => a.modid - b.modid || a.cmdid - b.cmdid);
  return { keys: all.slice(0, maxKeys).map((lb) => dumpKey(lb, time)), truncated: all.length > maxKeys };
}
