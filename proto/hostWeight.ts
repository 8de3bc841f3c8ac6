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

/** A HostInfo to encode: the weight field only when it is not 1. */
export function hostInfoToWire(h: WeightedAddress): lars.IHostInfo {
  const weight = normalizeWeight(h.weight);
  return weight === 1 ? { ip: h.ip, port: h.port } : { ip: h.ip, port: h.port, weight };
}

/** A decoded HostInfo as an address; `weight` is set only when it is not 1, as on the wire. */
export function hostInfoFromWire(h: lars.IHostInfo): WeightedAddress {
  const weight = normalizeWeight(h.weight);
  return weight === 1 ? { ip: h.ip ?? 0, port: h.port ?? 0 } : { ip: h.ip ?? 0, port: h.port ?? 0, weight };
}
