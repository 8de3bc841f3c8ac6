/**
 * Micro-benchmark of the agent's LB core: ns per getHost + report pair on one
 * RouteLb, no sockets. Run: npm run build && node dist/bench/lb/lbCore.js
 * Options: --keys N (default 30), --hosts N (10), --pairs N (5e6),
 * --fail-pct P (share of reports that fail, default 2), --json (one JSON line
 * instead of the text, for bench/run-all.ts).
 */
import { buildRouteLb, numberFlag, timePairs, type PairsSetup } from './lbPairs.js';

const keys = numberFlag('keys', 30);
const hostsPerKey = numberFlag('hosts', 10);
const pairs = numberFlag('pairs', 5e6);
const failPct = numberFlag('fail-pct', 2);
const setup: PairsSetup = { keys, hostsPerKey, failPct };
const build = (now: () => number) => buildRouteLb(setup, now);
const run = (rlb: ReturnType<typeof build>, n: number) => timePairs(rlb, setup, n);

const json = process.argv.includes('--json');
const results: Array<{ clock: string; nsPerPair: number }> = [];

function measure(label: string, now: () => number): void {
  const rlb = build(now);
  run(rlb, Math.min(pairs, 1e6));
  const best = [0, 1, 2].map(() => run(rlb, pairs)).sort((a, b) => a.nsPerPair - b.nsPerPair)[0];
  if (best === undefined) return;
  const s = rlb.stats();
  results.push({ clock: label, nsPerPair: Math.round(best.nsPerPair * 10) / 10 });
  if (json) return;
  console.log(
    `${label.padEnd(28)} ${best.nsPerPair.toFixed(1).padStart(7)} ns/pair  ` +
      `${(1e9 / best.nsPerPair / 1e6).toFixed(2)} M pairs/s  ` +
      `(succ ${((best.succ / pairs) * 100).toFixed(1)} %, overloaded hosts now ${s.overloadedHosts}, probes ${s.probes})`,
  );
}

// The udp-server reads the clock once per event-loop turn; a frozen clock
// isolates the LB cost, Date.now() shows the cost of asking per call.
let turnClock = Date.now();
const tick = setInterval(() => {
  turnClock = Date.now();
}, 10);
if (!json) console.log(`lbCore: ${keys} keys x ${hostsPerKey} hosts, ${pairs} pairs per run, ${failPct} % of reports fail, node ${process.version}`);
measure('clock read per turn', () => turnClock);
measure('Date.now() per call', Date.now);
measure('performance.now() per call', () => performance.now());
clearInterval(tick);
if (json) console.log(JSON.stringify({ bench: 'lbCore', keys, hostsPerKey, pairs, results }));
