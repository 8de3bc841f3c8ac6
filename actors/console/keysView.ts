/**
 * What the console shows about route keys, built from one read of the store:
 * the route table, the latest call stats of every (key, host, caller) and
 * the newest RouteChange of each key. The API returns it as JSON; the pages
 * render it. Addresses are dotted strings here, never the wire's integers.
 */
import { int32ToIpv4, uint32ToInt32, uint32ToIpv4 } from '../../runtime/net/ipv4.js';
import type { KeyChange } from '../../store/historyStore.js';
import type { RouteTable } from '../../store/routeTypes.js';
import type { StatusRow } from '../../store/statusStore.js';

export interface CallerView {
  caller: string;
  succ: number;
  err: number;
  /** err / (succ + err) of the caller's current window; 0 when it made no calls. */
  errRate: number;
  overload: boolean;
  /** Seconds since the caller's last report on this host (the row's ts). */
  ageS: number;
}

export interface HostView {
  ip: string;
  port: number;
  /** False for a host that is gone from the route but still reported on recently. */
  inRoute: boolean;
  succ: number;
  err: number;
  errRate: number;
  /** Some caller's agent has it overloaded. */
  overload: boolean;
  /** Seconds since the newest report on it; null when never reported. */
  lastReportAgeS: number | null;
  callers: CallerView[];
}

export interface KeyView {
  modid: number;
  cmdid: number;
  hostCount: number;
  overloaded: number;
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

/** Hosts dropped from the route stay listed while their stats are younger than this. */
const GONE_HOST_SHOWN_S = 300;

function rate(succ: number, err: number): number {
  return succ + err === 0 ? 0 : err / (succ + err);
}

export function buildKeysView(table: RouteTable, status: readonly StatusRow[], changes: readonly KeyChange[], nowMs: number): KeysView {
  const nowS = nowMs / 1000;
  const stats = new Map<string, StatusRow[]>();
  for (const row of status) {
    const k = `${row.modid}/${row.cmdid}/${row.ip}/${row.port}`;
    const list = stats.get(k);
    if (list) list.push(row);
    else stats.set(k, [row]);
  }
  const changeOf = new Map(changes.map((c) => [`${c.modid}/${c.cmdid}`, c]));

  const hostView = (modid: number, cmdid: number, wireIp: number, port: number, inRoute: boolean): HostView => {
    const rows = stats.get(`${modid}/${cmdid}/${wireIp}/${port}`) ?? [];
    const callers = rows.map((r) => ({
      caller: int32ToIpv4(r.caller),
      succ: r.succCnt,
      err: r.errCnt,
      errRate: rate(r.succCnt, r.errCnt),
      overload: r.overload,
      ageS: Math.max(0, Math.round(nowS - r.ts)),
    }));
    const succ = callers.reduce((n, c) => n + c.succ, 0);
    const err = callers.reduce((n, c) => n + c.err, 0);
    const newest = rows.reduce((m, r) => Math.max(m, r.ts), -1);
    return {
      ip: int32ToIpv4(wireIp),
      port,
      inRoute,
      succ,
      err,
      errRate: rate(succ, err),
      overload: callers.some((c) => c.overload),
      lastReportAgeS: newest < 0 ? null : Math.max(0, Math.round(nowS - newest)),
      callers,
    };
  };

  const keys: KeyView[] = table.routes.map((route) => {
    const hosts = route.hosts.map((h) => hostView(route.modid, route.cmdid, uint32ToInt32(h.ip), h.port, true));
    const routed = new Set(route.hosts.map((h) => `${uint32ToIpv4(h.ip)}:${h.port}`));
    const gone = new Map<string, StatusRow>();
    for (const r of status) {
      if (r.modid !== route.modid || r.cmdid !== route.cmdid) continue;
      const id = `${int32ToIpv4(r.ip)}:${r.port}`;
      if (!routed.has(id) && nowS - r.ts < GONE_HOST_SHOWN_S) gone.set(id, r);
    }
    for (const r of gone.values()) hosts.push(hostView(r.modid, r.cmdid, r.ip, r.port, false));
    const change = changeOf.get(`${route.modid}/${route.cmdid}`);
    return {
      modid: route.modid,
      cmdid: route.cmdid,
      hostCount: route.hosts.length,
      overloaded: hosts.filter((h) => h.inRoute && h.overload).length,
      lastChange: change ? { version: change.version, atMs: change.atMs } : null,
      hosts,
    };
  });
  return { version: table.version, readAtMs: nowMs, keys };
}
