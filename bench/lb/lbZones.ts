/**
 * What zones cost the LB core (issue 21): ns per getHost + report pair
 * without zones (no caller zone, hosts without zones: today's path), with a
 * caller zone and half of each key's hosts in it (picks stay local), and with
 * the local zone degraded below zone_spill_threshold (two of its five hosts
 * out: a seventh of the picks spill), each against the same key without zones. Runs interleaved in one process so drift hits
 * all alike. Target: zones / no zones <= 1.3x.
 * Run: npm run build && node dist/bench/lb/lbZones.js
 * Options: --keys N (30), --hosts N (10), --pairs N per run (1e6), --rounds N (9),
 * --fail-pct P (2), --json. Best of the rounds (this VM is shared).
 */
import { bestOfRounds, sideBySideFlags, type PairsSetup } from './lbPairs.js';

const { keys, hostsPerKey, pairs, rounds, failPct, json } = sideBySideFlags();

const now = (): number => 1_000_000;
const half = (h: number): string => (h < hostsPerKey / 2 ? 'a' : 'b');
// Degraded: hosts 0 and 1 of every key (zone a) ejected before timing and kept out (no probes, frozen clock):
// zone a is 3/5 idle, under zone_spill_threshold 0.7, so 1 - 0.6 / 0.7 = 1/7 of the picks spill to zone b.
const degraded = { thresholds: { probeNum: 1e9 }, ejected: (h: number): boolean => h < 2 };
const variants: Array<{ name: string; setup: PairsSetup }> = [
  { name: 'no zones', setup: { keys, hostsPerKey, failPct } },
  { name: 'zones, all local', setup: { keys, hostsPerKey, failPct, callerZone: 'a', zoneOf: half } },
  { name: 'no zones, 2 out', setup: { keys, hostsPerKey, failPct, ...degraded } },
  { name: 'zones, 2 out, spilling', setup: { keys, hostsPerKey, failPct, callerZone: 'a', zoneOf: half, ...degraded } },
];
const { lbs, best } = bestOfRounds(variants.map((v) => v.setup), pairs, rounds, now);
const [off, local, offDegraded, spilling] = best as [number, number, number, number];
const spills = lbs.map((l) => l.stats().zoneSpillPicks);
const round2 = (x: number): number => Math.round(x * 100) / 100;
if (json) {
  console.log(JSON.stringify({
    bench: 'lbZones', keys, hostsPerKey, pairs, rounds, failPct,
    offNsPerPair: round2(off), localNsPerPair: round2(local), localRatio: round2(local / off),
    offDegradedNsPerPair: round2(offDegraded), spillingNsPerPair: round2(spilling), spillingRatio: round2(spilling / offDegraded), spillPicks: spills,
  }));
} else {
  console.log(`lbZones: ${keys} keys x ${hostsPerKey} hosts, ${pairs} pairs per run, best of ${rounds}, ${failPct} % of reports fail, node ${process.version}`);
  variants.forEach((v, i) => console.log(`${v.name.padEnd(24)} ${(best[i] as number).toFixed(1).padStart(7)} ns/pair  (${spills[i]} picks out of the caller's zone)`));
  console.log(`zones all local / no zones: ${(local / off).toFixed(2)}x; spilling / no zones, 2 out: ${(spilling / offDegraded).toFixed(2)}x (target <= 1.30x)`);
}
