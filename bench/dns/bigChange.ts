/**
 * One route change touching many keys, for the apply bench and its tests:
 * a transaction shaped like the store's own edits (RouteVersion locked,
 * RouteData rows, one RouteChange row per key at the new version), written
 * with multi-row INSERTs as an operator's script would; and subscribers
 * that time when the DNS pushes it.
 */
import { connect, type Socket } from 'node:net';
import type { Connection } from 'mysql2/promise';
import { lars } from '../../proto/generated/lars.js';
import { encodeFrame } from '../../runtime/reactor/frame.js';
import { FrameDecoder } from '../../runtime/reactor/frameDecoder.js';
import { uint32ToInt32 } from '../../runtime/net/ipv4.js';
import type { RouteKey } from '../../store/routeTypes.js';

const ROWS_PER_INSERT = 5000;

/** Adds host ip:port to every key in one transaction on `conn`; resolves, once committed, to the new version. */
export async function addHostToKeys(conn: Connection, keys: readonly RouteKey[], ip: number, port: number, nowMs = Date.now()): Promise<number> {
  await conn.beginTransaction();
  try {
    const [locked] = await conn.query('SELECT version FROM RouteVersion WHERE id = 1 FOR UPDATE');
    const version = Number((locked as Array<{ version: number }>)[0]?.version) + 1;
    for (let i = 0; i < keys.length; i += ROWS_PER_INSERT) {
      const part = keys.slice(i, i + ROWS_PER_INSERT);
      await conn.query('INSERT INTO RouteData (modid, cmdid, serverip, serverport) VALUES ?', [part.map((k) => [k.modid, k.cmdid, ip, port])]);
      await conn.query('INSERT INTO RouteChange (modid, cmdid, version, created_at_ms) VALUES ?', [part.map((k) => [k.modid, k.cmdid, version, nowMs])]);
    }
    await conn.query('UPDATE RouteVersion SET version = ? WHERE id = 1', [version]);
    await conn.commit();
    return version;
  } catch (err) {
    await conn.rollback().catch(() => undefined);
    throw err;
  }
}

const keyId = (modid: number, cmdid: number): string => `${modid}/${cmdid}`;

interface Awaited {
  ip: number;
  port: number;
  left: Set<string>;
  first: number | undefined;
  resolve: (times: { firstMs: number; lastMs: number }) => void;
}

/**
 * Connections to a DNS, each subscribed to its share of the keys (what an
 * agent does with GetRouteRequest). `pushed` resolves with when
 * (performance.now()) the first and the last of the given keys arrived
 * carrying a host.
 */
export class KeySubscribers {
  private readonly sockets: Socket[] = [];
  private readonly waits: Awaited[] = [];

  private constructor() {}

  static async open(host: string, port: number, keys: readonly RouteKey[], conns: number, timeoutMs = 60_000): Promise<KeySubscribers> {
    const s = new KeySubscribers();
    let unanswered = new Set(keys.map((k) => keyId(k.modid, k.cmdid)));
    let answered: () => void = () => undefined;
    const all = new Promise<void>((resolve) => (answered = resolve));
    const firstAnswer = (id: string): void => {
      if (unanswered.delete(id) && unanswered.size === 0) answered();
    };
    for (let i = 0; i < conns; i++) s.sockets.push(await s.connectOne(host, port, firstAnswer));
    keys.forEach((k, i) => (s.sockets[i % conns] as Socket).write(encodeFrame(lars.MessageId.ID_GetRouteRequest, lars.GetRouteRequest.encode(k).finish())));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${unanswered.size} of ${keys.length} keys unanswered after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      if (unanswered.size > 0) await Promise.race([all, late]);
    } catch (err) {
      s.close();
      throw err;
    } finally {
      clearTimeout(timer);
      unanswered = new Set();
    }
    return s;
  }

  /** Resolves once every one of `keys` was pushed with ip:port among its hosts. Call before committing the change. */
  pushed(keys: readonly RouteKey[], ip: number, port: number): Promise<{ firstMs: number; lastMs: number }> {
    return new Promise((resolve) => {
      this.waits.push({ ip: uint32ToInt32(ip), port, left: new Set(keys.map((k) => keyId(k.modid, k.cmdid))), first: undefined, resolve });
    });
  }

  close(): void {
    for (const s of this.sockets) s.destroy();
  }

  private connectOne(host: string, port: number, firstAnswer: (id: string) => void): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port, noDelay: true });
      const decoder = new FrameDecoder();
      socket.on('data', (chunk: Buffer) =>
        decoder.push(chunk, (msgid, body) => {
          if (msgid !== lars.MessageId.ID_GetRouteResponse) return;
          const r = lars.GetRouteResponse.decode(body);
          this.received(r, firstAnswer);
        }),
      );
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        socket.on('error', () => undefined);
        resolve(socket);
      });
    });
  }

  private received(r: lars.GetRouteResponse, firstAnswer: (id: string) => void): void {
    const at = performance.now();
    const id = keyId(r.modid, r.cmdid);
    firstAnswer(id);
    for (const w of this.waits) {
      if (!w.left.has(id) || !r.host.some((h) => h.ip === w.ip && h.port === w.port)) continue;
      w.left.delete(id);
      w.first ??= at;
      if (w.left.size === 0) w.resolve({ firstMs: w.first, lastMs: at });
    }
  }
}
