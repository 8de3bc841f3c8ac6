/**
 * A simulated agent that speaks the DNS TCP protocol directly, as the real
 * agent's registrar does: one connection to one DNS address, the whole table
 * sent at once after every (re)connect, then one renewal stream (all of its
 * instances every renewIntervalMs, split into frames of at most
 * `perFrame` instances). When the connection drops it moves to the next
 * address of its list and re-sends everything. pause() stops renewals
 * without closing (a partition); kill() drops the connection and never
 * renews again (the host gone).
 */
import { connect, type Socket } from 'node:net';
import { lars } from '../../proto/generated/lars.js';
import { encodeFrame } from '../../runtime/reactor/frame.js';
import { FrameDecoder } from '../../runtime/reactor/frameDecoder.js';

const ID = lars.MessageId;

export interface SimInstance {
  modid: number;
  cmdid: number;
  ip: number;
  port: number;
  ttlMs: number;
}

export interface SimAgentOptions {
  owner: string;
  /** DNS ports on 127.0.0.1, tried in order, wrapping round. */
  dnsPorts: number[];
  token?: string;
  renewIntervalMs: number;
  instances: SimInstance[];
  perFrame?: number;
}

export class SimAgent {
  private socket: Socket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private seq = 0;
  private next = 0;
  private stopped = false;
  private paused = false;
  /** seq → resolve, for answers awaited (registration, deregistration). */
  private readonly waiting = new Map<number, (r: lars.RegisterResponse) => void>();
  readonly instances: SimInstance[];
  connects = 0;
  answersFailed = 0;
  /** Resolves whenever a connection is up and the whole table was sent on it. */
  private onSent: Array<() => void> = [];

  constructor(private readonly opts: SimAgentOptions) {
    this.instances = [...opts.instances];
  }

  /** Connects and registers everything; resolves once DNS answered every frame of the first send. */
  async start(): Promise<void> {
    await this.connectAndSend(true);
    this.timer = setInterval(() => {
      if (!this.paused) void this.sendAll(false);
    }, this.opts.renewIntervalMs);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    void this.sendAll(false);
  }

  kill(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.socket?.destroy();
  }

  /** Deregisters `which` and drops them from the table; resolves on DNS's answer. */
  async deregister(which: SimInstance[]): Promise<lars.RegisterResponse> {
    const gone = new Set(which);
    for (let i = this.instances.length - 1; i >= 0; i--) if (gone.has(this.instances[i] as SimInstance)) this.instances.splice(i, 1);
    return this.request(ID.ID_DeregisterRequest, which);
  }

  /** Adds and registers `more`; resolves on DNS's answers. */
  async register(more: SimInstance[]): Promise<void> {
    this.instances.push(...more);
    await Promise.all(this.chunks(more).map((c) => this.request(ID.ID_RegisterRequest, c)));
  }

  /** Resolves at the next full send after a reconnect. */
  resent(): Promise<void> {
    return new Promise((r) => this.onSent.push(r));
  }

  private chunks(list: SimInstance[]): SimInstance[][] {
    const n = this.opts.perFrame ?? 1000;
    const out: SimInstance[][] = [];
    for (let i = 0; i < list.length; i += n) out.push(list.slice(i, i + n));
    return out;
  }

  private request(msgid: number, instances: SimInstance[]): Promise<lars.RegisterResponse> {
    const seq = ++this.seq;
    const body = { seq, token: this.opts.token ?? '', owner: this.opts.owner, instances };
    const bytes = msgid === ID.ID_RegisterRequest ? lars.RegisterRequest.encode(body).finish() : lars.DeregisterRequest.encode(body).finish();
    return new Promise((resolve) => {
      this.waiting.set(seq, resolve);
      this.socket?.write(encodeFrame(msgid, bytes));
    });
  }

  private async sendAll(wait: boolean): Promise<void> {
    if (!this.socket || this.socket.destroyed) return;
    const sent = this.chunks(this.instances).map((c) => this.request(ID.ID_RegisterRequest, c));
    if (wait) await Promise.all(sent);
  }

  private async connectAndSend(wait: boolean): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const port = this.opts.dnsPorts[this.next % this.opts.dnsPorts.length] as number;
      this.next++;
      try {
        this.socket = await open(port);
      } catch {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      break;
    }
    const socket = this.socket;
    this.connects++;
    const decoder = new FrameDecoder();
    socket.on('data', (chunk: Buffer) =>
      decoder.push(chunk, (msgid, body) => {
        if (msgid !== ID.ID_RegisterResponse) return;
        const r = lars.RegisterResponse.decode(body);
        if (r.retcode !== lars.LarsRetCode.RET_SUCC) this.answersFailed++;
        this.waiting.get(r.seq)?.(r);
        this.waiting.delete(r.seq);
      }),
    );
    socket.on('close', () => {
      if (this.stopped || this.socket !== socket) return;
      // As the real registrar: the next address, and the whole table again at once.
      void this.connectAndSend(false);
    });
    await this.sendAll(wait);
    for (const r of this.onSent.splice(0)) r();
  }
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, noDelay: true });
    s.once('error', reject);
    s.once('connect', () => {
      s.off('error', reject);
      s.on('error', () => undefined);
      resolve(s);
    });
  });
}
