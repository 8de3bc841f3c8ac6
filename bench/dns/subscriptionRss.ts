/**
 * What clients can make the DNS hold (issue #12 §2): resident memory of the
 * DNS role's process (its workers included) before a client connects, once
 * clients have asked for keys the store does not have (each answered;
 * held in the waiting table, whose oldest asks go past its shares and size:
 * issue 20 §3), and
 * after they have gone, twice on the same process. Variants: one client
 * asking for N keys under the default bounds; the same with the
 * waiting bounds lifted past N (what an unbounded table would cost);
 * and the flood, seven clients at max_subscriptions_per_conn.
 *
 *   node dist/bench/dns/subscriptionRss.js [--keys 1000000] [--rounds 2] [--settle-ms 3000] [--record] [--json]
 *
 * RSS is read from /proc (Linux). Whether memory goes back to the OS after
 * the client leaves is up to V8 and the allocator: the table's own size is
 * the `subscriptions` gauge, which must drop to 0.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { lars } from '../../proto/generated/lars.js';
import { encodeFrame } from '../../runtime/reactor/frame.js';
import { FrameDecoder } from '../../runtime/reactor/frameDecoder.js';
import { prepareSystemDir } from '../benchSystem.js';
import { startChildServer } from '../watchedProcess.js';
import { machineLine, markdownTable, recordResults } from '../benchResults.js';
import { freeTcpPort } from '../freePorts.js';
import { dnsSection } from '../../actors/dns/dnsConfig.js';
import { figureSum, parseSamples } from '../../actors/roles/roleFigures.js';

const { values } = parseArgs({
  options: {
    keys: { type: 'string', default: '1000000' },
    'settle-ms': { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '2' },
    record: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const KEYS = Number(values.keys);
const SETTLE_MS = Number(values['settle-ms']);
const ROUNDS = Number(values.rounds);
const PER_CONN_BOUND = dnsSection.max_subscriptions_per_conn.default;
const TOTAL_BOUND = dnsSection.max_subscriptions.default;
/** Requests sent ahead of their answers: well under max_out_bytes of answers, so the DNS never cuts us. */
const WINDOW = 20_000;
/** Unknown keys: the demo routes use small modids. */
const FIRST_MODID = 5_000_000;
const SUPERVISOR_JS = fileURLToPath(new URL('../../supervisor.js', import.meta.url));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) / 1024;
}

const DNS_FIGURES = ['subscriptions', 'subscriptions_waiting', 'waiting_evicted_conn', 'waiting_evicted_ip', 'waiting_evicted_table', 'subscriptions_refused_conn', 'subscriptions_refused_total'];

/** The dns-server's figures this bench follows, from /metrics (read through the role's figure table). */
async function dnsFigures(adminPort: number): Promise<Record<string, number>> {
  const samples = parseSamples(await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text());
  return Object.fromEntries(DNS_FIGURES.map((name) => [name, figureSum(samples, /^dns-server/, name)]));
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, noDelay: true });
    s.once('error', reject);
    s.once('connect', () => resolve(s));
  });
}

/** One connection asks for `keys` unknown keys from `firstModid` on, WINDOW at a time; resolves with the socket once all are answered. */
async function askUnknownKeys(port: number, firstModid: number, keys: number): Promise<Socket> {
  const socket = await open(port);
  const decoder = new FrameDecoder();
  let answered = 0;
  let sent = 0;
  await new Promise<void>((resolve, reject) => {
    const sendMore = (): void => {
      const frames: Buffer[] = [];
      while (sent < keys && sent - answered < WINDOW) {
        frames.push(encodeFrame(lars.MessageId.ID_GetRouteRequest, lars.GetRouteRequest.encode({ modid: firstModid + sent, cmdid: 1 }).finish()));
        sent++;
      }
      if (frames.length > 0) socket.write(Buffer.concat(frames));
    };
    socket.on('data', (chunk: Buffer) => {
      decoder.push(chunk, (msgid) => {
        if (msgid === lars.MessageId.ID_GetRouteResponse) answered++;
        return true;
      });
      if (answered === keys) resolve();
      else if (sent - answered < WINDOW / 2) sendMore();
    });
    socket.once('close', () => reject(new Error(`the DNS closed the connection after ${answered} answers`)));
    sendMore();
  });
  return socket;
}

interface Variant {
  label: string;
  conns: number;
  keysPerConn: number;
  /** Lifts max_subscriptions_per_conn (and the total) to this; absent: the defaults. */
  lift?: number;
}

interface Round {
  subscribed: number;
  afterClose: number;
  held: number;
  waiting: number;
  evicted: number;
  refusedConn: number;
  refusedTotal: number;
  heldAfterClose: number;
  askSeconds: number;
}

interface Row {
  variant: Variant;
  before: number;
  rounds: Round[];
}

/** Clients connect, each asks for its own unknown keys, then all close: RSS and the table's figures at each step. */
async function round(pid: number, port: number, adminPort: number, v: Variant, seen: Record<string, number>): Promise<Round> {
  const started = performance.now();
  const sockets = await Promise.all(Array.from({ length: v.conns }, (_, c) => askUnknownKeys(port, FIRST_MODID + c * v.keysPerConn, v.keysPerConn)));
  const askSeconds = (performance.now() - started) / 1000;
  await sleep(SETTLE_MS);
  const subscribed = rssMiB(pid);
  const during = await dnsFigures(adminPort);
  for (const s of sockets) s.destroy();
  for (let i = 0; i < 100 && ((await dnsFigures(adminPort))['subscriptions'] ?? 0) > 0; i++) await sleep(100);
  await sleep(SETTLE_MS);
  const afterClose = rssMiB(pid);
  const after = await dnsFigures(adminPort);
  const delta = (name: string): number => (during[name] ?? NaN) - (seen[name] ?? 0);
  const r = {
    subscribed,
    afterClose,
    held: during['subscriptions'] ?? NaN,
    waiting: during['subscriptions_waiting'] ?? 0,
    evicted: ['waiting_evicted_conn', 'waiting_evicted_ip', 'waiting_evicted_table'].reduce((n, k) => n + (delta(k) || 0), 0),
    refusedConn: delta('subscriptions_refused_conn'),
    refusedTotal: delta('subscriptions_refused_total'),
    heldAfterClose: after['subscriptions'] ?? NaN,
    askSeconds,
  };
  Object.assign(seen, during);
  return r;
}

async function runVariant(v: Variant, rounds: number): Promise<Row> {
  const sys = await prepareSystemDir();
  const adminPort = await freeTcpPort();
  const bound =
    v.lift === undefined ? ''
    : `max_subscriptions_per_conn = ${v.lift}\nmax_subscriptions = ${Math.max(v.lift, TOTAL_BOUND)}\n` +
      `max_waiting_subscriptions = ${v.lift}\nmax_waiting_subscriptions_per_conn = ${v.lift}\nmax_waiting_subscriptions_per_ip = ${v.lift}\n`;
  writeFileSync(join(sys.dir, 'dns.ini'), `[admin]\nadmin_port = ${adminPort}\n[dns]\nport = ${sys.dnsPort}\n${bound}`);
  const dns = await startChildServer([SUPERVISOR_JS, '--role', 'dns', '--conf', sys.dir, '--store', sys.store], /serving routes version \d+ on [\d.]+:(\d+)/, { timeoutMs: 60_000 });
  const pid = dns.process.child.pid as number;
  try {
    await sleep(SETTLE_MS);
    const before = rssMiB(pid);
    const seen: Record<string, number> = {};
    const out: Round[] = [];
    for (let i = 0; i < rounds; i++) {
      out.push(await round(pid, dns.port, adminPort, v, seen));
      process.stderr.write(`  ${v.label}, round ${i + 1}: ${JSON.stringify(out.at(-1))}\n`);
    }
    return { variant: v, before, rounds: out };
  } finally {
    await dns.process.stop();
    rmSync(sys.dir, { recursive: true, force: true });
  }
}

const variants: Variant[] = [
  { label: 'default bounds', conns: 1, keysPerConn: KEYS },
  { label: 'bounds lifted', conns: 1, keysPerConn: KEYS, lift: KEYS },
  // Issue 20 §3: enough connections, each at max_subscriptions_per_conn, to have filled max_subscriptions before the waiting table.
  { label: 'default bounds, the flood of issue 20', conns: Math.floor(TOTAL_BOUND / PER_CONN_BOUND) + 1, keysPerConn: PER_CONN_BOUND },
];
process.stderr.write(`subscription RSS bench on ${machineLine()}\n`);
const rows: Row[] = [];
for (const v of variants) rows.push(await runVariant(v, ROUNDS));

const mib = (n: number): string => `${n.toFixed(0)} MiB`;
const int = (n: number): string => n.toLocaleString('en-US');
const table = markdownTable(
  ['bounds', 'clients × unknown keys', 'round', 'RSS before', 'RSS subscribed', 'held (of them waiting)', 'waiting asks evicted', 'refused (conn / total bound)', 'RSS after close', 'held after close', 'asking took'],
  rows.flatMap((r) =>
    r.rounds.map((x, i) => [
      r.variant.label + (r.variant.lift === undefined ? '' : ` (${int(r.variant.lift)})`),
      `${r.variant.conns} × ${int(r.variant.keysPerConn)}`,
      i + 1,
      i === 0 ? mib(r.before) : '',
      mib(x.subscribed),
      `${int(x.held)} (${int(x.waiting)})`,
      int(x.evicted),
      `${int(x.refusedConn)} / ${int(x.refusedTotal)}`,
      mib(x.afterClose),
      int(x.heldAfterClose),
      `${x.askSeconds.toFixed(1)} s`,
    ]),
  ),
);
if (values.json) process.stdout.write(`${JSON.stringify({ bench: 'dnsSubscriptionRss', keys: KEYS, rows })}\n`);
else process.stdout.write(`\n${table}\n`);
if (values.record) {
  recordResults(
    'DNS: RSS while clients subscribe to unknown keys (bench/dns/subscriptionRss)',
    `\`node dist/bench/dns/subscriptionRss.js --keys ${KEYS} --rounds ${ROUNDS}\`: the DNS role as its own process on SQLite (demo routes). Each client is one ` +
      `connection sending GetRouteRequest for keys the store does not have (distinct per client), ${int(WINDOW)} in flight, every one answered. RSS of the DNS ` +
      `process (its workers included) ${SETTLE_MS / 1000} s after start, ${SETTLE_MS / 1000} s after the last answer, and ${SETTLE_MS / 1000} s after the clients ` +
      `closed and the table emptied; a second round repeats it on the same process.\n\n${table}`,
  );
}
