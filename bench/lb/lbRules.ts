/**
 * What routing rules cost the LB core (issue 21): ns per getHost + report
 * pair without rules (today's path) and with a 5 % canary split (two of each
 * key's hosts tagged version=v2), on the same keys and hosts. Runs
 * interleaved in one process so drift hits both alike. Target: split / no
 * rules <= 1.3x.
 * Run: npm run build && node dist/bench/lb/lbRules.js
 * Options: --keys N (30), --hosts N (10), --pairs N per run (1e6), --rounds N (9),
 * --fail-pct P (2), --json. Best of the rounds (this VM is shared).
 */
import { bestOfRounds, sideBySideFlags, type PairsSetup } from './lbPairs.js';

const { keys, hostsPerKey, pairs, rounds, failPct, json } = sideBySideFlags();

const now = (): number => 1_000_000;
const canary = (h: number): string[] => (h < 2 ? ['version=v2'] : ['version=v1']);
const variants: Array<{ name: string; setup: PairsSetup }> = [
  { name: 'no rules', setup: { keys, hostsPerKey, failPct, tagsOf: canary } },
  { name: 'split version=v2 5%', setup: { keys, hostsPerKey, failPct, tagsOf: canary, rules: ['split version=v2 5%'] } },
];
const { best } = bestOfRounds(variants.map((v) => v.setup), pairs, rounds, now);
const [off, split] = best as [number, number];
const round2 = (x: number): number => Math.round(x * 100) / 100;
if (json) {
  console.log(JSON.stringify({ bench: 'lbRules', keys, hostsPerKey, pairs, rounds, failPct, offNsPerPair: round2(off), splitNsPerPair: round2(split), splitRatio: round2(split / off) }));
} else {
  console.log(`lbRules: ${keys} keys x ${hostsPerKey} hosts, ${pairs} pairs per run, best of ${rounds}, ${failPct} % of reports fail, node ${process.version}`);
  variants.forEach((v, i) => console.log(`${v.name.padEnd(24)} ${(best[i] as number).toFixed(1).padStart(7)} ns/pair`));
  console.log(`split / no rules: ${(split / off).toFixed(2)}x (target <= 1.30x)`);
}
