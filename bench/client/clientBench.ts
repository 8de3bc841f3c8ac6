/**
 * Embedded mode against agent mode, in one run on one machine: pairs/s
 * (host choice, then report) and per-pair latency p50/p99 with 1 and 10
 * concurrent callers, and the embedded client's memory for 1,000 keys × 10
 * hosts. Both modes talk to the same real system (`--role all` on SQLite:
 * DNS, reporter and agent), on the same 10-host key.
 *
 *   npm run build && node dist/bench/client/clientBench.js [--seconds 3] [--json] [--record]
 *
 * A caller is an async loop: choose a host, report, then await once (the
 * application's own call, here an already-settled promise), yielding to the
 * event loop every 1,024 pairs so timers and DNS pushes run. Embedded mode
 * is measured with pickHost (the hot path) and with getHost (a promise per
 * call); agent mode with getHost over UDP. Throughput runs are not timed per
 * pair; latency runs time every pair with process.hrtime, whose own cost
 * (about 0.2 µs per read on this VM) is inside the embedded figures.
 */
import Database from 'better-sqlite3';
import { cpus, loadavg } from 'node:os';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { parseArgs } from 'node:util';
import { LarsClient, type EmbeddedLarsClient, type Host } from '../../client/index.js';
import { ipv4ToUint32 } from '../../runtime/net/ipv4.js';
import { machineLine, markdownTable, recordResults } from '../benchResults.js';
import { startSystem } from '../benchSystem.js';
import { NanoHistogram } from './nanoHistogram.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
    record: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const LEVELS = [1, 10];
const MODID = 7;
const KEYS = 1000;
const HOSTS = 10;
const YIELD_EVERY = 1024;
const log = (line: string): void => void process.stderr.write(`${line}\n`);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** 1,000 keys (MODID, 1..1000) × 10 hosts, straight into the fresh SQLite file before the roles start. */
async function seed(storeUrl: string): Promise<void> {
  const db = new Database(storeUrl.slice('sqlite:'.length));
  const insert = db.prepare('INSERT INTO RouteData (modid, cmdid, serverip, serverport) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (let c = 1; c <= KEYS; c++) for (let h = 0; h < HOSTS; h++) insert.run(MODID, c, ipv4ToUint32(`10.7.${c >> 8}.${(c & 255)}`) + 0, 9000 + h);
  })();
  db.close();
}

interface Level {
  mode: string;
  callers: number;
  pairsPerSecond: number;
  /** This process's CPU time over wall time during the run: below 100 % the machine was busy with others. */
  cpuPct: number;
  p50Us: number;
  p99Us: number;
}

type Pair = () => void | Promise<void>;

/** `callers` async loops doing `pair` (which does `batch` pairs) until `ms` passed; pairs per second and CPU share. */
async function drive(callers: number, ms: number, pair: Pair, batch = 1): Promise<{ pairsPerSecond: number; cpuPct: number }> {
  let pairs = 0;
  const deadline = performance.now() + ms;
  let running = true;
  const loop = async (): Promise<void> => {
    while (running) {
      for (let i = 0; i < YIELD_EVERY && running; i++) {
        await pair();
        pairs += batch;
      }
      await new Promise((r) => setImmediate(r));
      if (performance.now() >= deadline) running = false;
    }
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: callers }, loop));
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  return { pairsPerSecond: Math.round(pairs / (wallMs / 1000)), cpuPct: Math.round((cpu.user + cpu.system) / 10 / wallMs) };
}

/** The same loops, every pair timed into a histogram. */
async function latency(callers: number, ms: number, pair: Pair): Promise<NanoHistogram> {
  const hist = new NanoHistogram();
  await drive(callers, ms, async () => {
    const t0 = process.hrtime.bigint();
    await pair();
    hist.record(Number(process.hrtime.bigint() - t0));
  });
  return hist;
}

/**
 * The client's own cost: pickHost + report 64 times per await, one caller
 * (no per-pair latency: the figure is the loop's).
 */
async function measureTight(e: EmbeddedLarsClient): Promise<Level> {
  const pair = (): void => {
    for (let i = 0; i < 64; i++) e.report(MODID, 1, e.pickHost(MODID, 1), 'success');
  };
  await drive(1, 300, pair, 64);
  const { pairsPerSecond, cpuPct } = await drive(1, seconds * 1000, pair, 64);
  log(`embedded pickHost, 64 pairs per await: ${pairsPerSecond.toLocaleString('en-US')} pairs/s (cpu ${cpuPct} %)`);
  return { mode: 'embedded pickHost, 64 pairs per await', callers: 1, pairsPerSecond, cpuPct, p50Us: NaN, p99Us: NaN };
}

async function measure(mode: string, pair: Pair): Promise<Level[]> {
  const out: Level[] = [];
  for (const callers of LEVELS) {
    await drive(callers, 300, pair); // warm-up: JIT, sockets
    const { pairsPerSecond, cpuPct } = await drive(callers, seconds * 1000, pair);
    const hist = await latency(callers, Math.min(1000, seconds * 1000), pair);
    const level = { mode, callers, pairsPerSecond, cpuPct, p50Us: hist.percentileUs(0.5), p99Us: hist.percentileUs(0.99) };
    log(`${mode}, ${callers} caller(s): ${pairsPerSecond.toLocaleString('en-US')} pairs/s (cpu ${cpuPct} %), p50 ${level.p50Us} µs, p99 ${level.p99Us} µs`);
    out.push(level);
  }
  return out;
}

/** Heap taken by an embedded client holding every seeded key, after a full GC. */
async function memoryFor1000Keys(dnsPort: number): Promise<{ bytes: number; perKeyBytes: number }> {
  gc();
  const before = process.memoryUsage().heapUsed;
  const client = await LarsClient.embedded({ dns: [`127.0.0.1:${dnsPort}`], pull_wait_ms: 5000 });
  for (let c = 1; c <= KEYS; c += 100) {
    await Promise.all(Array.from({ length: 100 }, (_, i) => client.regInit(MODID, c + i)));
  }
  for (let c = 1; c <= KEYS; c++) client.report(MODID, c, client.pickHost(MODID, c), 'success');
  const keys = client.stats().lb;
  if (keys.keys !== KEYS || keys.hosts !== KEYS * HOSTS) throw new Error(`expected ${KEYS} keys × ${HOSTS} hosts, got ${keys.keys} keys, ${keys.hosts} hosts`);
  gc();
  const bytes = process.memoryUsage().heapUsed - before;
  await client.close();
  return { bytes, perKeyBytes: Math.round(bytes / KEYS) };
}

const system = await startSystem(seed);
let embedded: EmbeddedLarsClient | undefined;
let agent: LarsClient | undefined;
try {
  const memory = await memoryFor1000Keys(system.dnsPort);
  log(`memory: ${(memory.bytes / 2 ** 20).toFixed(2)} MiB for ${KEYS} keys × ${HOSTS} hosts (${memory.perKeyBytes} B per key)`);

  const e = await LarsClient.embedded({ dns: [`127.0.0.1:${system.dnsPort}`], reporter: [`127.0.0.1:${system.reporterPort}`] });
  embedded = e;
  const a = new LarsClient({ basePort: system.basePort, timeoutMs: 1000 });
  agent = a;
  await e.regInit(MODID, 1);
  await a.regInit(MODID, 1);
  const levels = [
    ...(await measure('embedded pickHost', () => {
      const h: Host = e.pickHost(MODID, 1);
      e.report(MODID, 1, h, 'success');
    })),
    await measureTight(e),
    ...(await measure('embedded getHost', async () => {
      const h = await e.getHost(MODID, 1);
      e.report(MODID, 1, h, 'success');
    })),
    ...(await measure('agent getHost (UDP)', async () => {
      const h = await a.getHost(MODID, 1);
      a.report(MODID, 1, h, 'success');
    })),
  ];
  const find = (mode: string, callers: number): Level => levels.find((l) => l.mode === mode && l.callers === callers) as Level;
  const ratios = LEVELS.map((n) => ({ callers: n, ratio: Math.round(find('embedded pickHost', n).pairsPerSecond / find('agent getHost (UDP)', n).pairsPerSecond) }));
  const result = { bench: 'client', seconds, levels, ratios, memory, machine: machineLine() };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const table = markdownTable(
      ['mode', 'callers', 'pairs/s', 'bench CPU', 'pairs per CPU-second of the bench', 'p50 µs', 'p99 µs'],
      levels.map((l) => [
        l.mode,
        l.callers,
        l.pairsPerSecond.toLocaleString('en-US'),
        `${l.cpuPct} %`,
        // Agent mode spends most of its time in the agent's process: its own CPU share says nothing.
        l.mode.startsWith('agent') ? '—' : Math.round(l.pairsPerSecond / (l.cpuPct / 100)).toLocaleString('en-US'),
        Number.isNaN(l.p50Us) ? '—' : l.p50Us,
        Number.isNaN(l.p99Us) ? '—' : l.p99Us,
      ]),
    );
    const load = loadavg()[0]?.toFixed(1) ?? '?';
    const summary =
      `load average at the end: ${load} on ${cpus().length} cores; ` +
      `embedded pickHost / agent: ${ratios.map((r) => `${r.ratio}× at ${r.callers} caller(s)`).join(', ')}; ` +
      `embedded memory for ${KEYS} keys × ${HOSTS} hosts: ${(memory.bytes / 2 ** 20).toFixed(2)} MiB (${memory.perKeyBytes} B per key)`;
    process.stdout.write(`\n${machineLine()}\n\n${table}\n\n${summary}\n`);
    if (values.record) {
      recordResults(
        'Client: embedded mode vs agent mode (bench/client)',
        `One run, both modes against the same \`--role all\` system on SQLite, key with ${HOSTS} hosts, ${seconds} s per level ` +
          '(latency: a further second with every pair timed, hrtime reads included). "bench CPU" is the bench process\'s CPU time over wall time: ' +
          'the machine is shared, and below 100 % the wall figures are capped by the CPU the bench got; pairs per CPU-second is what one ' +
          'thread of its own would do. Targets: embedded ≥ 2,000,000 pairs/s, ≥ 50× agent mode, p99 ≤ 5 µs.\n\n' +
          `${table}\n\n${summary}\n`,
      );
    }
  }
} finally {
  await embedded?.close();
  await agent?.close();
  await system.stop();
}
