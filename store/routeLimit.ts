/**
 * The one check every route edit passes before it commits (CLI, console,
 * any admin path goes through the store's addHost / setWeight): a key must
 * stay servable in one GetRouteResponse within the wire limit. Measured by
 * encoding the response the DNS would send, so host entries of any size
 * (a weight, zone and tags, a high address's 10-byte varint) count as they are.
 */
import { lars } from '../proto/generated/lars.js';
import { hostInfoToWire, weightedAddress, type WeightedAddress } from '../proto/hostWeight.js';
import { encodeRouteResponseBody } from '../proto/routeResponse.js';
import { uint32ToInt32, uint32ToIpv4 } from '../runtime/net/ipv4.js';
import { MAX_BODY_LEN } from '../runtime/reactor/frame.js';
import type { RouteHost } from './routeTypes.js';
import { StoreError } from './storeError.js';

/** A stored host as DNS serves it: int32 ip, weight when not 1, zone and tags when set. */
export function wireHost(h: RouteHost): WeightedAddress {
  return weightedAddress(uint32ToInt32(h.ip), h.port, h.weight, h);
}

/** Body bytes of the GetRouteResponse for these hosts (store form: unsigned ip). */
export function routeResponseLen(modid: number, cmdid: number, hosts: readonly RouteHost[]): number {
  const host = hosts.map((h) => hostInfoToWire(wireHost(h)));
  return lars.GetRouteResponse.encode({ modid, cmdid, host }).finish().length;
}

/**
 * Keys with fewer hosts than this always fit (a host entry is at most 20
 * bytes), so they are not encoded to be measured: the console and
 * `lars route list` ask this of every key.
 */
const ALWAYS_FITS_BELOW = 1000;

/**
 * How many of the key's hosts one GetRouteResponse carries: all of them, or,
 * for a key past the wire limit (rows written by SQL), the count of the first
 * by (ip, port) that the DNS serves.
 */
export function servedHostCount(modid: number, cmdid: number, hosts: readonly RouteHost[]): number {
  if (hosts.length < ALWAYS_FITS_BELOW) return hosts.length;
  const wire = hosts.map(wireHost);
  return encodeRouteResponseBody(modid, cmdid, wire, MAX_BODY_LEN).kept;
}

/** The key's hosts after adding `h`, or after setting its weight when it is already there. */
export function withHost(hosts: readonly RouteHost[], h: RouteHost): RouteHost[] {
  const i = hosts.findIndex((x) => x.ip === h.ip && x.port === h.port);
  return i < 0 ? [...hosts, h] : hosts.map((x, j) => (j === i ? h : x));
}

export function hostText(ip: number, port: number): string {
  return `${uint32ToIpv4(ip)}:${port}`;
}

/** Throws STORE_BAD_DATA, naming the key and the limit, when the key's hosts after the edit would not fit. */
export function checkRouteFits(modid: number, cmdid: number, after: readonly RouteHost[], edit: string): void {
  const len = routeResponseLen(modid, cmdid, after);
  if (len <= MAX_BODY_LEN) return;
  throw new StoreError(
    'STORE_BAD_DATA',
    `route ${modid}/${cmdid}: ${edit} would make its GetRouteResponse ${len} bytes, over the ${MAX_BODY_LEN}-byte wire limit (${after.length} hosts); refused`,
  );
}
