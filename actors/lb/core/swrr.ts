/**
 * Smooth weighted round-robin (nginx's): every host gains its weight, the
 * one with the most credit is picked and pays the total. Picks follow the
 * weights exactly over each cycle and spread a heavy host's picks out
 * instead of sending them in a burst. Ties go to the earlier host, so equal
 * weights give plain rotation in list order.
 */
import type { HostInfo } from './hostInfo.js';

/** Longest precomputed cycle; longer ones (large co-prime weights) are stepped per pick instead. */
export const MAX_SCHEDULE = 1024;

/** One step over `hosts` with their effective weights at `now`; moves the `current` credits. */
export function swrrStep(hosts: readonly HostInfo[], now: number, slowStartMs: number): HostInfo | null {
  let best: HostInfo | null = null;
  let total = 0;
  for (let i = 0; i < hosts.length; i++) {
    const h = hosts[i] as HostInfo;
    const w = h.effectiveWeight(now, slowStartMs);
    h.current += w;
    total += w;
    if (best === null || h.current > best.current) best = h;
  }
  if (best !== null) best.current -= total;
  return best;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * The whole cycle for fixed weights, or null when it is longer than
 * MAX_SCHEDULE. After sum(weights) / gcd steps every credit is back at zero,
 * so the cycle repeats exactly: picking from it is the same sequence as
 * stepping, at the cost of an array read. Credits are left at zero.
 */
export function swrrSchedule(hosts: readonly HostInfo[]): HostInfo[] | null {
  let g = 0;
  let sum = 0;
  for (const h of hosts) {
    g = gcd(h.weight, g);
    sum += h.weight;
  }
  if (g === 0 || sum / g > MAX_SCHEDULE) return null;
  const out: HostInfo[] = [];
  for (const h of hosts) h.current = 0;
  // SWRR is scale-free: the order for weights w is the order for w / g, whose
  // cycle is sum / g long; stepping with full weights (no ramp) reproduces it.
  for (let step = sum / g; step > 0; step--) out.push(swrrStep(hosts, Infinity, 0) as HostInfo);
  return out;
}
