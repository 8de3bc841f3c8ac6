/**
 * Agent load driver: N callers, each looping getHost → await reply → report,
 * at several concurrency levels; prints getHost+report pairs/s, getHost
 * round-trip p50/p99 and CPU per process. Speaks only the wire protocol, so
 * it drives our agent or any wire-compatible one (the C++ original).
 *
 *   node dist/bench/agent/agentCallers.js [--callers 1,5,10,100] [--seconds 5]
 *        [--modid 1] [--cmdid 1] [--keys 3]
 *        [--target host:port,host:port,host:port | --host 127.0.0.1 --base-port 8888]
 *        [--agents 3] [--timeout-ms 200] [--wrong-port] [--agent-pid PID] [--record] [--json]
 *
 * --agent-pid: an external agent's process, whose CPU per pair is then reported too (Linux).
 * --json: one JSON line on stdout instead of the table (bench/run-all.ts reads it).
 *
 * Caller i asks key (modid, cmdid + i % keys); a key goes to target
 * (modid + cmdid) % targets (the agent's port rule); with --wrong-port to the
 * next target instead, which our agent hands to the owning port. Without --target or
 * --base-port it starts `--agents` standaloneAgentUdp child processes (one
 * per port, as the agent runs one thread per port) with a preloaded route.
 *
 * The driver is cheap on purpose (it shares the cores with the agent):
 * requests are encoded by hand into per-caller buffers, the report copies
 * the host bytes of the reply, sockets are connected (no per-send lookup),
 * and latency goes into a flat 1 µs histogram.
 */
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeVarint } from '../../proto/varint.js';
import { startChildServer, type ChildServer } from '../watchedProcess.js';
import { machineLine, markdownTable, recordResults } from '../benchResults.js';
import { LatencyHistogram } from './agentLatency.js';

const { values } = parseArgs({
  options: {
    callers: { type: 'string', default: '1,5,10,100' },
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    modid: { type: 'string', default: '1' },
    cmdid: { type: 'string', default: '1' },
    keys: { type: 'string', default: '3' },
    target: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'base-port': { type: 'string' },
    agents: { type: 'string', default: '3' },
    'timeout-ms': { type: 'string', default: '200' },
    'wrong-port': { type: 'boolean', default: false },
    'agent-pid': { type: 'string' },
    record: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const levels = values.callers.split(',').map(Number);
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const modid = Number(values.modid);
const cmdid = Number(values.cmdid);
const keys = Number(values.keys);
const timeoutMs = Number(values['timeout-ms']);
const portShift = values['wrong-port'] ? 1 : 0;
const MSG_GET_HOST_REQ = 4;
const MSG_GET_HOST_RSP = 5;
const MSG_REPORT_REQ = 6;

interface Target {
  host: string;
  port: number;
}

const children: ChildServer[] = [];
let targets: Target[];
if (values.target !== undefined) {
  targets = values.target.split(',').map((spec) => {
    const m = /^([^:]+):(\d+)$/.exec(spec);
    if (!m) throw new Error(`--target ${spec}: expected host:port`);
    return { host: m[1] as string, port: Number(m[2]) };
  });
} else if (values['base-port'] !== undefined) {
  const base = Number(values['base-port']);
  targets = [0, 1, 2].map((i) => ({ host: values.host, port: base + i }));
} else {
  const script = fileURLToPath(new URL('./standaloneAgentUdp.js', import.meta.url));
  const args = ['--port', '0', '--modid', String(modid), '--cmdid-from', String(cmdid), '--cmdid-count', String(keys)];
  for (let i = 0; i < Number(values.agents); i++) children.push(await startChildServer([script, ...args], /listening on [\d.]+:(\d+)/, { echoStderr: true }));
  targets = children.map((c) => ({ host: '127.0.0.1', port: c.port }));
}

const sockets: Socket[] = await Promise.all(
  targets.map(
    (t) =>
      new Promise<Socket>((resolve, reject) => {
        const s = createSocket('udp4');
        s.once('error', reject);
        s.connect(t.port, t.host, () => {
          s.off('error', reject);
          try {
            s.setRecvBufferSize(4 * 1024 * 1024);
          } catch {
            // Capped by rmem_max; the default is enough for 100 in flight.
          }
          resolve(s);
        });
      }),
  ),
);

class Caller {
  seq = 0;
  sentAt = 0;
  readonly req = Buffer.alloc(64);
  readonly report = Buffer.alloc(128);
  constructor(
    readonly modid: number,
    readonly cmdid: number,
    readonly socket: Socket,
  ) {}
}

let callers: Caller[] = [];
let seqBase = 0;
let running = false;
let recording = false;
let pairs = 0;
let timeouts = 0;
let stale = 0;
let failures = 0;
const hist = new LatencyHistogram();

function sendGetHost(c: Caller, seq: number): void {
  c.seq = seq;
  const b = c.req;
  let pos = 8;
  b[pos++] = 0x08;
  pos = writeVarint(b, pos, seq);
  if (c.modid !== 0) {
    b[pos++] = 0x10;
    pos = writeVarint(b, pos, c.modid);
  }
  if (c.cmdid !== 0) {
    b[pos++] = 0x18;
    pos = writeVarint(b, pos, c.cmdid);
  }
  b.writeInt32LE(MSG_GET_HOST_REQ, 0);
  b.writeInt32LE(pos - 8, 4);
  c.sentAt = performance.now();
  c.socket.send(b, 0, pos);
}

/** ReportRequest { modid, cmdid, host: the reply's HostInfo bytes as they came, retcode SUCC (omitted) }. */
function sendReport(c: Caller, reply: Buffer, hostAt: number, hostLen: number): void {
  const b = c.report;
  let pos = 8;
  if (c.modid !== 0) {
    b[pos++] = 0x08;
    pos = writeVarint(b, pos, c.modid);
  }
  if (c.cmdid !== 0) {
    b[pos++] = 0x10;
    pos = writeVarint(b, pos, c.cmdid);
  }
  b[pos++] = 0x1a;
  b[pos++] = hostLen;
  reply.copy(b, pos, hostAt, hostAt + hostLen);
  pos += hostLen;
  b.writeInt32LE(MSG_REPORT_REQ, 0);
  b.writeInt32LE(pos - 8, 4);
  c.socket.send(b, 0, pos);
}

let varint = 0;
function readVarint(b: Buffer, pos: number): number {
  let v = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = b[pos++] as number;
    if (shift < 32) v |= (byte & 0x7f) << shift;
    if (byte < 0x80) break;
  }
  varint = v;
  return pos;
}

function onReply(msg: Buffer): void {
  if (msg.length < 8 || msg.readInt32LE(0) !== MSG_GET_HOST_RSP) return;
  let seq = 0;
  let retcode = 0;
  let hostAt = -1;
  let hostLen = 0;
  for (let pos = 8; pos < msg.length; ) {
    const tag = msg[pos++] as number;
    if (tag === 0x2a) {
      hostLen = msg[pos++] as number;
      hostAt = pos;
      pos += hostLen;
      continue;
    }
    pos = readVarint(msg, pos);
    if (tag === 0x08) seq = varint >>> 0;
    else if (tag === 0x20) retcode = varint;
  }
  const c = callers[(seq - seqBase) % callers.length];
  if (c === undefined || c.seq !== seq) {
    stale++;
    return;
  }
  if (recording) {
    hist.record(performance.now() - c.sentAt);
    pairs++;
  }
  if (retcode === 0 && hostAt >= 0) sendReport(c, msg, hostAt, hostLen);
  else if (recording) failures++;
  if (running) sendGetHost(c, seq + callers.length);
  else c.seq = -1;
}

for (const s of sockets) s.on('message', onReply);

/** utime + stime of a process in ms, from /proc (Linux); NaN elsewhere. */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const rows: Array<Array<string | number>> = [];
process.stderr.write(`agent callers on ${machineLine()}; targets ${targets.map((t) => `${t.host}:${t.port}`).join(', ')}; ${keys} key(s)${portShift ? ', each on a wrong port' : ''}\n`);

for (const [level, n] of levels.entries()) {
  seqBase = (level + 1) * 0x08000000;
  callers = Array.from({ length: n }, (_, i) => {
    const cmd = cmdid + (i % keys);
    const n = sockets.length;
    return new Caller(modid, cmd, sockets[((((modid + cmd) % n) + n + portShift) % n)] as Socket);
  });
  running = true;
  callers.forEach((c, i) => sendGetHost(c, seqBase + i));
  const sweeper = setInterval(() => {
    const now = performance.now();
    for (const c of callers) {
      if (c.seq >= 0 && now - c.sentAt > timeoutMs) {
        if (recording) timeouts++;
        sendGetHost(c, c.seq + callers.length);
      }
    }
  }, Math.max(10, timeoutMs / 4));
  await sleep(warmup * 1000);
  [pairs, timeouts, stale, failures] = [0, 0, 0, 0];
  hist.reset();
  const cpu0 = process.cpuUsage();
  const agentPids = values['agent-pid'] !== undefined ? [Number(values['agent-pid'])] : children.map((c) => c.process.child.pid);
  const agentCpu0 = agentPids.map(cpuMs);
  const t0 = performance.now();
  recording = true;
  await sleep(seconds * 1000);
  recording = false;
  const elapsedS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const agentCpuMs = agentPids.reduce<number>((sum, pid, i) => sum + cpuMs(pid) - (agentCpu0[i] ?? 0), 0);
  running = false;
  clearInterval(sweeper);
  await sleep(Math.min(500, timeoutMs * 2));
  const rate = pairs / elapsedS;
  const driverUsPerPair = ((cpu.user + cpu.system) / pairs).toFixed(1);
  const agentUsPerPair = agentPids.length > 0 ? ((agentCpuMs * 1000) / pairs).toFixed(1) : 'n/a';
  const row = [
    n,
    Math.round(rate),
    hist.percentileMs(0.5).toFixed(3),
    hist.percentileMs(0.99).toFixed(3),
    timeouts,
    failures,
    driverUsPerPair,
    agentUsPerPair,
  ];
  rows.push(row);
  process.stderr.write(`  ${String(n).padStart(3)} callers: ${Math.round(rate)} pairs/s, p50 ${row[2]} ms, p99 ${row[3]} ms, ${timeouts} timeouts, ${stale} stale\n`);
}

for (const s of sockets) s.close();
await Promise.all(children.map((c) => c.process.stop()));

const header = ['callers', 'pairs/s', 'p50 ms', 'p99 ms', 'timeouts', 'non-SUCC', 'driver CPU µs/pair', 'agent CPU µs/pair'];
const table = markdownTable(header, rows);
if (values.json) {
  const levelsJson = rows.map((r) => ({ callers: r[0], pairsPerSecond: r[1], p50Ms: Number(r[2]), p99Ms: Number(r[3]), timeouts: r[4], nonSucc: r[5], agentCpuUsPerPair: r[7] === 'n/a' ? null : Number(r[7]) }));
  process.stdout.write(`${JSON.stringify({ bench: 'agent', seconds, standalone: children.length > 0, levels: levelsJson })}\n`);
} else {
  process.stdout.write(`\n${table}\n`);
}
if (values.record) {
  recordResults(
    'Agent: getHost + report pairs',
    `${seconds} s per level after ${warmup} s warm-up, ${keys} key(s) over ${targets.length} port(s)${portShift ? ', each sent to a port that does not own it' : ''}, one driver process ` +
      `(bench/agent/agentCallers), ${children.length > 0 ? `${children.length} standalone agent processes (no DNS, no reporter)` : 'external agent'}. ` +
      `Latency is the getHost round trip.\n\n${table}`,
  );
}
