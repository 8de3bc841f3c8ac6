/**
 * `npm run bench`: every benchmark of bench/ with short durations, each in
 * its own process (`--json`), then one table of the key figures with the
 * target next to each, printed and appended to bench/RESULTS.md. The runs
 * are short to fit in a few minutes: for figures to quote, run a bench on
 * its own with its defaults (each file's header says how).
 *
 *   npm run bench            (= npm run build && node dist/bench/run-all.js)
 *   node dist/bench/run-all.js [--no-record]
 *
 * The DNS, registration and reporter benches need MariaDB on 127.0.0.1:3306 (root, no password).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { machineLine, markdownTable, recordResults } from './benchResults.js';
import { LARS_JS, startSystem } from './benchSystem.js';

type Json = Record<string, unknown>;
type Verdict = 'meets' | 'misses' | '—' | 'failed';

interface Row {
  bench: string;
  figure: string;
  value: string;
  target: string;
  verdict: Verdict;
}

const rows: Row[] = [];
const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const fmt = (n: unknown): string => (typeof n === 'number' ? Math.round(n).toLocaleString('en-US') : String(n));
const per = (n: unknown, one: string, many: string): string => `${String(n)} ${n === 1 ? one : many}`;
const ms = (n: unknown): string => (typeof n === 'number' ? `${n.toFixed(n < 10 ? 2 : 0)} ms` : String(n));

function row(bench: string, figure: string, value: string, target = '—', ok?: boolean): void {
  rows.push({ bench, figure, value, target, verdict: ok === undefined ? '—' : ok ? 'meets' : 'misses' });
}

/** Runs `node args…` and parses the last stdout line as JSON; progress on stderr passes through. */
function runJson(args: string[], timeoutMs: number): Promise<Json> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out after ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 && !last.startsWith('{')) return reject(new Error(`exit ${code}: ${out.slice(-300)}`));
      try {
        resolve(JSON.parse(last) as Json);
      } catch {
        reject(new Error(`exit ${code}, no JSON result: ${out.slice(-300)}`));
      }
    });
  });
}

async function bench(name: string, fn: () => Promise<void>): Promise<void> {
  process.stderr.write(`\n== ${name}\n`);
  const t0 = performance.now();
  try {
    await fn();
  } catch (err) {
    rows.push({ bench: name, figure: 'run', value: `failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, target: '—', verdict: 'failed' });
  }
  process.stderr.write(`== ${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}

const levels = (j: Json): Json[] => (Array.isArray(j['levels']) ? (j['levels'] as Json[]) : []);
const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);

await bench('mailbox', async () => {
  const j = await runJson([here('./mailbox/mailboxBench.js'), '--json', '--tells', '1000000', '--asks', '100000', '--rounds', '2'], 120_000);
  row('mailbox', 'tells/s between workers, batched', fmt(j['tellsBatched']), '≥ 1,000,000', num(j['tellsBatched']) >= 1_000_000);
  row('mailbox', 'tells/s, one postMessage each', fmt(j['tellsUnbatched']));
  row('mailbox', `asks/s, ${fmt(j['concurrency'])} in flight`, fmt(j['asksPipelined']), '≥ 50,000', num(j['asksPipelined']) >= 50_000);
  row('mailbox', 'asks/s, 1 in flight', fmt(j['asksSequential']));
});

await bench('control plane', async () => {
  const j = await runJson([here('./control/controlBench.js'), '--json', '--calls', '2000', '--scrapes', '100'], 120_000);
  const t = (k: string, q: string): number => num((j[k] as Json | undefined)?.[q]);
  const us = (v: number): string => `${Math.round(v * 1000)} µs`;
  row('control plane', 'stats call to one actor (comlink), p50 / p99', `${us(t('controlCall', 'p50'))} / ${us(t('controlCall', 'p99'))}`);
  row('control plane', 'GET /metrics with 3 roles, p50 / p99', `${ms(t('metricsScrape', 'p50'))} / ${ms(t('metricsScrape', 'p99'))}`);
});

await bench('lb core', async () => {
  const j = await runJson([here('./lb/lbCore.js'), '--json', '--pairs', '1000000'], 120_000);
  const first = (j['results'] as Json[] | undefined)?.[0];
  row('lb core', 'getHost + report in one RouteLb (no sockets)', `${String(first?.['nsPerPair'] ?? '?')} ns/pair`);
});

await bench('echo', async () => {
  const j = await runJson([here('./echo/echoBench.js'), '--json', '--seconds', '2'], 180_000);
  const [ours, raw] = [String(j['ours']), String(j['raw'])];
  for (const l of levels(j)) {
    const ratio = num(l[ours]) / num(l[raw]);
    const gated = l['conns'] === 10 || l['conns'] === 100;
    row('echo', `msgs/s, ${per(l['conns'], 'conn', 'conns')}: qps-server / raw Node echo`, `${fmt(l[ours])} / ${fmt(l[raw])} (${ratio.toFixed(2)}×)`, gated ? '≥ 0.9× raw' : '—', gated ? ratio >= 0.9 : undefined);
  }
  row('echo', 'lost or wrong echoes', fmt(j['errors']), '0', j['errors'] === 0);
});

await bench('dns', async () => {
  const j = await runJson([here('./dns/dnsBench.js'), '--json', '--seconds', '2', '--samples', '10'], 240_000);
  for (const l of (j['getRoute'] as Json[] | undefined) ?? []) {
    const gated = l['conns'] !== 1;
    row('dns', `GetRoute/s, ${per(l['conns'], 'conn', 'conns')} (10-host key)`, fmt(l['qps']), gated ? '≥ 100,000' : '—', gated ? num(l['qps']) >= 100_000 : undefined);
  }
  for (const l of (j['pushLag'] as Json[] | undefined) ?? []) {
    const bound = num(l['pollMs']) + 50;
    row('dns', `push lag p50 / p99, poll ${String(l['pollMs'])} ms (1,000 conns, ${String(l['samples'])} edits)`, `${ms(l['p50Ms'])} / ${ms(l['p99Ms'])}`, `p99 ≤ ${bound} ms`, num(l['p99Ms']) <= bound);
  }
});

await bench('dns apply', async () => {
  const j = await runJson([here('./dns/applyBench.js'), '--json'], 240_000);
  for (const r of (j['results'] as Json[] | undefined) ?? []) {
    for (const a of (r['applies'] as Json[] | undefined) ?? []) {
      const gated = a['keys'] === 10_000;
      row('dns', `one change to ${fmt(a['keys'])} keys: commit → last push (${String(r['scenario'])})`, ms(a['lastMs']), gated ? `≤ ${fmt(j['goalMs'])} ms` : '—', gated ? num(a['lastMs']) <= num(j['goalMs']) : undefined);
    }
    const bound = num(j['pollMs']) + 1000;
    row('dns', `one-host edit right behind a 10,000-key change: commit → push (${String(r['scenario'])})`, ms(r['behindMs']), `≤ ${fmt(bound)} ms`, num(r['behindMs']) <= bound);
  }
});

await bench('registration', async () => {
  const j = await runJson([here('./registration/registrationBench.js'), '--json', '--seconds', '10', '--samples', '10', '--kills', '4'], 240_000);
  const steady = j['steady'] as { cpuPctOfCore: number[]; statementsPerS: number[] };
  const storm = j['storm'] as { servedMs: number[] };
  const q = (o: unknown): Json => o as Json;
  const dereg = q(j['deregister']);
  const kill = q(j['kill']);
  row('registration', 'storm: 10,000 over 1 s → served at every replica', ms(Math.max(...storm.servedMs)));
  row('registration', 'DNS CPU per replica at steady state (10,000 leases)', steady.cpuPctOfCore.map((c) => `${c.toFixed(1)} %`).join(' / '), '≤ 10 %', steady.cpuPctOfCore.every((c) => c <= 10));
  row('registration', 'store statements/s per replica', steady.statementsPerS.map((s) => s.toFixed(1)).join(' / '), '≤ 10', steady.statementsPerS.every((s) => s <= 10));
  row('registration', 'deregister → gone, taking replica p50 / p99', `${ms(q(dereg['local'])['p50'])} / ${ms(q(dereg['local'])['p99'])}`, 'p99 ≤ 100 ms', num(q(dereg['local'])['p99']) <= 100);
  row('registration', 'deregister → gone, other replica p50 / p99', `${ms(q(dereg['other'])['p50'])} / ${ms(q(dereg['other'])['p99'])}`, 'p99 ≤ 1100 ms', num(q(dereg['other'])['p99']) <= 1100);
  row('registration', 'agent kill → gone, every replica p99', `${ms(q(kill['local'])['p99'])} / ${ms(q(kill['other'])['p99'])}`, 'p99 ≤ 12,000 ms', Math.max(num(q(kill['local'])['p99']), num(q(kill['other'])['p99'])) <= 12_000);
});

await bench('reporter', async () => {
  const j = await runJson([here('./reporter/reporterBench.js'), '--json', '--seconds', '3'], 180_000);
  row('reporter', 'results accepted/s (MariaDB)', fmt(j['acceptedPerSecond']), '≥ 200,000', num(j['acceptedPerSecond']) >= 200_000);
  row('reporter', 'rows written/s', fmt(j['writtenPerSecond']), '≥ 50,000', num(j['writtenPerSecond']) >= 50_000);
  row('reporter', 'drained after the last send', ms(j['drainMs']), '≤ 2000 ms', num(j['drainMs']) <= 2000);
});

await bench('agent (standalone UDP)', async () => {
  const j = await runJson([here('./agent/agentCallers.js'), '--json', '--seconds', '2', '--warmup', '0.5'], 120_000);
  for (const l of levels(j)) {
    const n = num(l['callers']);
    const target = n >= 5 ? '≥ 50,000' : '—';
    row('agent', `getHost+report pairs/s, ${per(n, 'caller', 'callers')}, p50 / p99`, `${fmt(l['pairsPerSecond'])}, ${ms(l['p50Ms'])} / ${ms(l['p99Ms'])}`, n === 10 ? `${target}, p99 ≤ 2 ms` : target, n >= 5 ? num(l['pairsPerSecond']) >= 50_000 && (n !== 10 || num(l['p99Ms']) <= 2) : undefined);
  }
});

await bench('whole system (--role all)', async () => {
  const system = await startSystem();
  try {
    const base = String(system.basePort);
    const wire = await runJson([here('./agent/agentCallers.js'), '--json', '--base-port', base, '--callers', '10', '--keys', '2', '--seconds', '3', '--warmup', '0.5'], 120_000);
    const l = levels(wire)[0] ?? {};
    row('system', 'agent pairs/s, 10 callers, with DNS + reporter (p50 / p99)', `${fmt(l['pairsPerSecond'])}, ${ms(l['p50Ms'])} / ${ms(l['p99Ms'])}`, '≥ 50,000, p99 ≤ 2 ms', num(l['pairsPerSecond']) >= 50_000 && num(l['p99Ms']) <= 2);
    const api = await runJson([LARS_JS, 'bench', 'api', '--json', '--modid', '1', '--cmdid', '1', '--clients', '10', '--seconds', '3', '--base-port', base], 120_000);
    row('system', 'lars bench api: pairs/s through LarsClient, 10 clients (p50 / p99)', `${fmt(api['pairsPerSecond'])}, ${ms(api['p50Ms'])} / ${ms(api['p99Ms'])}`);
  } finally {
    const code = await system.stop();
    if (code !== 0) rows.push({ bench: 'system', figure: 'Ctrl-C stop', value: `exit ${code}`, target: 'exit 0', verdict: 'misses' });
  }
});

await bench('client (embedded vs agent mode)', async () => {
  const j = await runJson([here('./client/clientBench.js'), '--json', '--seconds', '2'], 240_000);
  const level = (mode: string, n: number): Json => ((j['levels'] as Json[] | undefined) ?? []).find((l) => l['mode'] === mode && l['callers'] === n) ?? {};
  for (const n of [1, 10]) {
    const e = level('embedded pickHost', n);
    const a = level('agent getHost (UDP)', n);
    const ratio = num(e['pairsPerSecond']) / num(a['pairsPerSecond']);
    row('client', `embedded pickHost+report pairs/s, ${per(n, 'caller', 'callers')} (p50 / p99 µs)`, `${fmt(e['pairsPerSecond'])} (${String(e['p50Us'])} / ${String(e['p99Us'])})`, '≥ 2,000,000, p99 ≤ 5 µs', num(e['pairsPerSecond']) >= 2_000_000 && num(e['p99Us']) <= 5);
    row('client', `embedded / agent mode, ${per(n, 'caller', 'callers')}`, `${ratio.toFixed(0)}× (agent ${fmt(a['pairsPerSecond'])})`, '≥ 50×', ratio >= 50);
  }
  const mem = (j['memory'] as Json | undefined) ?? {};
  row('client', 'embedded memory, 1,000 keys × 10 hosts', `${(num(mem['bytes']) / 2 ** 20).toFixed(2)} MiB`);
});

await bench('footprint', async () => {
  const j = await runJson([here('./footprint/footprintBench.js'), '--json', '--idle-ms', '5000'], 240_000);
  const targets: Record<string, number> = { agent: 50, dns: 55, reporter: 55, all: 100 };
  const results = (j['results'] as Json[] | undefined) ?? [];
  const bareThreads = num(results.find((r) => r['role'] === 'node')?.['threads']);
  for (const r of results) {
    const role = String(r['role']);
    const mib = num(r['rssMiB']);
    if (role === 'node') {
      row('footprint', 'bare node: RSS, threads', `${fmt(mib)} MiB, ${fmt(r['threads'])}`);
      continue;
    }
    const extra = num(r['threads']) - bareThreads;
    const threadBound = role === 'all' ? 5 : 3;
    const mibBound = targets[role] ?? Infinity;
    row('footprint', `--role ${role} idle 5 s: RSS, threads beyond bare node`, `${fmt(mib)} MiB, +${fmt(extra)}`, `≤ ${mibBound} MiB, ≤ +${threadBound}`, mib <= mibBound && extra <= threadBound);
    if (role === 'all') row('footprint', '--role all to its started line', ms(r['toBannerMs']), '≤ 1500 ms', num(r['toBannerMs']) <= 1500);
  }
});

const table = markdownTable(
  ['bench', 'figure', 'measured', 'target', ''],
  rows.map((r) => [r.bench, r.figure, r.value, r.target, r.verdict]),
);
process.stdout.write(`\n${machineLine()}\n\n${table}\n`);
if (!process.argv.includes('--no-record')) {
  recordResults(
    'All benchmarks: npm run bench (short runs)',
    'Every benchmark of bench/ in its own process with short durations (echo 2 s per level, DNS 2 s per level and 10 push samples, ' +
      'reporter 3 s, agent 2 s per level, system 3 s); single runs on a shared 2-core machine, so ±10 % between runs is noise. ' +
      'Targets are those of the issues; "—" has none.\n\n' +
      table,
  );
}
process.exitCode = rows.some((r) => r.verdict === 'failed') ? 1 : 0;
