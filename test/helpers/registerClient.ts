/**
 * A raw agent for registration tests: RegisterRequest / DeregisterRequest
 * frames over a FramedSocket, answers read back by seq, route frames kept
 * apart for the tests that watch pushes on the same connection.
 */
import { lars } from '../../proto/generated/lars.js';
import { ipv4ToInt32 } from '../../runtime/net/ipv4.js';
import { FramedSocket, type Frame } from './framedSocket.js';

const ID = lars.MessageId;

export interface TestInstance {
  modid?: number;
  cmdid?: number;
  ip: string | number;
  port: number;
  weight?: number;
  ttlMs?: number;
  check?: { passing: boolean; detail?: string };
}

export function wireInstance(i: TestInstance): lars.IInstance {
  return {
    modid: i.modid ?? 1,
    cmdid: i.cmdid ?? 1,
    ip: typeof i.ip === 'string' ? ipv4ToInt32(i.ip) : i.ip,
    port: i.port,
    ...(i.weight !== undefined ? { weight: i.weight } : {}),
    ...(i.ttlMs !== undefined ? { ttlMs: i.ttlMs } : {}),
    ...(i.check ? { check: { passing: i.check.passing, detail: i.check.detail ?? '' } } : {}),
  };
}

export class RegisterClient {
  private seq = 0;

  private constructor(readonly socket: FramedSocket, readonly owner: string, private readonly token: string) {}

  static async open(port: number, owner = 'agent test-host', token = '', host = '127.0.0.1'): Promise<RegisterClient> {
    return new RegisterClient(await FramedSocket.open(port, host), owner, token);
  }

  async register(instances: TestInstance[], over: { owner?: string; token?: string } = {}): Promise<lars.RegisterResponse> {
    const seq = ++this.seq;
    const body = lars.RegisterRequest.encode({ seq, token: over.token ?? this.token, owner: over.owner ?? this.owner, instances: instances.map(wireInstance) }).finish();
    this.socket.send(ID.ID_RegisterRequest, body);
    return this.answer(seq);
  }

  async deregister(instances: TestInstance[], over: { owner?: string; token?: string } = {}): Promise<lars.RegisterResponse> {
    const seq = ++this.seq;
    const body = lars.DeregisterRequest.encode({ seq, token: over.token ?? this.token, owner: over.owner ?? this.owner, instances: instances.map(wireInstance) }).finish();
    this.socket.send(ID.ID_DeregisterRequest, body);
    return this.answer(seq);
  }

  close(): void {
    this.socket.destroy();
  }

  private async answer(seq: number): Promise<lars.RegisterResponse> {
    const frame: Frame | undefined = await this.socket.next();
    if (!frame) throw new Error('DNS closed the connection');
    if (frame.msgid !== ID.ID_RegisterResponse) throw new Error(`expected a RegisterResponse, got msgid ${frame.msgid}`);
    const r = lars.RegisterResponse.decode(frame.body);
    if (r.seq !== seq) throw new Error(`RegisterResponse seq ${r.seq}, expected ${seq}`);
    return r;
  }
}

/** A subscriber: asks for keys and reads route frames (replies and pushes) as [ip, port] lists. */
export class RouteSubscriber {
  private constructor(readonly socket: FramedSocket) {}

  static async open(port: number): Promise<RouteSubscriber> {
    return new RouteSubscriber(await FramedSocket.open(port));
  }

  async ask(modid = 1, cmdid = 1): Promise<Array<[string, number]>> {
    this.socket.send(ID.ID_GetRouteRequest, lars.GetRouteRequest.encode({ modid, cmdid }).finish());
    return this.next(modid, cmdid);
  }

  /** The next route frame, raw (for byte comparisons). */
  async nextFrame(): Promise<Frame> {
    const f = await this.socket.next();
    if (!f) throw new Error('DNS closed the connection');
    if (f.msgid !== ID.ID_GetRouteResponse) throw new Error(`expected a GetRouteResponse, got msgid ${f.msgid}`);
    return f;
  }

  async next(modid = 1, cmdid = 1): Promise<Array<[string, number]>> {
    const r = lars.GetRouteResponse.decode((await this.nextFrame()).body);
    if (r.modid !== modid || r.cmdid !== cmdid) throw new Error(`route frame for ${r.modid}/${r.cmdid}, expected ${modid}/${cmdid}`);
    return r.host.map((h) => [`${(h.ip ?? 0) >>> 24}.${((h.ip ?? 0) >>> 16) & 255}.${((h.ip ?? 0) >>> 8) & 255}.${(h.ip ?? 0) & 255}`, h.port ?? 0]);
  }

  close(): void {
    this.socket.destroy();
  }
}
