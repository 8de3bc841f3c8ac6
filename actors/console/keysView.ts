/**
 * What the console shows about route keys, built from one read of the store:
 * the route table, the latest call stats of every (key, host, caller) and
 * the newest RouteChange of each key. The API returns it as JSON; the pages
 * render it. Addresses are dotted strings here, never the wire's integers.
 */
import { int32ToIpv4, uint32ToInt32 } from '../../runtime/net/ipv4.js';
import type { KeyChange } from '../../store/historyStore.js';
import { normalizeWeight } from '../../proto/hostWeight.js';
import type { HostMeta } from '../../proto/hostMeta.js';
import type { HostState } from '../../store/leaseStore.js';
import type { RouteHost, RouteTable } from '../../store/routeTypes.js';
import { servedHostCount } from '../../store/routeLimit.js';
import type { StatusRow } from '../../store/statusStore.js';
import type { KeyName } from '../../store/keyNameStore.js';

export interface CallerView {
  caller: string;
  succ: number;
  err: number;
  /** err / (succ + err) of the caller's current window; 0 when it made no calls. */
  errRate: number;
  /** What the caller's last report said, however old (see `current`). */
  overload: boolean;
  /** Seconds since the caller's last report on this host (the row's ts). */
  ageS: number;
  /** The report is younger than REPORT_CURRENT_S: it still says what the caller's agent thinks of the host now. */
  current: boolean;
}

export interface HostView {
  ip: string;
  port: number;
  /** False for a host that is gone from the route but still reported on recently. */
  inRoute: boolean;
  /** RouteData.weight (1 on a database without the column); null for a host no longer in the route. */
  weight: number | null;
  /** RouteData.zone; null without one (and for a host not in RouteData). */
  zone: string | null;
  /** RouteData.tags ("key=value", sorted by key); [] without any. */
  tags: readonly string[];
  succ: number;
  err: number;
  errRate: number;
  /** Some caller's agent has it overloaded now (a current report says so). */
  overload: boolean;
  /**
   * Seconds since the newest report that said overloaded when no current one
   * does (the agent stopped calling it: its ejection has run out since, or
   * runs out unseen); null otherwise.
   */
  staleOverloadAgeS: number | null;
  /** Seconds since the newest report on it; null when never reported. */
  lastReportAgeS: number | null;
  callers: CallerView[];
  /** 'static': an operator's row in the route table; 'registered': only a registration holds it. */
  source: 'static' | 'registered';
  /** Who registered it ("agent HOST", "client HOST:PID"); null when no registration holds it. */
  owner: string | null;
  /** Time left on the registration's lease at the read (negative once lapsed, until a sweep); null without one. */
  leaseRemainingMs: number | null;
  /** The registration's health check as DNS last heard it; null without a check. */
  check: { passing: boolean; detail: string } | null;
  /** False while an operator has it drained (disabled); `drained` says since when and by whom. */
  enabled: boolean;
  drained: { atMs: number; who: string } | null;
  /** DNS serves it: in the route, enabled, its check (if any) passing. */
  served: boolean;
}

export interface KeyView {
  modid: number;
  cmdid: number;
  /** The key's service name (store/keyNameStore.ts); null without one. */
  name: string | null;
  /** Hosts DNS serves. */
  hostCount: number;
  /** Hosts the store knows that DNS does not serve: drained, or failing their check. */
  outOfService: number;
  /**
   * Hosts one GetRouteResponse carries: hostCount, unless the key is past the
   * wire limit and the DNS serves only its first hosts by (ip, port).
   */
  servedHosts: number;
  overloaded: number;
  /** Calls in the agents' current windows, over the key's routed hosts. */
  succ: number;
  err: number;
  /** The newest edit of this key still in the change log; null when pruned or never logged. */
  lastChange: { version: number; atMs: number } | null;
  hosts: HostView[];
}

export interface KeysView {
  /** RouteVersion at the read. */
  version: number;
  /** Epoch ms of the read. */
  readAtMs: number;
  keys: KeyView[];
}

/**
 * A caller's report older than this no longer says what its agent thinks of
 * the host now: an agent reports a key only while it makes calls on it, so
 * after traffic stops the last row (overloaded, say) stays in the store while
 * the agent's ejection runs out. Several report intervals (1 s by default),
 * well under an ejection's overload_timeout.
 */
export const REPORT_CURRENT_S = 10;

/** Hosts dropped from the route stay listed while their stats are younger than this. */
const GONE_HOST_SHOWN_S = 300;

function rate(succ: number, err: number): number {
  return succ + err === 0 ? 0 : err / (succ + err);
}

/** A host as one number (ip 32 bits, port 16): maps keyed by it allocate no strings. -1 for a port no route can have. */
function hostNumber(ip: number, port: number): number {
  return port >= 0 && port <= 0xffff ? (ip >>> 0) * 65536 + port : -1;
}

/** Status rows of one key, by host number. */
type KeyStats = Map<number, StatusRow[]>;

/** Rows grouped by key, then host; a key's string is built once per run of its rows (readStatus sorts by key). */
function groupStatus(status: readonly StatusRow[]): Map<string, KeyStats> {
  const byKey = new Map<string, KeyStats>();
  let current: KeyStats | undefined;
  let lastModid = NaN;
  let lastCmdid = NaN;
  for (const row of status) {
    if (row.modid !== lastModid || row.cmdid !== lastCmdid) {
      lastModid = row.modid;
      lastCmdid = row.cmdid;
      const id = `${row.modid}/${row.cmdid}`;
      current = byKey.get(id);
      if (!current) byKey.set(id, (current = new Map()));
    }
    const h = hostNumber(row.ip, row.port);
    if (h < 0 || !current) continue;
    const list = current.get(h);
    if (list) list.push(row);
    else current.set(h, [row]);
  }
  return byKey;
}

/** What the lease tables say about one host (states: listHostStates, absent on a store without them). */
type Registration = Pick<HostView, 'source' | 'owner' | 'leaseRemainingMs' | 'check' | 'enabled' | 'drained' | 'served'>;

const STATIC_HOST: Registration = { source: 'static', owner: null, leaseRemainingMs: null, check: null, enabled: true, drained: null, served: true };
const GONE_HOST: Registration = { ...STATIC_HOST, served: false };

function registrationOf(s: HostState): Registration {
  const lease = s.lease;
  // A lease without a check passes with an empty detail (docs/registration.md); a passing check's detail is its url.
  const check = lease === undefined || (lease.passing && lease.detail === '') ? null : { passing: lease.passing, detail: lease.detail };
  return {
    source: s.static ? 'static' : 'registered',
    owner: lease?.owner ?? null,
    leaseRemainingMs: lease?.remainingMs ?? null,
    check,
    enabled: s.drained === undefined,
    drained: s.drained === undefined ? null : { atMs: s.drained.atMs, who: s.drained.who },
    served: s.served,
  };
}

/** Lease states by key, then host number (wire ip). */
function groupStates(states: readonly HostState[]): Map<string, Map<number, HostState>> {
  const byKey = new Map<string, Map<number, HostState>>();
  for (const s of states) {
    const id = `${s.modid}/${s.cmdid}`;
    let hosts = byKey.get(id);
    if (!hosts) byKey.set(id, (hosts = new Map()));
    hosts.set(hostNumber(uint32ToInt32(s.ip), s.port), s);
  }
  return byKey;
}

export function buildKeysView(
  table: RouteTable,
  status: readonly StatusRow[],
  changes: readonly KeyChange[],
  nowMs: number,
  states: readonly HostState[] = [],
  names: readonly KeyName[] = [],
): KeysView {
  const nameOf = new Map(names.map((n) => [`${n.modid}/${n.cmdid}`, n.name]));
  const nowS = nowMs / 1000;
  const byKey = groupStatus(status);
  const statesByKey = groupStates(states);
  const changeOf = new Map(changes.map((c) => [`${c.modid}/${c.cmdid}`, c]));
  const callerNames = new Map<number, string>();
  const callerName = (caller: number): string => {
    let name = callerNames.get(caller);
    if (name === undefined) callerNames.set(caller, (name = int32ToIpv4(caller)));
    return name;
  };

  const hostView = (rows: readonly StatusRow[], wireIp: number, port: number, weight: number | null, reg: Registration, meta: HostMeta = {}): HostView => {
    let succ = 0;
    let err = 0;
    let newest = -1;
    let overload = false;
    let staleOverloadTs = -1;
    const callers = rows.map((r) => {
      succ += r.succCnt;
      err += r.errCnt;
      newest = Math.max(newest, r.ts);
      const current = nowS - r.ts < REPORT_CURRENT_S;
      if (current) overload ||= r.overload;
      else if (r.overload) staleOverloadTs = Math.max(staleOverloadTs, r.ts);
      return { caller: callerName(r.caller), succ: r.succCnt, err: r.errCnt, errRate: rate(r.succCnt, r.errCnt), overload: r.overload, ageS: Math.max(0, Math.round(nowS - r.ts)), current };
    });
    return {
      ip: int32ToIpv4(wireIp),
      port,
      inRoute: weight !== null,
      weight,
      zone: meta.zone ?? null,
      tags: meta.tags ?? [],
      succ,
      err,
      errRate: rate(succ, err),
      overload,
      staleOverloadAgeS: overload || staleOverloadTs < 0 ? null : Math.max(0, Math.round(nowS - staleOverloadTs)),
      lastReportAgeS: newest < 0 ? null : Math.max(0, Math.round(nowS - newest)),
      callers,
      ...reg,
    };
  };

  // Keys whose every host is drained or failing its check have no served host, but the operator still sees them.
  const routes = [...table.routes];
  const routedKeys = new Set(routes.map((r) => `${r.modid}/${r.cmdid}`));
  for (const [id, hosts] of statesByKey) {
    const first = hosts.values().next().value;
    if (!routedKeys.has(id) && first) routes.push({ modid: first.modid, cmdid: first.cmdid, hosts: [] });
  }
  if (routes.length > table.routes.length) routes.sort((a, b) => a.modid - b.modid || a.cmdid - b.cmdid);

  const keys: KeyView[] = routes.map((route) => {
    const stats: KeyStats = byKey.get(`${route.modid}/${route.cmdid}`) ?? new Map();
    const known = statesByKey.get(`${route.modid}/${route.cmdid}`);
    const routed = new Set<number>();
    // What one GetRouteResponse carries: the rows DNS serves (not withheld), up to the wire limit.
    const servedRoute: RouteHost[] = [];
    const hosts = route.hosts.map((h) => {
      const wireIp = uint32ToInt32(h.ip);
      const n = hostNumber(wireIp, h.port);
      routed.add(n);
      const state = known?.get(n);
      if (state === undefined || state.served) servedRoute.push(h);
      return hostView(stats.get(n) ?? [], wireIp, h.port, normalizeWeight(h.weight), state ? registrationOf(state) : STATIC_HOST, h);
    });
    for (const [n, state] of known ?? []) {
      if (routed.has(n)) continue;
      routed.add(n);
      const wireIp = uint32ToInt32(state.ip);
      hosts.push(hostView(stats.get(n) ?? [], wireIp, state.port, normalizeWeight(state.weight), registrationOf(state)));
    }
    let succ = 0;
    let err = 0;
    let overloaded = 0;
    let hostCount = 0;
    for (const h of hosts) {
      succ += h.succ;
      err += h.err;
      if (h.overload) overloaded++;
      if (h.served) hostCount++;
    }
    const outOfService = hosts.length - hostCount;
    for (const [n, rows] of stats) {
      const first = rows[0];
      if (routed.has(n) || !first || !rows.some((r) => nowS - r.ts < GONE_HOST_SHOWN_S)) continue;
      hosts.push(hostView(rows, first.ip, first.port, null, GONE_HOST));
    }
    const change = changeOf.get(`${route.modid}/${route.cmdid}`);
    return {
      modid: route.modid,
      cmdid: route.cmdid,
      name: nameOf.get(`${route.modid}/${route.cmdid}`) ?? null,
      hostCount,
      outOfService,
      servedHosts: servedHostCount(route.modid, route.cmdid, servedRoute),
      overloaded,
      succ,
      err,
      lastChange: change ? { version: change.version, atMs: change.atMs } : null,
      hosts,
    };
  });
  return { version: table.version, readAtMs: nowMs, keys };
}
