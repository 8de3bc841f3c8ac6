/**
 * Host weights on the wire (HostInfo.weight = 3, ours, not the original's).
 * 0 or absent means 1, and the field is written only when the weight is not
 * 1: with every weight 1 each frame is byte-identical to the original's, and
 * the original's clients skip the field when it is there.
 */
import type { lars } from './generated/lars.js';

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

export interface WeightedAddress {
  readonly ip: number;
  readonly port: number;
  /** Absent means 1. */
  readonly weight?: number;
}

/** The address with `weight` only when it is not 1, as the wire carries it. */
export function weightedAddress(ip: number, port: number, weight: number | null | undefined): WeightedAddress {
  const w = normalizeWeight(weight);
  return w === 1 ? { ip, port } : { ip, port, weight: w };
}

/**
 * Same hosts in the same order with the same weights, 0 and absent counting
 * as 1: a list this returns true for balances exactly as the other does, so
 * nobody needs to hear of it (a DNS push, a client's route listeners).
 */
export function sameAddresses(a: readonly WeightedAddress[], b: readonly WeightedAddress[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x?.ip !== y?.ip || x?.port !== y?.port || normalizeWeight(x?.weight) !== normalizeWeight(y?.weight)) return false;
  }
  return true;
}

/** A HostInfo to encode: the weight field only when it is not 1. */
export function hostInfoToWire(h: WeightedAddress): lars.IHostInfo {
  const weight = normalizeWeight(h.weight);
  return weight === 1 ? { ip: h.ip, port: h.port } : { ip: h.ip, port: h.port, weight };
}

/** A decoded HostInfo as an address; `weight` is set only when it is not 1, as on the wire. */
export function hostInfoFromWire(h: lars.IHostInfo): WeightedAddress {
  return weightedAddress(h.ip ?? 0, h.port ?? 0, h.weight);
}
