/**
 * Whether a key's route still fits one GetRouteResponse after registrations
 * add hosts to it (the rule store/routeLimit.ts applies to `lars route add`).
 * Most keys are far from the limit and are judged by their host count alone;
 * a key near it is measured exactly, entry by entry, from its hosts read
 * beforehand.
 */
import type { RouteHost, RouteKey } from '../routeTypes.js';
import type { HostKey } from '../leaseStore.js';
import { routeResponseLen, hostText } from '../routeLimit.js';
import { lars } from '../../proto/generated/lars.js';
import { hostInfoToWire } from '../../proto/hostWeight.js';
import { uint32ToInt32 } from '../../runtime/net/ipv4.js';
import { MAX_BODY_LEN } from '../../runtime/reactor/frame.js';

/**
 * Hosts any key can hold: a HostInfo entry takes at most 20 bytes (tag and
 * length, a 10-byte varint ip, a 3-byte port, a 2-byte weight), so 3,000
 * of them stay well inside a 65,527-byte body.
 */
export const HOSTS_ALWAYS_FIT = 3000;

/** Bytes one `repeated HostInfo host = 3` entry adds to a GetRouteResponse body. */
function entryLen(ip: number, port: number, weight: number): number {
  const len = lars.HostInfo.encode(hostInfoToWire({ ip: uint32ToInt32(ip), port, weight })).finish().length;
  return 1 + (len < 128 ? 1 : 2) + len;
}

interface Measured {
  modid: number;
  cmdid: number;
  len: number;
  hosts: Map<string, number>;
}

export class KeyRoom {
  private readonly counts = new Map<string, number>();
  private readonly exact = new Map<string, Measured>();

  /** `counts`: RouteData rows per key now; `exactHosts`: the rows of keys that may reach the limit. */
  constructor(counts: ReadonlyMap<string, number>, exactHosts: ReadonlyMap<string, { key: RouteKey; hosts: RouteHost[] }>) {
    for (const [k, n] of counts) this.counts.set(k, n);
    for (const [k, { key, hosts }] of exactHosts) {
      const m: Measured = { ...key, len: routeResponseLen(key.modid, key.cmdid, []), hosts: new Map() };
      for (const h of hosts) this.grow(m, h.ip, h.port, h.weight ?? 1);
      this.exact.set(k, m);
    }
  }

  /** Keys that need their hosts read: they could pass HOSTS_ALWAYS_FIT with `adding` more. */
  static needsHosts(counts: ReadonlyMap<string, number>, adding: ReadonlyMap<string, number>): string[] {
    return [...adding].filter(([k, n]) => (counts.get(k) ?? 0) + n > HOSTS_ALWAYS_FIT).map(([k]) => k);
  }

  /** Takes a row for the host; undefined when it fits, else why not. */
  add(h: HostKey, weight: number): string | undefined {
    const k = `${h.modid}/${h.cmdid}`;
    const m = this.exact.get(k);
    if (m === undefined) {
      this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
      return undefined;
    }
    const len = m.len + entryLen(h.ip, h.port, weight);
    if (len > MAX_BODY_LEN) {
      return `route ${k}: adding ${hostText(h.ip, h.port)} would make its GetRouteResponse ${len} bytes, over the ${MAX_BODY_LEN}-byte wire limit (${m.hosts.size + 1} hosts)`;
    }
    this.grow(m, h.ip, h.port, weight);
    return undefined;
  }

  remove(h: HostKey): void {
    const k = `${h.modid}/${h.cmdid}`;
    const m = this.exact.get(k);
    if (m === undefined) {
      this.counts.set(k, Math.max(0, (this.counts.get(k) ?? 0) - 1));
      return;
    }
    const id = `${h.ip}:${h.port}`;
    m.len -= m.hosts.get(id) ?? 0;
    m.hosts.delete(id);
  }

  private grow(m: Measured, ip: number, port: number, weight: number): void {
    const n = entryLen(ip, port, weight);
    m.len += n;
    m.hosts.set(`${ip}:${port}`, n);
  }
}
