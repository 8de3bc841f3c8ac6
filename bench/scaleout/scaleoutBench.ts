/**
 * Scale-out on a real 3-node Galera cluster (galeraCluster.ts): two DNS
 * replicas (store lists starting at node 1 and node 2), two agents (one
 * behind each replica), two reporters (nodes 1 and 2).
 *
 *   - route-change lag, commit → the application sees it (LarsClient.getRoute
 *     on each agent, polled every 2 ms), p50/p99 per replica, steady;
 *   - the same across kill -9 of node 1 (under replica A): edits committed on
 *     node 3 from the kill on, every one must be visible within poll + 3 s;
 *   - reporter rows/s with two reporters on two nodes, each fed by its own
 *     load process (disjoint callers, as two agents' reports are); rows
 *     accepted = written + dropped after the drain.
 *
 *   node dist/bench/scaleout/scaleoutBench.js [--edits 30] [--kill-edits 12] [--poll 1]
 *        [--load-seconds 10] [--conns 10] [--record] [--json]
 *
 * Needs root, mariadb-server and galera-4 (see TOOLCHAIN.md).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LarsClient } from '../../client/index.js';
import { openStore } from '../../store/openStore.js';
import type { Store } from '../../store/store.js';
import { ipv4ToUint32 } from '../../runtime/net/ipv4.js';
import { machineLine, markdownTable, recordResults } from '../benchResults.js';
import { freeTcpPort, freeUdpPortTriple } from '../freePorts.js';
import { GaleraCluster } from './galeraCluster.js';
import { actorFigure, Role } from './roleProcesses.js';

const { values } = parseArgs({
  options: {
    edits: { type: 'string', default: '30' },
    'kill-edits': { type: 'string', default: '12' },
    poll: { type: 'string', default: '1' },
    'load-seconds': { type: 'string', default: '10' },
    conns: { type: 'string', default: '10' },
    record: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const pollS = Number(values.poll);
const boundMs = pollS * 1000 + 3000;
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

interface Lags {
  a: number[];
  b: number[];
}

/** Commit an edit adding a second host to key (modid, i) on `store`; resolve with each agent's lag from the commit. */
async function measureEdit(store: Store, clients: [LarsClient, LarsClient], modid: number, i: number, onCommit?: (at: number) => void): Promise<[number, number]> {
  await store.addHost(modid, i, ipv4ToUint32(`10.${modid}.${i >> 8}.${(i & 255) + 2}`), 5000);
  const committed = performance.now();
  onCommit?.(committed);
  return Promise.all(
    clients.map(async (c) => {
      while ((await c.getRoute(modid, i)).length < 2) {
        if (performance.now() - committed > 30_000) return Infinity;
        await sleep(2);
      }
      return performance.now() - committed;
    }),
  ) as Promise<[number, number]>;
}

const cluster = await GaleraCluster.start({ log });
const roles: Role[] = [];
const clients: LarsClient[] = [];
try {
  log(`cluster up (${cluster.dir})`);
  const stores = await Promise.all([[1], [2], [3], [1, 2, 3]].map((order) => openStore(cluster.url('lars', order))));
  const [, , on3, admin] = stores as [Store, Store, Store, Store];
  await admin.init();
  const steadyN = Number(values.edits);
  const killN = Number(values['kill-edits']);
  for (const [modid, n] of [[41, steadyN], [42, killN]] as const) for (let i = 0; i < n; i++) await admin.addHost(modid, i, ipv4ToUint32(`10.${modid}.0.1`), 4000);

  const [dA, dB, rA, rB, baseA, baseB] = [await freeTcpPort(), await freeTcpPort(), await freeTcpPort(), await freeTcpPort(), await freeUdpPortTriple(), await freeUdpPortTriple()];
  const dns = (port: number, order: number[]): Role => Role.start('dns', `[dns]\nport = ${port}\npoll_interval = ${pollS}\n`, ['--store', cluster.url('lars', order)]);
  const reporter = (port: number, order: number[]): Role => Role.start('reporter', `[reporter]\nport = ${port}\n`, ['--store', cluster.url('lars', order)]);
  const agent = (base: number, dnsPorts: number[], repPorts: number[]): Role =>
    Role.start('agent', `[agent]\nbase_port = ${base}\nsnapshot_path =\n[dnsserver]\naddresses = ${dnsPorts.map((p) => `127.0.0.1:${p}`).join(', ')}\n[reporter]\naddresses = ${repPorts.map((p) => `127.0.0.1:${p}`).join(', ')}\n`);
  const [dnsA, dnsB, repA, repB] = [dns(dA, [1, 2, 3]), dns(dB, [2, 3, 1]), reporter(rA, [1, 2, 3]), reporter(rB, [2, 3, 1])];
  roles.push(dnsA, dnsB, repA, repB);
  await Promise.all([dnsA.waitFor(/serving routes version/), dnsB.waitFor(/serving routes version/), repA.waitFor(/accepting reports/), repB.waitFor(/accepting reports/)]);
  const [agA, agB] = [agent(baseA, [dA, dB], [rA, rB]), agent(baseB, [dB, dA], [rB, rA])];
  roles.push(agA, agB);
  await Promise.all([agA.waitFor(/lars: started agent/), agB.waitFor(/lars: started agent/)]);
  await Promise.all([agA.waitFor(new RegExp(`connected to DNS 127\\.0\\.0\\.1:${dA}`)), agB.waitFor(new RegExp(`connected to DNS 127\\.0\\.0\\.1:${dB}`))]);
  const pair: [LarsClient, LarsClient] = [new LarsClient({ basePort: baseA, timeoutMs: 3000 }), new LarsClient({ basePort: baseB, timeoutMs: 3000 })];
  clients.push(...pair);
  // Subscribe every key on both agents first: the lag measured is the push path, not a first pull.
  for (const [modid, n] of [[41, steadyN], [42, killN]] as const) for (let i = 0; i < n; i++) for (const c of pair) await c.getRoute(modid, i);
  log('roles up, keys subscribed');

  const steady: Lags = { a: [], b: [] };
  for (let i = 0; i < steadyN; i++) {
    // Spread commits over the poll cycle so the lags sample it evenly.
    await sleep(Math.random() * pollS * 1000);
    const [a, b] = await measureEdit(stores[i % 3] as Store, pair, 41, i);
    steady.a.push(a);
    steady.b.push(b);
  }
  log(`steady: ${steadyN} edits measured`);

  const killed: Lags = { a: [], b: [] };
  const killAt = performance.now();
  await cluster.kill(1);
  const edits: Promise<void>[] = [];
  let firstCommitMs = NaN;
  for (let i = 0; i < killN; i++) {
    edits.push(
      measureEdit(on3, pair, 42, i, (at) => {
        if (Number.isNaN(firstCommitMs)) firstCommitMs = at - killAt;
      }).then(([a, b]) => {
        killed.a.push(a);
        killed.b.push(b);
      }),
    );
    await sleep(250);
  }
  await Promise.all(edits);
  log(`kill: ${killN} edits measured; first commit ${Math.round(firstCommitMs)} ms after the kill`);
  const rejoinStart = performance.now();
  await cluster.rejoin(1);
  await cluster.waitSize(3);
  const rejoinMs = performance.now() - rejoinStart;

  const loadSeconds = Number(values['load-seconds']);
  const loads = [rA, rB].map((port, k) =>
    fork(fileURLToPath(new URL('../reporter/reporterLoad.js', import.meta.url)), ['--port', String(port), '--seconds', String(loadSeconds), '--conns', values.conns, '--caller-base', String(1000 * (k + 1))], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }),
  );
  const loadStart = performance.now();
  const results = await Promise.all(loads.map((l) => new Promise<number>((resolve) => l.on('message', (m: { type: string; results?: number }) => m.type === 'done' && resolve(m.results ?? 0)))));
  let figures = { accepted: 0, written: 0, dropped: 0, conflicts: 0, errors: 0 };
  for (;;) {
    const texts = await Promise.all([repA.metrics(), repB.metrics()]);
    const pending = texts.reduce((n, t) => n + actorFigure(t, 'gauge', 'rowsPending') + actorFigure(t, 'gauge', 'rowsInFlight'), 0);
    figures = {
      accepted: texts.reduce((n, t) => n + actorFigure(t, 'gauge', 'rowsAccepted'), 0),
      written: texts.reduce((n, t) => n + actorFigure(t, 'counter', 'rowsWritten'), 0),
      dropped: texts.reduce((n, t) => n + actorFigure(t, 'counter', 'rowsDropped'), 0),
      conflicts: texts.reduce((n, t) => n + actorFigure(t, 'counter', 'dbConflicts'), 0),
      errors: texts.reduce((n, t) => n + actorFigure(t, 'counter', 'dbErrors'), 0),
    };
    if (pending === 0) break;
    await sleep(100);
  }
  const drainedS = (performance.now() - loadStart) / 1000;

  const sortedOf = (xs: number[]): number[] => [...xs].sort((x, y) => x - y);
  const summary = {
    machine: machineLine(),
    pollMs: pollS * 1000,
    steady: { a: { p50: percentile(sortedOf(steady.a), 50), p99: percentile(sortedOf(steady.a), 99), n: steady.a.length }, b: { p50: percentile(sortedOf(steady.b), 50), p99: percentile(sortedOf(steady.b), 99), n: steady.b.length } },
    kill: {
      a: { p50: percentile(sortedOf(killed.a), 50), max: Math.max(...killed.a), n: killed.a.length },
      b: { p50: percentile(sortedOf(killed.b), 50), max: Math.max(...killed.b), n: killed.b.length },
      firstCommitAfterKillMs: firstCommitMs,
      rejoinMs,
    },
    reporter: { resultsSent: results.reduce((a, b) => a + b, 0), ...figures, loadSeconds, drainedS, rowsPerSecond: figures.written / drainedS },
  };
  const f = (n: number): string => (Number.isFinite(n) ? `${Math.round(n)} ms` : 'never');
  const table = markdownTable(
    ['figure', 'replica A (node 1, killed)', 'replica B (node 2)', 'target'],
    [
      [`route-change lag p50 / p99, steady (${steadyN} edits)`, `${f(summary.steady.a.p50)} / ${f(summary.steady.a.p99)}`, `${f(summary.steady.b.p50)} / ${f(summary.steady.b.p99)}`, `p99 ≤ poll + 100 = ${pollS * 1000 + 100} ms`],
      [`lag p50 / max across kill -9 of node 1 (${killN} edits on node 3)`, `${f(summary.kill.a.p50)} / ${f(summary.kill.a.max)}`, `${f(summary.kill.b.p50)} / ${f(summary.kill.b.max)}`, `every one ≤ poll + 3 s = ${boundMs} ms`],
    ],
  );
  const rep = summary.reporter;
  const body = `${table}\n\nFirst edit after the kill committed ${f(firstCommitMs)} after it (Galera stalls writes until the dead node is evicted; evs.suspect_timeout PT2S); node 1 rejoined by IST in ${f(rejoinMs)}.\n\nReporters (two, on nodes 1 and 2, ${values.conns} load connections each for ${loadSeconds} s, disjoint callers): ${Math.round(rep.rowsPerSecond).toLocaleString('en-US')} rows/s written (${rep.written.toLocaleString('en-US')} rows in ${rep.drainedS.toFixed(1)} s incl. drain); accepted ${rep.accepted} = written ${rep.written} + dropped ${rep.dropped}; dbConflicts ${rep.conflicts}, dbErrors ${rep.errors}.`;
  if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else process.stdout.write(`scale-out on ${machineLine()}\n${body}\n`);
  if (values.record) recordResults('Scale-out on a 3-node Galera cluster (bench/scaleout)', body);
  for (const s of stores) await s.close();
} finally {
  for (const c of clients) c.close();
  await Promise.all(roles.map((r) => r.stop()));
  await cluster.stop();
}
