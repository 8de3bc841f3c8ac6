/**
 * Micro-benchmark of the agent's LB core: ns per getHost + report pair on one
 * RouteLb, no sockets. Run: npm run build && node dist/bench/lb/lbCore.js
 * Options: --keys N (default 30), --hosts N (10), --pairs N (5e6),
 * --fail-pct P (share of reports that fail, default 2), --json (one JSON line
 * instead of the text, for bench/run-all.ts).
 */
import { LarsRetCode } from '../../actors/lb/retCode.js';
import { RouteLb } from '../../actors/lb/routeLb.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

const keys = flag('keys', 30);
const hostsPerKey = flag('hosts', 10);
const pairs = flag('pairs', 5e6);
const failPct = flag('fail-pct', 2);
// Failures drawn from a fixed-seed xorshift so runs are comparable and no
// host fails in lockstep with the rotation.
const failBelow = Math.round((failPct / 100) * 0x100000000);

function build(now: () => number): RouteLb {
  const rlb = new RouteLb({ now });
  for (let k = 0; k < keys; k++) {
    const hosts = Array.from({ length: hostsPerKey }, (_, h) => ({ ip: (0x0a000000 + k * 256 + h) | 0, port: 9000 + h }));
    rlb.applyRoute(k, k + 1, hosts, true);
  }
  return rlb;
}

function run(rlb: RouteLb, n: number): { nsPerPair: number; succ: number } {
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
