/**
 * DNS benchmark: GetRoute qps at 1, 10 and 100 connections for a key with
 * 10 hosts, and push lag with 1,000 subscribed connections over 10,000 keys
 * at two poll intervals. The DNS role runs as its own process on MariaDB
 * (a database created for the run) or any --store given.
 *
 *   node dist/bench/dns/dnsBench.js [--seconds 5] [--store URL] [--target host:port] [--samples N] [--record] [--json]
 *
 * --target drives GetRoute load at another wire-compatible DNS (e.g. the C++ original) too.
 * --json: one JSON line on stdout instead of the tables (bench/run-all.ts reads it).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import { openStore } from '../../store/openStore.js';
import { startChildServer } from '../watchedProcess.js';
import { machineLine, markdownTable, recordResults } from '../benchResults.js';
import { runGetRouteLoad } from './getRouteLoad.js';
import { keyOf, measurePushLag, quantile } from './pushLag.js';
import { freeTcpPort } from '../freePorts.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    store: { type: 'string' },
    target: { type: 'string', multiple: true, default: [] },
    samples: { type: 'string', default: '30' },
    record: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const KEYS = 10_000;
const SUBSCRIBERS = 1_000;


let storeUrl = values.store;
let dropDb: (() => Promise<void>) | undefined;
if (storeUrl === undefined) {
  const name = `lars_bench_dns_${process.pid}`;
  const admin = await mysql.createConnection({ host: '127.0.0.1', user: 'root' });
  await admin.query(`CREATE DATABASE IF NOT EXISTS \`${name}\``);
  await admin.end();
  storeUrl = `mysql://root@127.0.0.1:3306/${name}`;
  dropDb = async () => {
    const c = await mysql.createConnection({ host: '127.0.0.1', user: 'root' });
    await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await c.end();
  };
}
const store = await openStore(storeUrl, { poolSize: 8 });
await store.init();
process.stderr.write(`dns bench on ${machineLine()}; store ${store.displayUrl}\n  loading ${KEYS} keys...\n`);
// The GetRoute key: 10 hosts. Then one host for each of the 10,000 push keys.
for (let h = 0; h < 10; h++) await store.addHost(1, 1, 0x0a000001 + h, 8000 + h);
for (let k = 0; k < KEYS; k += 50) {
  await Promise.all(Array.from({ length: Math.min(50, KEYS - k) }, (_, j) => store.addHost(keyOf(k + j).modid, keyOf(k + j).cmdid, 0x0b000001, 9000)));
}

const conf = mkdtempSync(join(tmpdir(), 'lars-dnsbench-'));
const supervisor = fileURLToPath(new URL('../../supervisor.js', import.meta.url));

async function startDns(pollInterval: number): Promise<{ port: number; stop: () => Promise<void> }> {
  const port = await freeTcpPort();
  writeFileSync(join(conf, 'dns.ini'), `[admin]\nadmin_port = 0\n[dns]\nport = ${port}\npoll_interval = ${pollInterval}\nmax_conn = 20000\n`);
  const child = await startChildServer([supervisor, '--role', 'dns', '--conf', conf, '--store', storeUrl as string], /serving routes version \d+ on [\d.]+:(\d+)/, { timeoutMs: 60_000 });
  return { port: child.port, stop: async () => void (await child.process.stop()) };
}

const qpsRows: Array<Array<string | number>> = [];
const dns = await startDns(1);
const targets = [{ name: 'lars-ts dns', host: '127.0.0.1', port: dns.port }, ...values.target.map((t) => ({ name: t, host: t.split(':')[0] as string, port: Number(t.split(':')[1]) }))];
for (const conns of [1, 10, 100]) {
  const row: Array<string | number> = [conns];
  for (const target of targets) {
    const r = await runGetRouteLoad({ host: target.host, port: target.port, conns, seconds, modid: 1, cmdid: 1 });
    process.stderr.write(`  GetRoute ${target.name} ${conns} conns: ${Math.round(r.qps)}/s (${r.hosts} hosts, ${r.errors} errors)\n`);
    row.push(Math.round(r.qps), r.errors);
  }
  qpsRows.push(row);
}
await dns.stop();

const lagRows: Array<Array<string | number>> = [];
const lagJson: Array<Record<string, number>> = [];
for (const poll of [1, 0.1]) {
  const d = await startDns(poll);
  const samples = Number(values.samples);
  const { lagsMs, subscribed } = await measurePushLag({ host: '127.0.0.1', port: d.port, store, conns: SUBSCRIBERS, keys: KEYS, samples, pollIntervalMs: poll * 1000 });
  await d.stop();
  const sorted = [...lagsMs].sort((a, b) => a - b);
  const [p50, p99, max] = [quantile(sorted, 0.5), quantile(sorted, 0.99), sorted.at(-1) ?? NaN];
  process.stderr.write(`  push lag at poll ${poll * 1000} ms (${SUBSCRIBERS} conns, ${subscribed} keys subscribed): p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms\n`);
  lagRows.push([`${poll * 1000} ms`, samples, p50.toFixed(1), p99.toFixed(1), max.toFixed(1), `${poll * 1000 + 50} ms`]);
  lagJson.push({ pollMs: poll * 1000, samples, p50Ms: p50, p99Ms: p99, maxMs: max });
}
await store.close();
await dropDb?.();

const qpsTable = markdownTable(['conns', ...targets.flatMap((t) => [`${t.name} GetRoute/s`, 'errors'])], qpsRows);
const lagTable = markdownTable(['poll_interval', 'samples', 'p50 ms', 'p99 ms', 'max ms', 'target p99'], lagRows);
if (values.json) {
  const getRoute = qpsRows.map((r) => ({ conns: r[0], qps: r[1], errors: r[2] }));
  process.stdout.write(`${JSON.stringify({ bench: 'dns', seconds, store: store.displayUrl, getRoute, pushLag: lagJson })}\n`);
} else {
  process.stdout.write(`\n${qpsTable}\n\n${lagTable}\n`);
}
if (values.record) {
  recordResults(
    'DNS: GetRoute qps and push lag',
    `Store: ${store.displayUrl}. GetRoute: key with 10 hosts, one request in flight per connection, ${seconds} s per level ` +
      `(C++ original on this machine kind: ~14k/s at 1, ~82k/s at 10, ~90k/s at 100 with a 2-host key; target ≥ 100,000/s at 10 and 100). ` +
      `Push lag: commit of a route edit → push received, ${SUBSCRIBERS} subscribed connections over ${KEYS} keys, edits at random poll phase.\n\n${qpsTable}\n\n${lagTable}`,
  );
}
