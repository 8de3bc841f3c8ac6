/**
 * Echo benchmark: our `lars qps-server` against a raw Node echo (the floor)
 * and any wire-compatible peer given with --target (e.g. the C++ original),
 * all driven by the same client at 1, 5, 10 and 100 connections in one run.
 *
 *   node dist/bench/echo/echoBench.js [--seconds 5] [--conns 1,5,10,100]
 *        [--target name=host:port ...] [--record] [--json]
 *
 * --json: one JSON line on stdout instead of the table (bench/run-all.ts reads it).
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { runQpsClient } from '../../tools/qps/qpsClient.js';
import { startChildServer, type ChildServer } from '../watchedProcess.js';
import { machineLine, markdownTable, recordResults } from '../benchResults.js';

interface Target {
  name: string;
  host: string;
  port: number;
}

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    conns: { type: 'string', default: '1,5,10,100' },
    target: { type: 'string', multiple: true, default: [] },
    record: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const connLevels = values.conns.split(',').map(Number);
const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

const children: ChildServer[] = [];
const ours = await startChildServer([here('../../tools/lars.js'), 'qps-server', '--port', '0', '--max-conn', '10000'], /listening on [\d.]+:(\d+)/, { echoStderr: true });
children.push(ours);
const raw = await startChildServer([here('./rawEchoServer.js'), '--port', '0'], /listening on [\d.]+:(\d+)/, { echoStderr: true });
children.push(raw);

const targets: Target[] = [
  { name: 'lars-ts qps-server', host: '127.0.0.1', port: ours.port },
  { name: 'raw Node echo', host: '127.0.0.1', port: raw.port },
  ...values.target.map((spec) => {
    const m = /^([^=]+)=([^:]+):(\d+)$/.exec(spec);
    if (!m) throw new Error(`--target ${spec}: expected name=host:port`);
    return { name: m[1] as string, host: m[2] as string, port: Number(m[3]) };
  }),
];

process.stderr.write(`echo bench on ${machineLine()}, ${seconds} s per run\n`);
const qps = new Map<string, number>();
const errors = new Map<string, number>();
for (const conns of connLevels) {
  // Alternate the order per level so neither server always runs on a warmer machine.
  const order = connLevels.indexOf(conns) % 2 === 0 ? targets : [...targets].reverse();
  for (const target of order) {
    const r = await runQpsClient({ host: target.host, port: target.port, conns, seconds });
    const errs = r.errors.mismatch + r.errors.badLength + r.errors.closed;
    qps.set(`${target.name}/${conns}`, r.qps);
    errors.set(`${target.name}/${conns}`, errs);
    process.stderr.write(`  ${target.name.padEnd(20)} ${String(conns).padStart(3)} conns: ${Math.round(r.qps)} msgs/s, ${errs} errors\n`);
  }
}
await Promise.all(children.map((c) => c.process.stop()));

const header = ['conns', ...targets.map((t) => `${t.name} (msgs/s)`), 'ours / raw'];
const rows = connLevels.map((conns) => {
  const ourQps = qps.get(`${targets[0]?.name}/${conns}`) ?? 0;
  const rawQps = qps.get(`${targets[1]?.name}/${conns}`) ?? 0;
  return [conns, ...targets.map((t) => Math.round(qps.get(`${t.name}/${conns}`) ?? 0)), `${(ourQps / rawQps).toFixed(2)}×`];
});
const totalErrors = [...errors.values()].reduce((a, b) => a + b, 0);
const table = markdownTable(header, rows);
if (values.json) {
  const levels = connLevels.map((conns) => ({ conns, ...Object.fromEntries(targets.map((t) => [t.name, Math.round(qps.get(`${t.name}/${conns}`) ?? 0)])) }));
  process.stdout.write(`${JSON.stringify({ bench: 'echo', seconds, ours: targets[0]?.name, raw: targets[1]?.name, levels, errors: totalErrors })}\n`);
} else {
  process.stdout.write(`\n${table}\n\nerrors (mismatched, bad or lost echoes): ${totalErrors}\n`);
}
if (values.record) {
  recordResults(
    'Echo: reactor qps-server vs raw Node echo',
    `${seconds} s per run, one client process (tools/qps/qpsClient), one request in flight per connection; servers in their own processes. ` +
      `Target: ours ≥ 0.9× raw at 10 and 100 connections.\n\n${table}\n\nErrors: ${totalErrors}.`,
  );
}
