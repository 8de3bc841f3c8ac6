/**
 * The routes one dns-server serves: immutable once built, replaced whole on
 * every change (the original's _data_pointer / _temp_pointer swap). The
 * encoded GetRouteResponse frame of a key is built once per snapshot and
 * shared by every reply and push of that key.
 *
 * No frame passes the wire limit: a key whose hosts do not all fit in a
 * 65527-byte body (rows written straight into the store) is served as the
 * first hosts in ascending (ip, port) order that fit (proto/routeResponse.ts),
 * and listed in `oversized` so the service can count, log and report it.
 */
import { lars } from '../../proto/generated/lars.js';
import { encodeRouteResponseBody } from '../../proto/routeResponse.js';
import { encodeFrame, MAX_BODY_LEN } from '../../runtime/reactor/frame.js';
import type { KeyRoute, WireHost } from './dnsProtocol.js';
import { routeKey } from './routeKey.js';

const ID_GET_ROUTE_RESPONSE = lars.MessageId.ID_GetRouteResponse;
/**
 * Keys with at least this many hosts are measured when the snapshot is built,
 * so /healthz names an oversized key before anyone asks for it. Smaller keys
 * cannot reach the limit unless a host entry took over 65 bytes (today at
 * most 17); were that ever so, they are still measured when first encoded.
 */
const MEASURE_EAGERLY_FROM = 1000;

/** The framed GetRouteResponse for these hosts, cut to fit the wire limit if need be. */
export function encodeRouteResponse(modid: number, cmdid: number, hosts: readonly WireHost[]): Buffer {
  return encodeFrame(ID_GET_ROUTE_RESPONSE, encodeRouteResponseBody(modid, cmdid, hosts, MAX_BODY_LEN).body);
}

/** A key served with fewer hosts than it has. */
export interface OversizedKey {
  modid: number;
  cmdid: number;
  kept: number;
  total: number;
}

export class RouteSnapshot {
  private readonly frames = new Map<string, Buffer>();
  private readonly cut = new Map<string, OversizedKey>();

  private constructor(
    readonly version: number,
    private readonly routes: ReadonlyMap<string, KeyRoute>,
    readonly hostCount: number,
  ) {
    for (const r of routes.values()) if (r.hosts.length >= MEASURE_EAGERLY_FROM) this.responseFrame(r.modid, r.cmdid);
  }

  static empty(): RouteSnapshot {
    return new RouteSnapshot(-1, new Map(), 0);
  }

  static of(version: number, routes: readonly KeyRoute[]): RouteSnapshot {
    const map = new Map<string, KeyRoute>();
    let hosts = 0;
    for (const r of routes) {
      if (r.hosts.length === 0) continue;
      map.set(routeKey(r.modid, r.cmdid), r);
      hosts += r.hosts.length;
    }
    return new RouteSnapshot(version, map, hosts);
  }

  /** The next snapshot: these keys replaced (an empty host list removes the key). */
  withChanges(version: number, changes: readonly KeyRoute[]): RouteSnapshot {
    const map = new Map(this.routes);
    let hosts = this.hostCount;
    for (const c of changes) {
      const key = routeKey(c.modid, c.cmdid);
      hosts -= map.get(key)?.hosts.length ?? 0;
      if (c.hosts.length === 0) {
        map.delete(key);
      } else {
        map.set(key, c);
        hosts += c.hosts.length;
      }
    }
    return new RouteSnapshot(version, map, hosts);
  }

  get keyCount(): number {
    return this.routes.size;
  }

  hosts(modid: number, cmdid: number): readonly WireHost[] {
    return this.routes.get(routeKey(modid, cmdid))?.hosts ?? [];
  }

  rules(modid: number, cmdid: number): readonly string[] | undefined {
    return this.routes.get(routeKey(modid, cmdid))?.rules;
  }

  all(): KeyRoute[] {
    return [...this.routes.values()];
  }

  /** Keys whose response had to leave hosts out, as measured so far. */
  get oversized(): ReadonlyMap<string, OversizedKey> {
    return this.cut;
  }

  /** True when this key's response leaves hosts out (after responseFrame measured it). */
  isCut(modid: number, cmdid: number): boolean {
    return this.cut.size > 0 && this.cut.has(routeKey(modid, cmdid));
  }

  /** The framed GetRouteResponse for a key, within the wire limit, cached for the life of the snapshot. */
  responseFrame(modid: number, cmdid: number): Buffer {
    const key = routeKey(modid, cmdid);
    let frame = this.frames.get(key);
    if (frame === undefined) {
      const route = this.routes.get(key);
      const { body, kept, total } = encodeRouteResponseBody(modid, cmdid, route?.hosts ?? [], MAX_BODY_LEN, route?.rules);
      frame = encodeFrame(ID_GET_ROUTE_RESPONSE, body);
      if (kept < total) this.cut.set(key, { modid, cmdid, kept, total });
      // Unknown keys are asked too (and may be asked at random); cache only real ones.
      if (this.routes.has(key)) this.frames.set(key, frame);
    }
    return frame;
  }
}
