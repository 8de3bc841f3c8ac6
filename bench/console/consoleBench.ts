/**
 * The console under a large route table: how long one poll takes (routes,
 * call stats and the history sample read and written), and how long
 * GET /api/keys and a key's history take, with the size of what the pages
 * download. Run: npm run build && node dist/bench/console/consoleBench.js
 * Options: --keys N (1000), --hosts N (5), --callers N (3), --store URL
 * (default a fresh SQLite file), --record (append to bench/RESULTS.md).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sectionDefaults } from '../../runtime/config/configSchema.js';
import { CONSOLE_SECTION, consoleSpec } from '../../actors/console/consoleConfig.js';
import { ConsoleService } from '../../actors/console/consoleService.js';
import { openStore } from '../../store/openStore.js';
import type { StatusRow } from '../../store/statusStore.js';
import { markdownTable, recordResults } from '../benchResults.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
  return v;
}

const keys = flag('keys', 1000);
const hosts = flag('hosts', 5);
const callers = flag('callers', 3);
const storeArg = process.argv.indexOf('--store');
const dir = mkdtempSync(join(tmpdir(), 'lars-console-bench-'));
const storeUrl = storeArg >= 0 ? (process.argv[storeArg + 1] as string) : `sqlite:${join(dir, 'lars.db')}`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function timed(n: number, fn: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

const store = await openStore(storeUrl);
await store.init();
for (let k = 0; k < keys; k++) for (let h = 0; h < hosts; h++) await store.addHost(k, 1, 0x0a000000 + k * 16 + h, 9000 + h);
let nowMs = Date.now();
const statusRows = (round: number): StatusRow[] => {
  const rows: StatusRow[] = [];
  for (let k = 0; k < keys; k++) for (let h = 0; h < hosts; h++) for (let c = 0; c < callers; c++) {
    rows.push({ modid: k, cmdid: 1, ip: 0x0a000000 + k * 16 + h, port: 9000 + h, caller: 0x7f000001 + c, succCnt: 100 * round, errCnt: round, ts: Math.floor(nowMs / 1000), overload: false });
  }
  return rows;
};

const service = new ConsoleService({
  config: { ...sectionDefaults(CONSOLE_SECTION, consoleSpec), port: 0, dns: [{ host: '127.0.0.1', port: 1 }], reporters: [{ host: '127.0.0.1', port: 1 }], admin: [{ host: '127.0.0.1', port: 1 }] },
  storeUrl,
  now: () => nowMs,
  loops: false,
});
const addr = await service.start();
const base = `http://127.0.0.1:${addr.port}`;
let round = 1;
const poll = await timed(20, async () => {
  nowMs += 1000;
  await store.upsertStatus(statusRows(++round));
  const t0 = performance.now();
  await service.pollOnce();
  return performance.now() - t0;
});
// timed() measured upsert + poll; measure the poll alone too.
const pollOnly = await timed(20, () => service.pollOnce());
let keysBytes = 0;
const apiKeys = await timed(50, async () => {
  const body = await (await fetch(`${base}/api/keys`)).arrayBuffer();
  keysBytes = body.byteLength;
});
let summaryBytes = 0;
const apiSummary = await timed(50, async () => {
  const body = await (await fetch(`${base}/api/keys?hosts=none`)).arrayBuffer();
  summaryBytes = body.byteLength;
});
const history = await timed(50, async () => (await fetch(`${base}/api/keys/7/1/history`)).arrayBuffer());
const assets = ['console.js', 'console.css'].map((n) => readFileSync(new URL(`../../actors/console/assets/${n}`, import.meta.url)).length);
await service.stop();
await store.close();
rmSync(dir, { recursive: true, force: true });

const f = (x: number): string => `${x.toFixed(1)} ms`;
const rows = [
  ['poll: routes + call stats read, view built, history sampled and written', `${f(pollOnly.p50)} / ${f(pollOnly.p99)}`],
  ['the same after every agent row changed (upsert of all status rows included)', `${f(poll.p50)} / ${f(poll.p99)}`],
  ['GET /api/keys (served from the last view)', `${f(apiKeys.p50)} / ${f(apiKeys.p99)}, ${(keysBytes / 1024).toFixed(0)} KiB`],
  ['GET /api/keys?hosts=none (what the keys page polls)', `${f(apiSummary.p50)} / ${f(apiSummary.p99)}, ${(summaryBytes / 1024).toFixed(0)} KiB`],
  ['GET /api/keys/7/1/history (one key, from CallHistory)', `${f(history.p50)} / ${f(history.p99)}`],
  ['page assets (console.js + console.css)', `${((assets[0] ?? 0) / 1024).toFixed(1)} + ${((assets[1] ?? 0) / 1024).toFixed(1)} KiB, no other download`],
];
const table = markdownTable(['what', 'p50 / p99'], rows);
const title = `Console: ${keys} keys × ${hosts} hosts × ${callers} callers on ${storeUrl.startsWith('mysql') ? 'MariaDB' : 'SQLite'}`;
process.stdout.write(`${title}\n${table}\n`);
const load = `load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')} at the end (2 cores shared with the other engineers' runs)`;
process.stdout.write(`${load}\n`);
if (process.argv.includes('--record')) recordResults(title, `${table}\n\n${load}.`);
