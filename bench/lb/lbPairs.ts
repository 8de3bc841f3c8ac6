/**
 * The loop both LB benchmarks time: getHost + report pairs on one RouteLb,
 * keys taken in turn, a fixed share of reports failing.
 */
import type { HostAddress } from '../../actors/lb/core/hostInfo.js';
import { LarsRetCode } from '../../actors/lb/core/retCode.js';
import { RouteLb } from '../../actors/lb/core/routeLb.js';

export interface PairsSetup {
  keys: number;
  hostsPerKey: number;
  /** Share of reports that fail, in percent. */
  failPct: number;
  /** Weight of host h of every key; absent: no weight (1). */
  weightOf?: (h: number) => number;
}

export function buildRouteLb(s: PairsSetup, now: () => number): RouteLb {
  const rlb = new RouteLb({ now });
  for (let k = 0; k < s.keys; k++) {
    const hosts: HostAddress[] = Array.from({ length: s.hostsPerKey }, (_, h) => {
      const addr = { ip: (0x0a000000 + k * 256 + h) | 0, port: 9000 + h };
      return s.weightOf === undefined ? addr : { ...addr, weight: s.weightOf(h) };
    });
    rlb.applyRoute(k, k + 1, hosts, true);
  }
  return rlb;
}

/** Times `n` pairs; failures come from a fixed-seed xorshift so runs compare and no host fails in lockstep with the rotation. */
export function timePairs(rlb: RouteLb, s: PairsSetup, n: number): { nsPerPair: number; succ: number } {
  const failBelow = Math.round((s.failPct / 100) * 0x100000000);
  const keys = s.keys;
  let succ = 0;
  let k = 0;
  let x = 0x9e3779b9;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const o = rlb.getHost(k, k + 1);
    if (o.retcode === LarsRetCode.RET_SUCC) {
      succ++;
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      rlb.report(k, k + 1, o.ip, o.port, x >>> 0 < failBelow ? LarsRetCode.RET_OVERLOAD : LarsRetCode.RET_SUCC);
    }
    if (++k === keys) k = 0;
  }
  const ns = Number(process.hrtime.bigint() - start);
  return { nsPerPair: ns / n, succ };
}

/** A positive number flag, or the fallback. */
export function numberFlag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}
