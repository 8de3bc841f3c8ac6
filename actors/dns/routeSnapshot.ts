/**
 * The routes one dns-server serves: immutable once built, replaced whole on
 * every change (the original's _data_pointer / _temp_pointer swap). The
 * encoded GetRouteResponse frame of a key is built once per snapshot and
 * shared by every reply and push of that key.
 */
import { lars } from '../../proto/generated/lars.js';
import { hostInfoToWire } from '../../proto/hostWeight.js';
import { encodeFrame } from '../../runtime/reactor/frame.js';
import type { KeyRoute, WireHost } from './dnsProtocol.js';
import { routeKey } from './routeKey.js';

const ID_GET_ROUTE_RESPONSE = lars.MessageId.ID_GetRouteResponse;

export function encodeRouteResponse(modid: number, cmdid: number, hosts: readonly WireHost[]): Buffer {
  return encodeFrame(ID_GET_ROUTE_RESPONSE, lars.GetRouteResponse.encode({ modid, cmdid, host: hosts.map(hostInfoToWire) }).finish());
}

export class RouteSnapshot {
  private readonly frames = new Map<string, Buffer>();

  private constructor(
    readonly version: number,
    private readonly routes: ReadonlyMap<string, KeyRoute>,
    readonly hostCount: number,
  ) {}

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

  all(): KeyRoute[] {
    return [...this.routes.values()];
  }

  /** The framed GetRouteResponse for a key, cached for the life of the snapshot. */
  responseFrame(modid: number, cmdid: number): Buffer {
    const key = routeKey(modid, cmdid);
    let frame = this.frames.get(key);
    if (frame === undefined) {
      frame = encodeRouteResponse(modid, cmdid, this.hosts(modid, cmdid));
      // Unknown keys are asked too (and may be asked at random); cache only real ones.
      if (this.routes.has(key)) this.frames.set(key, frame);
    }
    return frame;
  }
}
