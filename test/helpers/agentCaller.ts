/**
 * A bare agent caller for role tests: getHost / report / getRoute over UDP
 * to the port owning the key, replies matched by seq. (Applications use
 * client/LarsClient; this stays minimal so agent tests depend on the wire only.)
 */
import { createSocket, type Socket } from 'node:dgram';
import { lars } from '../../proto/generated/lars.js';
import { encodeFrame } from '../../runtime/reactor/frame.js';
import { parseDatagram } from '../../runtime/reactor/datagram.js';

export interface HostReply {
  retcode: number;
  ip: number;
  port: number;
}

export class AgentCaller {
  private seq = 1;
  private readonly waiting = new Map<number, (r: HostReply) => void>();
  private readonly routeWaiting: Array<(hosts: Array<[number, number]>) => void> = [];

  private constructor(
    private readonly socket: Socket,
    private readonly basePort: number,
  ) {
    socket.on('message', (msg) => {
      const f = parseDatagram(msg);
      if (!f) return;
      if (f.msgid === lars.MessageId.ID_GetHostResponse) {
        const r = lars.GetHostResponse.decode(f.body);
        this.waiting.get(r.seq)?.({ retcode: r.retcode, ip: r.host?.ip ?? 0, port: r.host?.port ?? 0 });
        this.waiting.delete(r.seq);
      } else if (f.msgid === lars.MessageId.ID_API_GetRouteResponse) {
        const r = lars.GetRouteResponse.decode(f.body);
        this.routeWaiting.shift()?.(r.host.map((h) => [h.ip ?? 0, h.port ?? 0]));
      }
    });
  }

  static async open(basePort: number): Promise<AgentCaller> {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    return new AgentCaller(s, basePort);
  }

  private portOf(modid: number, cmdid: number): number {
    return this.basePort + (((modid + cmdid) % 3) + 3) % 3;
  }

  /** Resolves with the reply, or undefined after timeoutMs (agent down). */
  getHost(modid: number, cmdid: number, timeoutMs = 5000): Promise<HostReply | undefined> {
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
      this.socket.send(encodeFrame(lars.MessageId.ID_GetHostRequest, lars.GetHostRequest.encode({ seq, modid, cmdid }).finish()), this.portOf(modid, cmdid), '127.0.0.1');
    });
  }

  report(modid: number, cmdid: number, ip: number, port: number, retcode: number): void {
    this.socket.send(encodeFrame(lars.MessageId.ID_ReportRequest, lars.ReportRequest.encode({ modid, cmdid, host: { ip, port }, retcode }).finish()), this.portOf(modid, cmdid), '127.0.0.1');
  }

  getRoute(modid: number, cmdid: number): Promise<Array<[number, number]>> {
    return new Promise((resolve) => {
      this.routeWaiting.push(resolve);
      this.socket.send(encodeFrame(lars.MessageId.ID_API_GetRouteRequest, lars.GetRouteRequest.encode({ modid, cmdid }).finish()), this.portOf(modid, cmdid), '127.0.0.1');
    });
  }

  sendRaw(bytes: Uint8Array, port: number): void {
    this.socket.send(bytes, port, '127.0.0.1');
  }

  close(): void {
    this.socket.close();
  }
}

/** Retries `fn` until `ok` holds (each try awaits a real round trip), at most `tries` times. */
export async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, tries = 200): Promise<T> {
  let last: T = await fn();
  for (let i = 1; i < tries && !ok(last); i++) {
    await new Promise((r) => setTimeout(r, 20));
    last = await fn();
  }
  return last;
}
