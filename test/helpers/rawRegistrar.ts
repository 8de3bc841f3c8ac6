/**
 * An application registering with an agent in bare frames (ids 19–21), for
 * agent tests that depend on the wire only: answers matched by seq, a
 * bounded wait, raw datagrams for bad input.
 */
import { createSocket, type Socket } from 'node:dgram';
import { lars } from '../../proto/generated/lars.js';
import { encodeFrame } from '../../runtime/reactor/frame.js';
import { parseDatagram } from '../../runtime/reactor/datagram.js';

const ID = lars.MessageId;

export class RawRegistrar {
  private seq = 1;
  private readonly waiting = new Map<number, (r: lars.RegisterResponse) => void>();
  /** Answers that matched no waiting request. */
  readonly stray: lars.RegisterResponse[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('message', (msg) => {
      const f = parseDatagram(msg);
      if (f?.msgid !== ID.ID_API_RegisterResponse) return;
      const r = lars.RegisterResponse.decode(f.body);
      const w = this.waiting.get(r.seq);
      if (w === undefined) this.stray.push(r);
      else w(r);
      this.waiting.delete(r.seq);
    });
  }

  static async open(): Promise<RawRegistrar> {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    return new RawRegistrar(s);
  }

  /** Id 19 (register or heartbeat) to `port`; the answer, or undefined after timeoutMs. */
  register(port: number, instances: lars.Instance.$Properties[], owner = 'app test', timeoutMs = 5000): Promise<lars.RegisterResponse | undefined> {
    return this.ask(port, ID.ID_API_RegisterRequest, (seq) => lars.RegisterRequest.encode({ seq, owner, instances }).finish(), timeoutMs);
  }

  deregister(port: number, instances: lars.Instance.$Properties[], timeoutMs = 5000): Promise<lars.RegisterResponse | undefined> {
    return this.ask(port, ID.ID_API_DeregisterRequest, (seq) => lars.DeregisterRequest.encode({ seq, instances }).finish(), timeoutMs);
  }

  sendRaw(bytes: Uint8Array, port: number): void {
    this.socket.send(bytes, port, '127.0.0.1');
  }

  close(): void {
    this.socket.close();
  }

  private ask(port: number, msgid: number, body: (seq: number) => Uint8Array, timeoutMs: number): Promise<lars.RegisterResponse | undefined> {
    const seq = this.seq++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(seq);
        resolve(undefined);
      }, timeoutMs);
      this.waiting.set(seq, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.socket.send(encodeFrame(msgid, body(seq)), port, '127.0.0.1');
    });
  }
}
