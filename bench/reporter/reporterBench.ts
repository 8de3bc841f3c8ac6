/**
 * Reporter benchmark against real MariaDB, in a database created for the
 * run and dropped after: the service in one child process, the load in
 * another. Prints results accepted/s, rows written/s, the backlog when the
 * load stops and the time to drain it, plus where the CPU went.
 *
 *   node dist/bench/reporter/reporterBench.js [--mysql mysql://root@127.0.0.1:3306]
 *        [--seconds 10] [--conns 50] [--pairs 100] [--hosts 10] [--callers 5]
 *        [--threads 2] [--batch-rows 1000] [--journal interval] [--json]
 *
 * --journal: off or a journal_fsync policy (never, interval, always); a
 * comma list (off,never,interval,always) runs each in turn, each on a fresh
 * database, and prints them side by side.
 * --json: one JSON line on stdout instead of the text (bench/run-all.ts reads it).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import type { ReporterMetrics } from '../../actors/reporter/reporterMetrics.js';
import { openStore } from '../../store/openStore.js';
import { machineLine } from '../benchResults.js';

const { values } = parseArgs({
  options: {
    mysql: { type: 'string', default: 'mysql://root@127.0.0.1:3306' },
    seconds: { type: 'string', default: '10' },
    conns: { type: 'string', default: '50' },
    pairs: { type: 'string', default: '100' },
    hosts: { type: 'string', default: '10' },
    callers: { type: 'string', default: '5' },
    threads: { type: 'string', default: '2' },
    'batch-rows': { type: 'string', default: '1000' },
    journal: { type: 'string', default: 'interval' },
    json: { type: 'boolean', default: false },
  },
});
const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

interface MetricsReply { metrics: ReporterMetrics; cpuMs: number; mainThreadMs: number }
interface LoadDone { frames: number; results: number; elapsedMs: number; cpuMs: number }

/** CPU ms used so far by the MariaDB server (0 when it cannot be found in /proc). */
function mariadbCpuMs(): number {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!/\((mariadbd|mysqld)\)/.test(stat)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime in clock ticks (100 Hz)
    } catch {
      // a process that went away meanwhile
    }
  }
  return 0;
}

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: { type: string } & T): void => {
      if (msg.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(msg);
    };
    const onExit = (code: number | null): void => reject(new Error(`child exited (${code}) before '${type}'`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function metricsOf(server: ChildProcess): Promise<MetricsReply> {
  const reply = nextMessage<MetricsReply>(server, 'metrics');
  server.send({ type: 'metrics' });
  return reply;
}

const base = new URL(values.mysql);
const admin = await mysql.createConnection({ host: base.hostname, port: Number(base.port || 3306), user: decodeURIComponent(base.username || 'root'), password: decodeURIComponent(base.password) });
const variants = values.journal.split(',').map((v) => v.trim());
const keys = Number(values.pairs) * Number(values.hosts) * Number(values.callers);
process.stderr.write(`reporter bench on ${machineLine()}\n  ${values.conns} conns × ${values.seconds} s, ${keys} keys, ${values.threads} write threads, batch_rows ${values['batch-rows']}, journal ${variants.join(' | ')}\n`);

interface Run { journal: string; lines: string[]; figures: Record<string, unknown> }

async function runOnce(journal: string): Promise<Run> {
  const dbName = `lars_bench_${Date.now().toString(36)}`;
  await admin.query(`CREATE DATABASE \`${dbName}\``);
  const storeUrl = `${values.mysql.replace(/\/$/, '')}/${dbName}`;
  const schema = await openStore(storeUrl);
  await schema.init();
  await schema.close();
  let server: ChildProcess | undefined;
  try {
    server = fork(here('./reporterServer.js'), ['--store', storeUrl, '--threads', values.threads, '--batch-rows', values['batch-rows'], '--journal', journal], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const { port } = await nextMessage<{ port: number }>(server, 'listening');
    const load = fork(here('./reporterLoad.js'), ['--port', String(port), '--conns', values.conns, '--seconds', values.seconds, '--pairs', values.pairs, '--hosts', values.hosts, '--callers', values.callers], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await nextMessage(load, 'started');
    const before = await metricsOf(server);
    const dbCpu0 = mariadbCpuMs();
    const t0 = performance.now();
    const done = nextMessage<LoadDone>(load, 'done');
    // One line a second so a stall shows where it started.
    const ticker = setInterval(() => {
      void metricsOf(server as ChildProcess).then(({ metrics: m }) =>
        process.stderr.write(`  [journal ${journal}] t=${((performance.now() - t0) / 1000).toFixed(0)}s received ${m.resultsReceived} pending ${m.rowsPending} in flight ${m.rowsInFlight} written ${m.rowsWritten} journal ${m.journalBytes} B\n`),
      );
    }, 1000);
    const sent = await done;
    clearInterval(ticker);
    const tEnd = performance.now();
    const atEnd = await metricsOf(server);

    let last = atEnd;
    let shown = performance.now();
    // Drained: every result received and written; or nothing pending and no result arriving for 2 s (the rest is reported as lost).
    let still = { received: -1, since: performance.now() };
    const settled = (l: ReporterMetrics): boolean => {
      const got = l.resultsReceived - before.metrics.resultsReceived;
      if (got !== still.received) still = { received: got, since: performance.now() };
      const idle = l.rowsPending === 0 && l.rowsInFlight === 0;
      return idle && (got >= sent.results || performance.now() - still.since >= 2000);
    };
    while (!settled(last.metrics)) {
      await new Promise((r) => setTimeout(r, 10));
      last = await metricsOf(server);
      if (performance.now() - shown >= 2000) {
        shown = performance.now();
        const l = last.metrics;
        process.stderr.write(`  [journal ${journal}] draining: received ${l.resultsReceived - before.metrics.resultsReceived} of ${sent.results}, pending ${l.rowsPending}, in flight ${l.rowsInFlight}\n`);
      }
    }
    const lost = sent.results - (last.metrics.resultsReceived - before.metrics.resultsReceived);
    const drainMs = performance.now() - tEnd - (lost > 0 ? 2000 : 0);
    const dbCpuMs = mariadbCpuMs() - dbCpu0;
    const m = last.metrics;
    const sendS = (tEnd - t0) / 1000;
    const received = atEnd.metrics.resultsReceived - before.metrics.resultsReceived;
    const written = atEnd.metrics.rowsWritten - before.metrics.rowsWritten;
    const lat = m.batchLatencyMs;
    const lines = [
      `results sent            ${sent.results} (${sent.frames} frames) in ${sendS.toFixed(2)} s`,
      `results accepted/s      ${Math.round(received / sendS)} (received while sending)`,
      `rows written/s          ${Math.round(written / sendS)} (while sending); ${Math.round(m.rowsWritten / ((performance.now() - t0) / 1000))} over send + drain`,
      `backlog at end of send  ${atEnd.metrics.rowsPending} pending + ${atEnd.metrics.rowsInFlight} in flight rows; ${sent.results - received} results still in sockets`,
      `drained after           ${Math.round(drainMs)} ms${lost > 0 ? `; ${lost} results sent never arrived (connections closed by the load with frames unread)` : ''}`,
      `coalesced               ${m.resultsCoalesced} of ${m.resultsReceived} results (${((100 * m.resultsCoalesced) / Math.max(1, m.resultsReceived)).toFixed(1)} %)`,
      `accepted = written + dropped: ${m.rowsAccepted} = ${m.rowsWritten} + ${m.rowsDropped} → ${m.rowsAccepted === m.rowsWritten + m.rowsDropped ? 'holds' : 'BROKEN'}`,
      `batches                 ${m.batchesWritten}, ${Math.round(m.rowsWritten / Math.max(1, m.batchesWritten))} rows each, mean latency ${(lat.sum / Math.max(1, lat.count)).toFixed(1)} ms; db errors ${m.dbErrors}, retries ${m.retries}`,
      `journal                 ${atEnd.metrics.journalBytes} bytes in ${atEnd.metrics.journalSegments} segments at end of send, ${m.journalFsyncs} fsyncs, ${m.journalSegmentsTrimmed} segments trimmed, ${m.journalWriteErrors} write errors`,
      `CPU ms (send+drain)     reporter ${Math.round(last.cpuMs - before.cpuMs)} (main thread busy ${Math.round(last.mainThreadMs - before.mainThreadMs)}), load ${Math.round(sent.cpuMs)}, mariadb ${Math.round(dbCpuMs)}`,
    ];
    const figures = {
      bench: 'reporter',
      journal,
      seconds: sendS,
      resultsSent: sent.results,
      acceptedPerSecond: Math.round(received / sendS),
      writtenPerSecond: Math.round(written / sendS),
      backlogRows: atEnd.metrics.rowsPending + atEnd.metrics.rowsInFlight,
      drainMs: Math.round(drainMs),
      resultsNeverArrived: lost,
      accountingHolds: m.rowsAccepted === m.rowsWritten + m.rowsDropped,
      dbErrors: m.dbErrors,
      journalFsyncs: m.journalFsyncs,
      reporterCpuMs: Math.round(last.cpuMs - before.cpuMs),
    };
    server.send({ type: 'stop' });
    await nextMessage(server, 'stopped');
    return { journal, lines, figures };
  } finally {
    server?.kill();
    await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
  }
}

try {
  const runs: Run[] = [];
  for (const v of variants) runs.push(await runOnce(v));
  if (values.json) {
    for (const r of runs) process.stdout.write(`${JSON.stringify(r.figures)}\n`);
  } else if (runs.length === 1) {
    process.stdout.write(`${runs[0]?.lines.join('\n')}\n`);
  } else {
    const rows: Array<[string, (f: Record<string, unknown>) => string]> = [
      ['results accepted/s', (f) => String(f['acceptedPerSecond'])],
      ['rows written/s', (f) => String(f['writtenPerSecond'])],
      ['backlog at end (rows)', (f) => String(f['backlogRows'])],
      ['drained after (ms)', (f) => String(f['drainMs'])],
      ['results sent, never arrived', (f) => String(f['resultsNeverArrived'])],
      ['reporter CPU ms', (f) => String(f['reporterCpuMs'])],
      ['journal fsyncs', (f) => String(f['journalFsyncs'])],
      ['accepted = written + dropped', (f) => (f['accountingHolds'] ? 'holds' : 'BROKEN')],
    ];
    process.stdout.write(`| | ${runs.map((r) => `journal ${r.journal}`).join(' | ')} |\n|---|${runs.map(() => '---').join('|')}|\n`);
    for (const [label, get] of rows) process.stdout.write(`| ${label} | ${runs.map((r) => get(r.figures)).join(' | ')} |\n`);
    for (const r of runs) process.stderr.write(`\n[journal ${r.journal}]\n${r.lines.join('\n')}\n`);
  }
} finally {
  await admin.end();
}
