/**
 * A subscriber that keeps every route frame it receives (GetRoute id 1 to
 * subscribe, id 2 answers and pushes): each key's current hosts, when each
 * host was first seen and last removed, and every host that any frame ever
 * dropped, so a test can assert "nothing disappeared" over every push and a
 * bench can time "gone at the subscriber" without polling.
 */
import { connect, type Socket } from 'node:net';
import { lars } from '../../proto/generated/lars.js';
import { encodeFrame } from '../../runtime/reactor/frame.js';
import { FrameDecoder } from '../../runtime/reactor/frameDecoder.js';

const ID = lars.MessageId;

export const hostId = (ip: number, port: number): string => `${ip >>> 0}:${port}`;
const keyId = (modid: number, cmdid: number): string => `${modid}/${cmdid}`;

interface Waiter {
  ok: () => boolean;
  resolve: () => void;
}

export class PushRecorder {
  readonly hosts = new Map<string, Set<string>>();
  /** "KEY HOST" → Date.now() of the frame that first served it / last dropped it. */
  readonly addedAt = new Map<string, number>();
  readonly removedAt = new Map<string, number>();
  /** Every (key, host) that some frame dropped after an earlier frame served it. */
  readonly drops: Array<{ key: string; host: string; atMs: number }> = [];
  frames = 0;
  private waiters: Waiter[] = [];
  private firstAnswer = new Map<string, () => void>();

  private constructor(private readonly socket: Socket) {
    const decoder = new FrameDecoder();
    socket.on('data', (chunk: Buffer) => decoder.push(chunk, (msgid, body) => this.onFrame(msgid, body)));
  }

  static open(port: number): Promise<PushRecorder> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port, noDelay: true });
      s.once('error', reject);
      s.once('connect', () => {
        s.on('error', () => undefined);
        resolve(new PushRecorder(s));
      });
    });
  }

  /** Subscribes to every key; resolves when each answered once. */
  async subscribe(keys: Array<{ modid: number; cmdid: number }>): Promise<void> {
    await Promise.all(
      keys.map(
        (k) =>
          new Promise<void>((resolve) => {
            this.firstAnswer.set(keyId(k.modid, k.cmdid), resolve);
            this.socket.write(encodeFrame(ID.ID_GetRouteRequest, lars.GetRouteRequest.encode(k).finish()));
          }),
      ),
    );
  }

  total(): number {
    let n = 0;
    for (const s of this.hosts.values()) n += s.size;
    return n;
  }

  has(modid: number, cmdid: number, ip: number, port: number): boolean {
    return this.hosts.get(keyId(modid, cmdid))?.has(hostId(ip, port)) ?? false;
  }

  /** When a frame last dropped the host from the key. */
  removedAtOf(modid: number, cmdid: number, ip: number, port: number): number | undefined {
    return this.removedAt.get(`${keyId(modid, cmdid)} ${hostId(ip, port)}`);
  }

  /** Resolves when `ok` holds after some frame (at once if it holds now). */
  until(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
    if (ok()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${what}: not seen within ${timeoutMs} ms (${this.total()} hosts served)`));
      }, timeoutMs);
      const waiter: Waiter = { ok, resolve: () => (clearTimeout(timer), resolve()) };
      this.waiters.push(waiter);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onFrame(msgid: number, body: Buffer): void {
    if (msgid !== ID.ID_GetRouteResponse) return;
    this.frames++;
    const at = Date.now();
    const r = lars.GetRouteResponse.decode(body);
    const key = keyId(r.modid, r.cmdid);
    const now = new Set(r.host.map((h) => hostId(h.ip ?? 0, h.port ?? 0)));
    const before = this.hosts.get(key);
    if (before) {
      for (const h of before) if (!now.has(h)) (this.drops.push({ key, host: h, atMs: at }), this.removedAt.set(`${key} ${h}`, at));
    }
    for (const h of now) if (!before?.has(h) && !this.addedAt.has(`${key} ${h}`)) this.addedAt.set(`${key} ${h}`, at);
    this.hosts.set(key, now);
    this.firstAnswer.get(key)?.();
    this.firstAnswer.delete(key);
    this.waiters = this.waiters.filter((w) => {
      if (!w.ok()) return true;
      w.resolve();
      return false;
    });
  }
}
