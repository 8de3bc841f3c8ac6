/**
 * The supervisor's control plane with the three roles in one process
 * (`--role all` on a fresh SQLite store with the demo routes, idle):
 *   - one control call (an actor's stats) round trip, one in flight;
 *   - one stats sample of every actor of every role (what a scrape asks);
 *   - a whole GET /metrics scrape over HTTP.
 *
 *   node dist/bench/control/controlBench.js [--calls N] [--scrapes N] [--json] [--record]
 *
 * --json: one JSON line on stdout (bench/run-all.ts reads it); --record appends a section to bench/RESULTS.md.
 */
import { request } from 'node:http';
import { rmSync } from 'node:fs';
import { roles } from '../../actors/roles/index.js';
import { errorLine, isUserError } from '../../runtime/errors.js';
import { intFlag, parseFlags } from '../../tools/cli/args.js';
import { ProcessSupervisor } from '../../tools/start/processSupervisor.js';
import { markdownTable, recordResults } from '../benchResults.js';
import { prepareSystemDir } from '../benchSystem.js';
import { controlCall, sampleAll } from './controlAccess.js';

interface Timing {
  n: number;
  p50: number;
  p99: number;
  mean: number;
}

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), mean: sorted.reduce((a, b) => a + b, 0) / sorted.length };
}

async function timed(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

function scrape(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`GET ${url}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), { calls: { type: 'string' }, scrapes: { type: 'string' }, json: { type: 'boolean' }, record: { type: 'boolean' } });
  const calls = intFlag(flags, 'calls', 5_000, 10, 10_000_000);
  const scrapes = intFlag(flags, 'scrapes', 300, 10, 1_000_000);
  const system = await prepareSystemDir();
  const sup = new ProcessSupervisor({ entries: Object.values(roles), confDir: system.dir, store: system.store, adminPort: 0, log: () => undefined });
  try {
    await sup.start();
    const metricsUrl = `${sup.adminUrl ?? ''}/metrics`;
    // Warm-up: JIT, first-use allocations in every actor.
    await timed(Math.ceil(calls / 10), () => controlCall(sup, 'agent', 'udp-server-0'));
    await timed(Math.ceil(scrapes / 10), () => scrape(metricsUrl));

    const call = timing(await timed(calls, () => controlCall(sup, 'agent', 'udp-server-0')));
    const sample = timing(await timed(scrapes, () => sampleAll(sup)));
    let bytes = 0;
    const metrics = timing(await timed(scrapes, async () => (bytes = await scrape(metricsUrl))));
    const result = { calls, scrapes, controlCall: call, sampleAll: sample, metricsScrape: metrics, metricsBytes: bytes, actors: sup.describe() };
    if (flags.values['json'] === true) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      const ms = (v: number): string => v.toFixed(3);
      process.stdout.write(
        `${markdownTable(
          ['figure', 'n', 'p50 ms', 'p99 ms', 'mean ms'],
          [
            ['stats call to agent/udp-server-0, 1 in flight', call.n, ms(call.p50), ms(call.p99), ms(call.mean)],
            ['stats of every actor of 3 roles (one sample)', sample.n, ms(sample.p50), ms(sample.p99), ms(sample.mean)],
            [`GET /metrics over HTTP (${bytes} bytes)`, metrics.n, ms(metrics.p50), ms(metrics.p99), ms(metrics.mean)],
          ],
        )}\n`,
      );
    }
    if (flags.values['record'] === true) {
      recordResults('Control plane: control call and /metrics scrape, --role all', `\`\`\`json\n${JSON.stringify(result, null, 1)}\n\`\`\``);
    }
  } finally {
    await sup.stop();
    rmSync(system.dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`controlBench: ${isUserError(err) ? errorLine(err) : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(isUserError(err) ? 2 : 1);
  },
);
