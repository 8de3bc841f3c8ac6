/**
 * Push lag: from a route edit committing in the store (the same transaction
 * `lars route add` runs) to a subscribed connection receiving the pushed
 * GetRouteResponse. `conns` connections subscribe to `keys` keys between
 * them; each sample edits one key at a random phase of the poll interval.
 */
import { connect, type Socket } from 'node:net';
import { lars } from '../../proto/generated/lars.js';
import { encodeFrame } from '../../runtime/reactor/frame.js';
import { FrameDecoder } from '../../runtime/reactor/frameDecoder.js';
import type { RouteStore } from '../../store/routeStore.js';

export interface PushLagOptions {
  host: string;
  port: number;
  store: RouteStore;
  conns: number;
  keys: number;
  samples: number;
  pollIntervalMs: number;
}

export const keyOf = (k: number): { modid: number; cmdid: number } => ({ modid: 1000 + Math.floor(k / 1000), cmdid: k % 1000 });

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

function open(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host, port, noDelay: true });
    s.once('error', reject);
    s.once('connect', () => resolve(s));
  });
}

export async function measurePushLag(opts: PushLagOptions): Promise<{ lagsMs: number[]; subscribed: number }> {
  const waiting = new Map<string, { port: number; resolve: (at: number) => void }>();
  let answered = 0;
  let allAnswered: () => void = () => undefined;
  const subscribedAll = new Promise<void>((r) => (allAnswered = r));
  const sockets: Socket[] = [];
  for (let i = 0; i < opts.conns; i++) {
    const s = await open(opts.host, opts.port);
    sockets.push(s);
    const decoder = new FrameDecoder();
    s.on('data', (chunk: Buffer) =>
      decoder.push(chunk, (msgid, body) => {
        if (msgid !== lars.MessageId.ID_GetRouteResponse) return;
        const r = lars.GetRouteResponse.decode(body);
        const w = waiting.get(`${r.modid}:${r.cmdid}`);
        if (w && r.host.some((h) => h.port === w.port)) {
          waiting.delete(`${r.modid}:${r.cmdid}`);
          w.resolve(performance.now());
        } else if (!w && ++answered === opts.keys) allAnswered();
      }),
    );
    s.on('error', () => undefined);
  }
  // Spread the keys over the connections; each connection asks for its share.
  for (let k = 0; k < opts.keys; k++) {
    const s = sockets[k % sockets.length] as Socket;
    s.write(encodeFrame(lars.MessageId.ID_GetRouteRequest, lars.GetRouteRequest.encode(keyOf(k)).finish()));
  }
  await subscribedAll;

  const lagsMs: number[] = [];
  for (let i = 0; i < opts.samples; i++) {
    await new Promise((r) => setTimeout(r, Math.random() * opts.pollIntervalMs));
    const k = Math.floor(Math.random() * opts.keys);
    const { modid, cmdid } = keyOf(k);
    const port = 20_000 + i;
    const received = new Promise<number>((resolve) => waiting.set(`${modid}:${cmdid}`, { port, resolve }));
    await opts.store.addHost(modid, cmdid, 0x0a000000 + i, port);
    const committed = performance.now();
    lagsMs.push((await received) - committed);
  }
  for (const s of sockets) s.destroy();
  return { lagsMs, subscribed: answered };
}
