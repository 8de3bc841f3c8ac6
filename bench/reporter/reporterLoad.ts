/**
 * Load for the reporter benchmark, in its own process: `conns` connections
 * each writing ReportStatusRequest frames as fast as TCP takes them for
 * `seconds`. Frames are encoded once up front (a real agent sends one per
 * key per interval; here the point is the server), in rounds whose values
 * differ so the upserts change rows.
 *
 * Key space: `pairs` (modid, cmdid) × `hosts` results per frame × `callers`.
 * Reports {type:'done', frames, results, elapsedMs} over IPC when finished.
 */
import { connect, type Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { lars } from '../../proto/generated/lars.js';
import { encodeFrame } from '../../runtime/reactor/frame.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    conns: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    pairs: { type: 'string', default: '100' },
    hosts: { type: 'string', default: '10' },
    callers: { type: 'string', default: '5' },
    /** First caller id: two loads with different bases write disjoint rows (two agents' reports). */
    'caller-base': { type: 'string', default: '100' },
    rounds: { type: 'string', default: '8' },
  },
});
const port = Number(values.port);
const callerBase = Number(values['caller-base']);
const conns = Number(values.conns);
const seconds = Number(values.seconds);
const [pairs, hosts, callers, rounds] = [values.pairs, values.hosts, values.callers, values.rounds].map(Number) as [number, number, number, number];

/** ~64 KiB chunks of whole frames, one round after another. */
function buildChunks(): Array<{ bytes: Buffer; frames: number }> {
  const chunks: Array<{ bytes: Buffer; frames: number }> = [];
  let pending: Buffer[] = [];
  let size = 0;
  const cut = (): void => {
    chunks.push({ bytes: Buffer.concat(pending), frames: pending.length });
    pending = [];
    size = 0;
  };
  for (let round = 0; round < rounds; round++) {
    for (let p = 0; p < pairs; p++) {
      for (let caller = 0; caller < callers; caller++) {
        const results = Array.from({ length: hosts }, (_, h) => ({
          ip: (0x0a000000 + (p % 50) * 256 + h) | 0,
          port: 8000 + h,
          succ: 100 * round + h,
          err: round,
          overload: (round + h) % 7 === 0,
        }));
        const body = lars.ReportStatusRequest.encode({ modid: 1 + Math.floor(p / 5), cmdid: 1 + (p % 5), caller: callerBase + caller, results, ts: 1_700_000_000 + round }).finish();
        const frame = encodeFrame(lars.MessageId.ID_ReportStatusRequest, body);
        pending.push(frame);
        size += frame.length;
        if (size >= 64 * 1024) cut();
      }
    }
  }
  if (pending.length > 0) cut();
  return chunks;
}

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, noDelay: true });
    s.once('error', reject);
    s.once('connect', () => {
      s.off('error', reject);
      resolve(s);
    });
  });
}

const chunks = buildChunks();
const sockets = await Promise.all(Array.from({ length: conns }, open));
process.send?.({ type: 'started' });
const started = performance.now();
const deadline = started + seconds * 1000;
let frames = 0;

async function pump(socket: Socket, offset: number): Promise<void> {
  let i = offset;
  while (performance.now() < deadline) {
    const chunk = chunks[i % chunks.length] as { bytes: Buffer; frames: number };
    i++;
    frames += chunk.frames;
    if (!socket.write(chunk.bytes)) await new Promise((resolve) => socket.once('drain', resolve));
  }
}

await Promise.all(sockets.map((s, k) => pump(s, Math.floor((k * chunks.length) / conns))));
const elapsedMs = performance.now() - started;
await Promise.all(sockets.map((s) => new Promise<void>((resolve) => s.end(resolve))));
const cpu = process.cpuUsage();
process.send?.({ type: 'done', frames, results: frames * hosts, elapsedMs, cpuMs: (cpu.user + cpu.system) / 1000 }, () => process.exit(0));
