/**
 * The DNS port's registration side (ids 16 and 18, docs/registration.md):
 * checks who registers and what, remembers per connection what this replica
 * wrote, and sends on only what the store must hear. An instance heard again
 * unchanged is a renewal (batched by the route-watcher, never a route edit);
 * one this connection has not registered yet, or that changed (owner,
 * weight, ttl, check), is a registration. So an agent that reconnects, or
 * comes to this replica after another failed, gets its instances taken
 * again from its first heartbeat, and a steady agent costs no edits.
 *
 * Requests of one connection are handled in order (a deregistration is not
 * overtaken by the registration before it), each answered with a
 * RegisterResponse carrying its seq. Refusals are answered with their code
 * and counted; a body that does not decode is counted and closes the
 * connection, as every bad frame does on this port.
 */
import { lars } from '../../proto/generated/lars.js';
import { BadBodyError, type MsgRouter } from '../../runtime/reactor/msgRouter.js';
import type { TcpConnection } from '../../runtime/reactor/tcpConnection.js';
import { encodeFrame } from '../../runtime/reactor/frame.js';
import type { LineLog } from '../../runtime/log/logLine.js';
import type { LeaseInstance, LeaseOp } from '../../store/leaseStore.js';
import { hostId } from '../../store/lease/leaseSql.js';
import type { LeaseReply, RenewLeases } from './dnsProtocol.js';
import { checkHost, checkInstance, checkOwner, checkPeer, isLoopbackAddress, type Refusal } from './registerChecks.js';

const RET = lars.LarsRetCode;
const ID = lars.MessageId;

/** Where the desk's writes go: the route-watcher, which owns the store. */
export interface LeaseSink {
  apply(ops: LeaseOp[]): Promise<LeaseReply>;
  renew(renewals: RenewLeases['renewals']): void;
}

export interface RegistrationDeskOptions {
  sink: LeaseSink;
  /** `[register] token`, read on every request (reloadable). */
  token: () => string;
  /** Whether a peer counts as local when no token is configured (tests pass their own). */
  isLoopback?: (address: string) => boolean;
  log?: LineLog;
}

export interface RegistrationStats {
  registerRequests: number;
  deregisterRequests: number;
  /** Instances written as registrations (new here, or changed). */
  registered: number;
  /** Instances heard again unchanged: passed on as renewals. */
  renewed: number;
  deregistered: number;
  refusedToken: number;
  refusedRemote: number;
  badArgument: number;
  /** Instances not taken because the store could not be written. */
  unavailable: number;
  /** Register / deregister bodies that did not decode (the connection was closed). */
  malformed: number;
}

interface Held {
  fingerprint: string;
}

function fingerprint(owner: string, i: LeaseInstance): string {
  return `${owner}\n${i.weight}\n${i.ttlMs}\n${i.passing ? 1 : 0}\n${i.detail}`;
}

function answer(seq: number, refused: lars.IInstanceResult[], total: number, whole?: Refusal): lars.IRegisterResponse {
  if (whole) return { seq, retcode: whole.retcode, reason: whole.reason };
  const first = refused[0];
  if (!first) return { seq, retcode: RET.RET_SUCC };
  return { seq, retcode: first.retcode ?? RET.RET_SYSTEM_ERROR, reason: `${refused.length} of ${total} instances not taken: ${first.reason ?? ''}`, refused };
}

export class RegistrationDesk {
  readonly stats: RegistrationStats = {
    registerRequests: 0, deregisterRequests: 0, registered: 0, renewed: 0, deregistered: 0,
    refusedToken: 0, refusedRemote: 0, badArgument: 0, unavailable: 0, malformed: 0,
  };
  private readonly held = new Map<TcpConnection, Map<string, Held>>();
  private readonly queues = new Map<TcpConnection, Promise<void>>();
  private readonly isLoopback: (address: string) => boolean;

  constructor(private readonly opts: RegistrationDeskOptions) {
    this.isLoopback = opts.isLoopback ?? isLoopbackAddress;
  }

  /** Instances this replica holds live registrations of, over all connections. */
  get heldCount(): number {
    let n = 0;
    for (const m of this.held.values()) n += m.size;
    return n;
  }

  /** Takes ids 16 and 18 on the DNS port's router. */
  route(router: MsgRouter<TcpConnection>): void {
    router.register(ID.ID_RegisterRequest, (conn, body, msgid) => {
      const req = this.decode(lars.RegisterRequest, body, msgid);
      this.inOrder(conn, () => this.register(conn, req));
    });
    router.register(ID.ID_DeregisterRequest, (conn, body, msgid) => {
      const req = this.decode(lars.DeregisterRequest, body, msgid);
      this.inOrder(conn, () => this.deregister(conn, req));
    });
  }

  /** The connection went: its leases run out unless the owner renews them elsewhere. */
  drop(conn: TcpConnection): void {
    this.held.delete(conn);
    this.queues.delete(conn);
  }

  private decode<T>(type: { decode(b: Uint8Array): T }, body: Uint8Array, msgid: number): T {
    try {
      return type.decode(body);
    } catch (err) {
      this.stats.malformed++;
      throw new BadBodyError(msgid, err);
    }
  }

  private inOrder(conn: TcpConnection, work: () => Promise<lars.IRegisterResponse>): void {
    const next = (this.queues.get(conn) ?? Promise.resolve()).then(async () => {
      const reply = await work();
      if (conn.isOpen) conn.sendFrame(encodeFrame(ID.ID_RegisterResponse, lars.RegisterResponse.encode(reply).finish()));
    });
    this.queues.set(
      conn,
      next.catch((err: unknown) => this.opts.log?.(`registration handler failed: ${String(err)}`, 'error')),
    );
  }

  private refuseWhole(conn: TcpConnection, token: string, owner: string): Refusal | undefined {
    const peer = checkPeer(token, this.opts.token(), this.isLoopback(conn.remoteAddress));
    if (peer) {
      if (this.opts.token() === '') this.stats.refusedRemote++;
      else this.stats.refusedToken++;
      this.opts.log?.(`registration from ${conn.remoteAddress}:${conn.remotePort} refused: ${peer.reason}`, 'debug');
      return peer;
    }
    const bad = checkOwner(owner);
    if (bad) this.stats.badArgument++;
    return bad;
  }

  private async register(conn: TcpConnection, req: lars.RegisterRequest): Promise<lars.IRegisterResponse> {
    this.stats.registerRequests++;
    const whole = this.refuseWhole(conn, req.token, req.owner);
    if (whole) return answer(req.seq, [], 0, whole);
    const refused: lars.IInstanceResult[] = [];
    const fresh = new Map<string, LeaseInstance>();
    for (const raw of req.instances) {
      const checked = checkInstance(raw);
      if ('refused' in checked) {
        this.stats.badArgument++;
        refused.push(checked.refused);
      } else {
        fresh.set(hostId(checked.ok), checked.ok);
      }
    }
    const known = this.held.get(conn) ?? new Map<string, Held>();
    const writes: LeaseInstance[] = [];
    const renewals: RenewLeases['renewals'] = [];
    for (const [id, instance] of fresh) {
      if (known.get(id)?.fingerprint === fingerprint(req.owner, instance)) renewals.push({ owner: req.owner, instance });
      else writes.push(instance);
    }
    if (renewals.length > 0) {
      this.stats.renewed += renewals.length;
      this.opts.sink.renew(renewals);
    }
    if (writes.length > 0) {
      const reply = await this.opts.sink.apply(writes.map((instance) => ({ type: 'register', owner: req.owner, instance })));
      if (reply.type === 'failed') {
        this.stats.unavailable += writes.length;
        for (const i of writes) refused.push({ modid: i.modid, cmdid: i.cmdid, ip: i.ip | 0, port: i.port, retcode: RET.RET_UNAVAILABLE, reason: reply.reason });
      } else if (conn.isOpen) {
        if (!this.held.has(conn)) this.held.set(conn, known);
        reply.results.forEach((r, n) => {
          const i = writes[n] as LeaseInstance;
          if (r.outcome === 'refused') {
            refused.push({ modid: i.modid, cmdid: i.cmdid, ip: i.ip | 0, port: i.port, retcode: RET.RET_REFUSED, reason: r.reason ?? 'refused by the store' });
            return;
          }
          this.stats.registered++;
          known.set(hostId(i), { fingerprint: fingerprint(req.owner, i) });
        });
      }
    }
    return answer(req.seq, refused, req.instances.length);
  }

  private async deregister(conn: TcpConnection, req: lars.DeregisterRequest): Promise<lars.IRegisterResponse> {
    this.stats.deregisterRequests++;
    const whole = this.refuseWhole(conn, req.token, req.owner);
    if (whole) return answer(req.seq, [], 0, whole);
    const refused: lars.IInstanceResult[] = [];
    const ops: LeaseOp[] = [];
    const known = this.held.get(conn);
    for (const raw of req.instances) {
      const checked = checkHost(raw);
      if ('refused' in checked) {
        this.stats.badArgument++;
        refused.push(checked.refused);
        continue;
      }
      known?.delete(hostId(checked.ok));
      ops.push({ type: 'deregister', owner: req.owner, host: checked.ok });
    }
    if (ops.length > 0) {
      const reply = await this.opts.sink.apply(ops);
      if (reply.type === 'failed') {
        this.stats.unavailable += ops.length;
        for (const op of ops) if (op.type === 'deregister') refused.push({ ...op.host, ip: op.host.ip | 0, retcode: RET.RET_UNAVAILABLE, reason: reply.reason });
      } else {
        this.stats.deregistered += reply.results.filter((r) => r.outcome === 'deregistered').length;
      }
    }
    return answer(req.seq, refused, req.instances.length);
  }
}
