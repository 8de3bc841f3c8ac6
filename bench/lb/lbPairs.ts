/**
 * The loop both LB benchmarks time: getHost + report pairs on one RouteLb,
 * keys taken in turn, a fixed share of reports failing.
 */
import { parseRule } from '../../proto/routeRule.js';
import type { HostAddress } from '../../actors/lb/core/hostInfo.js';
import { DEFAULT_LB_THRESHOLDS, type LbThresholds } from '../../actors/lb/core/lbConfig.js';
import { LarsRetCode } from '../../actors/lb/core/retCode.js';
import { RouteLb } from '../../actors/lb/core/routeLb.js';

export interface PairsSetup {
  keys: number;
  hostsPerKey: number;
  /** Share of reports that fail, in percent. */
  failPct: number;
  /** Weight of host h of every key; absent: no weight (1). */
  weightOf?: (h: number) => number;
  /** Zone of host h of every key; absent or '': none. */
  zoneOf?: (h: number) => string;
  /** The caller's zone; absent: none. */
  callerZone?: string;
  /** Tags of host h of each key (e.g. a canary); absent: none. */
  tagsOf?: (h: number) => string[];
  /** Routing rules of every key, as their text; absent: none. */
  rules?: string[];
  /** [loadbalance] thresholds over the defaults. */
  thresholds?: Partial<LbThresholds>;
  /** Hosts ejected (reported failing until overloaded) before timing; with no probes and a frozen clock they stay out. */
  ejected?: (h: number) => boolean;
}

export function buildRouteLb(s: PairsSetup, now: () => number): RouteLb {
  const rlb = new RouteLb({ now, thresholds: { ...DEFAULT_LB_THRESHOLDS, ...s.thresholds }, ...(s.callerZone === undefined ? {} : { zone: s.callerZone }) });
  for (let k = 0; k < s.keys; k++) {
    const hosts: HostAddress[] = Array.from({ length: s.hostsPerKey }, (_, h) => {
      const addr = { ip: (0x0a000000 + k * 256 + h) | 0, port: 9000 + h };
      const zone = s.zoneOf?.(h) ?? '';
      const tags = s.tagsOf?.(h) ?? [];
      return { ...addr, ...(s.weightOf === undefined ? {} : { weight: s.weightOf(h) }), ...(zone === '' ? {} : { zone }), ...(tags.length === 0 ? {} : { tags }) };
    });
    rlb.applyRoute(k, k + 1, hosts, true, (s.rules ?? []).map(parseRule));
    for (const h of hosts.filter((_, i) => s.ejected?.(i) === true)) {
      for (let i = 0; i < 1000 && rlb.find(k, k + 1)?.host(h.ip, h.port)?.overload === false; i++) rlb.report(k, k + 1, h.ip, h.port, LarsRetCode.RET_OVERLOAD);
    }
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

/** The flags the side-by-side LB benches share (lbWeights, lbZones). */
export function sideBySideFlags(): { keys: number; hostsPerKey: number; pairs: number; rounds: number; failPct: number; json: boolean } {
  return {
    keys: numberFlag('keys', 30),
    hostsPerKey: numberFlag('hosts', 10),
    pairs: numberFlag('pairs', 1e6),
    rounds: numberFlag('rounds', 9),
    failPct: numberFlag('fail-pct', 2),
    json: process.argv.includes('--json'),
  };
}

/**
 * Each variant's own RouteLb, timed in interleaved rounds (a warm-up round
 * first) so drift on a shared machine hits all alike; the best round of each.
 */
export function bestOfRounds(setups: readonly PairsSetup[], pairs: number, rounds: number, now: () => number): { lbs: RouteLb[]; best: number[] } {
  const lbs = setups.map((s) => buildRouteLb(s, now));
  const best = setups.map(() => Infinity);
  setups.forEach((s, i) => timePairs(lbs[i] as RouteLb, s, pairs));
  for (let round = 0; round < rounds; round++) {
    setups.forEach((s, i) => {
      best[i] = Math.min(best[i] as number, timePairs(lbs[i] as RouteLb, s, pairs).nsPerPair);
    });
  }
  return { lbs, best };
}
