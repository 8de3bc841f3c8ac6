/**
 * Registration benchmark: 10,000 instances through 100 simulated agents
 * (SimAgent: the registrar's frames on the DNS port, one renewal stream per
 * agent every 3 s, the agent's default) at the default ttl (10 s) against
 * real `dist/supervisor.js --role dns` replicas on MariaDB (a database of its
 * own), every [register] and [dns] key at its default. Agents are split over
 * the replicas; one subscriber per replica holds all 100 keys and records
 * every push.
 *
 * - storm: all 100 agents register within 1 s; time until a subscriber has all 10,000;
 * - steady state: DNS CPU (/proc/PID/stat, the role process and its children)
 *   and store statements/s per replica (server-side user statistics);
 * - deregister → gone at the taking replica's subscriber and the other's;
 * - agent killed (connection dropped, no more renewals) → gone at each subscriber.
 *
 *   node dist/bench/registration/registrationBench.js [--replicas 2] [--seconds 30] [--samples 40] [--kills 10] [--record] [--json]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import { openStore } from '../../store/openStore.js';
import { startChildServer, type ChildServer } from '../watchedProcess.js';
import { machineLine, markdownTable, recordResults } from '../benchResults.js';
import { quantile } from '../dns/pushLag.js';
import { SimAgent, type SimInstance } from './simAgent.js';
import { PushRecorder } from './pushRecorder.js';
import { cpuSeconds } from './procCpu.js';
import { enableUserStats, statementsOf, type StatementCounts } from './statementCounter.js';

const { values } = parseArgs({
  options: {
    replicas: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '30' },
    samples: { type: 'string', default: '40' },
    kills: { type: 'string', default: '10' },
    record: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const REPLICAS = Number(values.replicas);
const SECONDS = Number(values.seconds);
const SAMPLES = Number(values.samples);
const KILLS = Number(values.kills);
const AGENTS = 100;
const PER_AGENT = 100;
const TOTAL = AGENTS * PER_AGENT;
const TTL_MS = 10_000;
const POLL_MS = 1000;
const AGENT_RENEW_MS = 3000;
const log = (s: string): void => void process.stderr.write(`  ${s}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const dbName = `lars_bench_reg_${process.pid}`;
const admin = await mysql.createConnection({ host: '127.0.0.1', user: 'root' });
await admin.query(`CREATE DATABASE IF NOT EXISTS \`${dbName}\``);
const users = Array.from({ length: REPLICAS }, (_, r) => `lars_bench_reg_r${r}`);
for (const u of users) {
  await admin.query(`DROP USER IF EXISTS '${u}'@'%'`);
  await admin.query(`CREATE USER '${u}'@'%' IDENTIFIED BY 'bench'`);
  await admin.query(`GRANT ALL ON \`${dbName}\`.* TO '${u}'@'%'`);
}
const restoreUserStats = await enableUserStats(admin);
const rootUrl = `mysql://root@127.0.0.1:3306/${dbName}`;
const init = await openStore(rootUrl);
await init.init();
await init.close();
process.stderr.write(`registration bench on ${machineLine()}; ${REPLICAS} dns replicas on MariaDB ${dbName}\n`);

const servers: ChildServer[] = [];
const supervisor = fileURLToPath(new URL('../../supervisor.js', import.meta.url));
const agents: SimAgent[] = [];
const recorders: PushRecorder[] = [];
try {
  for (const user of users) {
    const conf = mkdtempSync(join(tmpdir(), 'lars-regbench-'));
    writeFileSync(join(conf, 'dns.ini'), `[admin]\nadmin_port = 0\n[dns]\nport = 0\nmax_conn = 1000\n`);
    servers.push(await startChildServer([supervisor, '--role', 'dns', '--conf', conf, '--store', `mysql://${user}:bench@127.0.0.1:3306/${dbName}`], /serving routes version -?\d+ on [\d.]+:(\d+)/, { timeoutMs: 60_000 }));
  }
  const ports = servers.map((s) => s.port);
  const keys = Array.from({ length: PER_AGENT }, (_, k) => ({ modid: 3000 + k, cmdid: 1 }));
  for (const p of ports) {
    const r = await PushRecorder.open(p);
    await r.subscribe(keys);
    recorders.push(r);
  }
  const replicaOf = (n: number): number => n % REPLICAS;
  for (let n = 0; n < AGENTS; n++) {
    const instances: SimInstance[] = keys.map((k) => ({ ...k, ip: (10 << 24) | ((n + 1) << 8) | 1, port: 8000, ttlMs: TTL_MS }));
    const order = ports.map((_, i) => ports[(replicaOf(n) + i) % REPLICAS] as number);
    agents.push(new SimAgent({ owner: `agent bench-${n}`, dnsPorts: order, renewIntervalMs: AGENT_RENEW_MS, instances, perFrame: 1000 }));
  }

  // Storm: 100 agents × 100 instances, started evenly over 1 s.
  const stormAt = Date.now();
  await Promise.all(agents.map(async (g, n) => (await sleep((n * 1000) / AGENTS), await g.start())));
  const answeredMs = Date.now() - stormAt;
  const stormMs: number[] = [];
  await Promise.all(recorders.map(async (r, i) => (await r.until('storm served', () => r.total() === TOTAL, 60_000), (stormMs[i] = Date.now() - stormAt))));
  const failed = agents.reduce((s, g) => s + g.answersFailed, 0);
  log(`storm: ${TOTAL} registered (${failed} refused) answered in ${answeredMs} ms; served at every subscriber after ${stormMs.join(' / ')} ms`);

  // Steady state: renewals only.
  await sleep(2 * AGENT_RENEW_MS);
  const pids = servers.map((s) => s.process.child.pid as number);
  const cpu0 = pids.map(cpuSeconds);
  const st0 = await Promise.all(users.map((u) => statementsOf(admin, u)));
  const t0 = Date.now();
  await sleep(SECONDS * 1000);
  const wall = (Date.now() - t0) / 1000;
  const cpuPct = pids.map((p, i) => ((cpuSeconds(p) - (cpu0[i] as number)) / wall) * 100);
  const st1 = await Promise.all(users.map((u) => statementsOf(admin, u)));
  const rate = (i: number, f: keyof StatementCounts): number => ((st1[i] as StatementCounts)[f] - (st0[i] as StatementCounts)[f]) / wall;
  const stmts = users.map((_, i) => ({ select: rate(i, 'select'), update: rate(i, 'update'), other: rate(i, 'other'), commits: rate(i, 'commits'), dbCpuPct: rate(i, 'cpuS') * 100 }));
  const stmtTotal = stmts.map((s) => s.select + s.update + s.other);
  log(`steady ${wall.toFixed(0)} s: dns cpu ${cpuPct.map((c) => c.toFixed(1)).join(' / ')} % of a core; statements/s ${stmtTotal.map((s) => s.toFixed(1)).join(' / ')} (${JSON.stringify(stmts)})`);
  const steadyDrops = recorders.reduce((s, r) => s + r.drops.length, 0);

  // Deregister → gone: one instance at a time at a random phase of the poll.
  const deregLocal: number[] = [];
  const deregOther: number[] = [];
  for (let s = 0; s < SAMPLES; s++) {
    await sleep(Math.random() * POLL_MS);
    const n = (s * 7) % AGENTS;
    const g = agents[n] as SimAgent;
    const inst = g.instances[s % g.instances.length] as SimInstance;
    const at = Date.now();
    const gone = Promise.all(recorders.map((r) => r.until('deregistered gone', () => !r.has(inst.modid, inst.cmdid, inst.ip, inst.port), 30_000).then(() => Date.now() - at)));
    gone.catch(() => undefined);
    const answer = await g.deregister([inst]);
    const answeredIn = Date.now() - at;
    const times = await gone;
    if (answeredIn > 200 || answer.refused.length > 0) log(`deregister sample ${s}: answered in ${answeredIn} ms (${JSON.stringify(answer.refused)}), gone after ${times.join(' / ')} ms`);
    times.forEach((ms, i) => (i === replicaOf(n) ? deregLocal : deregOther).push(ms));
    await g.register([inst]);
    await Promise.all(recorders.map((r) => r.until('re-registered', () => r.has(inst.modid, inst.cmdid, inst.ip, inst.port), 10_000)));
  }

  // Agents killed, staggered over 2 s: every instance timed until gone at each subscriber.
  const killLocal: number[] = [];
  const killOther: number[] = [];
  await Promise.all(
    agents.slice(0, KILLS).map(async (g, n) => {
      await sleep((n * 2000) / KILLS);
      const at = Date.now();
      g.kill();
      await Promise.all(
        recorders.map(async (r, i) => {
          await r.until('killed agent gone', () => g.instances.every((x) => !r.has(x.modid, x.cmdid, x.ip, x.port)), TTL_MS + 10_000);
          for (const x of g.instances) ((i === replicaOf(n) ? killLocal : killOther) as number[]).push((r.removedAtOf(x.modid, x.cmdid, x.ip, x.port) ?? Date.now()) - at);
        }),
      );
    }),
  );
  const q = (a: number[]): { p50: number; p99: number; max: number; n: number } => {
    const s = [...a].sort((x, y) => x - y);
    return { p50: quantile(s, 0.5), p99: quantile(s, 0.99), max: s.at(-1) ?? NaN, n: s.length };
  };
  const result = {
    bench: 'registration',
    replicas: REPLICAS,
    instances: TOTAL,
    agents: AGENTS,
    storm: { answeredMs, servedMs: stormMs, refused: failed },
    steady: { seconds: wall, cpuPctOfCore: cpuPct, statementsPerS: stmtTotal, statements: stmts, drops: steadyDrops },
    deregister: { local: q(deregLocal), other: q(deregOther) },
    kill: { local: q(killLocal), other: q(killOther) },
  };
  log(`deregister -> gone: local ${JSON.stringify(result.deregister.local)}, other ${JSON.stringify(result.deregister.other)}`);
  log(`agent kill -> gone: local ${JSON.stringify(result.kill.local)}, other ${JSON.stringify(result.kill.other)}`);
  const f = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');
  const table = markdownTable(
    ['figure', 'value', 'target'],
    [
      ['storm: 10,000 registered over 1 s → all 10,000 at replica A\'s / replica B\'s subscriber', `${stormMs.map(f).join(' / ')} ms (answers in ${f(answeredMs)} ms)`, '—'],
      ['DNS CPU at steady state, per replica', `${cpuPct.map((c) => c.toFixed(1)).join(' / ')} % of a core`, '≤ 10 %'],
      ['store statements/s per replica (select + write + other)', stmts.map((s) => `${(s.select + s.update + s.other).toFixed(1)} (${s.select.toFixed(1)} + ${s.update.toFixed(1)} + ${s.other.toFixed(1)})`).join(' / '), '≤ 10'],
      ['deregister → gone, taking replica p50 / p99 / max', `${f(result.deregister.local.p50)} / ${f(result.deregister.local.p99)} / ${f(result.deregister.local.max)} ms (${deregLocal.length})`, '≤ 100 ms'],
      ['deregister → gone, other replica p50 / p99 / max', `${f(result.deregister.other.p50)} / ${f(result.deregister.other.p99)} / ${f(result.deregister.other.max)} ms (${deregOther.length})`, `≤ ${POLL_MS + 100} ms`],
      ['agent kill → gone, its replica p50 / p99 / max', `${f(result.kill.local.p50)} / ${f(result.kill.local.p99)} / ${f(result.kill.local.max)} ms (${killLocal.length})`, `≤ ${TTL_MS + POLL_MS + 1000} ms`],
      ['agent kill → gone, other replica p50 / p99 / max', `${f(result.kill.other.p50)} / ${f(result.kill.other.p99)} / ${f(result.kill.other.max)} ms (${killOther.length})`, `≤ ${TTL_MS + POLL_MS + 1000} ms`],
      ['instances dropped from a subscriber in steady state', String(steadyDrops), '0'],
    ],
  );
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`\n${table}\n`);
  if (values.record) {
    recordResults(
      'Registration: 10,000 instances, 100 agents',
      `${REPLICAS} \`--role dns\` replicas on MariaDB (a database of its own), every [dns]/[register] key at its default (poll 1 s, renew 1 s, sweep 1 s); ` +
        `100 simulated agents (RegisterRequest on the DNS port, all instances every 3 s, ttl 10 s), split over the replicas; one subscriber per replica on all 100 keys. ` +
        `CPU from /proc/PID/stat over ${wall.toFixed(0)} s; statements counted by the server (USER_STATISTICS, one MySQL user per replica).\n\n${table}`,
    );
  }
} finally {
  agents.forEach((g) => g.kill());
  recorders.forEach((r) => r.close());
  for (const s of servers) await s.process.stop();
  await restoreUserStats();
  await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
  for (const u of users) await admin.query(`DROP USER IF EXISTS '${u}'@'%'`);
  await admin.end();
}
