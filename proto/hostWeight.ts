/**
 * Host weights on the wire (HostInfo.weight = 3, ours, not the original's).
 * 0 or absent means 1, and the field is written only when the weight is not
 * 1: with every weight 1 each frame is byte-identical to the original's, and
 * the original's clients skip the field when it is there. A host's zone and
 * tags (fields 4 and 5, proto/hostMeta.ts) travel the same way: written only
 * when set.
 */
import type { lars } from './generated/lars.js';
import { hostMetaFromWire, sameHostMeta, type HostMeta } from './hostMeta.js';

export const MIN_WEIGHT = 1;
export const MAX_WEIGHT = 1000;

/**
 * The weight a host is balanced with. 0 and absent mean 1 (proto3 default);
 * anything a foreign peer sends outside 1…1000 is clamped, never refused, so
 * a bad weight cannot take a host out of its route.
 */
export function normalizeWeight(w: number | null | undefined): number {
  if (w === undefined || w === null || !(w >= MIN_WEIGHT)) return MIN_WEIGHT;
  return w >= MAX_WEIGHT ? MAX_WEIGHT : Math.trunc(w);
}

export interface WeightedAddress extends HostMeta {
  readonly ip: number;
  readonly port: number;
  /** Absent means 1. */
  readonly weight?: number;
}

/**
 * The address with `weight` only when it is not 1 and zone and tags only
 * when set, as the wire carries it. `meta` must already be in its one form
 * (checkHostMeta or hostMetaFromWire).
 */
export function weightedAddress(ip: number, port: number, weight: number | null | undefined, meta: HostMeta = {}): WeightedAddress {
  const w = normalizeWeight(weight);
  const out: { ip: number; port: number; weight?: number; zone?: string; tags?: readonly string[] } = { ip, port };
  if (w !== 1) out.weight = w;
  if (meta.zone !== undefined && meta.zone !== '') out.zone = meta.zone;
  if (meta.tags !== undefined && meta.tags.length > 0) out.tags = meta.tags;
  return out;
}

/**
 * Same hosts in the same order with the same weights (0 and absent counting
 * as 1), zones and tags: a list this returns true for balances exactly as
 * the other does, so nobody needs to hear of it (a DNS push, a client's
 * route listeners).
 */
export function sameAddresses(a: readonly WeightedAddress[], b: readonly WeightedAddress[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) return false;
    if (x.ip !== y.ip || x.port !== y.port || normalizeWeight(x.weight) !== normalizeWeight(y.weight) || !sameHostMeta(x, y)) return false;
  }
  return true;
}

/** A HostInfo to encode: the weight field only when it is not 1, zone and tags only when set. */
export function hostInfoToWire(h: WeightedAddress): lars.HostInfo.$Properties {
  const out: lars.HostInfo.$Properties = { ip: h.ip, port: h.port };
  const weight = normalizeWeight(h.weight);
  if (weight !== 1) out.weight = weight;
  if (h.zone !== undefined && h.zone !== '') out.zone = h.zone;
  if (h.tags !== undefined && h.tags.length > 0) out.tags = [...h.tags];
  return out;
}

/** A decoded HostInfo as an address: `weight` only when it is not 1, zone and tags only when set and well-formed. */
export function hostInfoFromWire(h: lars.HostInfo.$Properties): WeightedAddress {
  return weightedAddress(h.ip ?? 0, h.port ?? 0, h.weight, hostMetaFromWire(h.zone, h.tags));
}
