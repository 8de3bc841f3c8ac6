/**
 * register() in agent mode (docs/registration.md, "Application → agent"):
 * ID_API_RegisterRequest to the local agent, on the port the key's rule
 * names; the first answer settles the promise. The agent answers that one
 * only once DNS has, so a refused token or a bad address reaches the caller
 * as its code. Then the whole registration again every ttlMs / 3: the
 * heartbeat, which a restarted agent takes as a new registration, so the
 * instance comes back without the application doing anything.
 *
 * A heartbeat that fails (no agent, no answer, the agent says no) never
 * throws into the application: it is counted, kept as `lastError` and told
 * to 'heartbeatError' listeners, and the next beat tries again.
 */
import { EventEmitter } from 'node:events';
import { checkSpecToWire } from '../actors/lb/core/healthCheckSpec.js';
import { lars } from '../proto/generated/lars.js';
import { instanceToAgent } from '../proto/registration.js';
import { int32ToIpv4 } from '../runtime/net/ipv4.js';
import { parseDatagram } from '../runtime/reactor/datagram.js';
import { encodeFrame } from '../runtime/reactor/frame.js';
import { LarsArgumentError, LarsError } from './larsError.js';
import { checkRegisterOptions, type Registration } from './registration.js';
import { RegistrationSocket } from './registrationSocket.js';

const ID = lars.MessageId;
const RET = lars.LarsRetCode;

/** Counters behind `stats().registrations`. */
export interface AgentRegistrationStats {
  /** Registrations live now. */
  active: number;
  /** register() calls, and how many of them the agent took. */
  registers: number;
  registered: number;
  /** Heartbeats sent, and those that failed (no answer in time, no agent, or a non-success answer). */
  heartbeats: number;
  heartbeatFailures: number;
  /** Deregistrations sent (deregister() and close()), and those not answered with success. */
  deregisters: number;
  deregisterFailures: number;
  /** Datagrams on the registration sockets that answer nothing we wait for. */
  strayAnswers: number;
}

export interface AgentRegistrationsOptions {
  host: string;
  basePort: number;
  /** The key's agent port: basePort + portIndex(modid, cmdid). */
  portIndex: (modid: number, cmdid: number) => number;
  /** How long register() and deregister() wait for the agent's answer. */
  answerTimeoutMs: number;
  /** Shown by the agent as who holds the instance. */
  owner: string;
}

interface Waiter {
  socket: RegistrationSocket;
  timer: NodeJS.Timeout;
  settle: (answer: lars.RegisterResponse | LarsError) => void;
}

/** The agent's answer as the error a caller handles, or undefined for success. */
export function answerError(what: string, r: lars.RegisterResponse): LarsError | LarsArgumentError | undefined {
  const why = r.reason !== '' ? r.reason : (r.refused[0]?.reason ?? '');
  const retcode = r.retcode;
  switch (retcode) {
    case RET.RET_SUCC:
      return undefined;
    case RET.RET_REFUSED:
      return new LarsError('REFUSED', `${what}: refused${why === '' ? '' : `: ${why}`}`, { retcode });
    case RET.RET_UNAVAILABLE:
      return new LarsError('UNAVAILABLE', `${what}: unavailable now, retry${why === '' ? '' : `: ${why}`}`, { retcode });
    case RET.RET_BAD_ARGUMENT:
      return new LarsArgumentError(`${what}: ${why === '' ? 'the agent refused the arguments' : why}`);
    default:
      return new LarsError('SYSTEM', `${what}: the agent answered retcode ${retcode}${why === '' ? '' : `: ${why}`}`, { retcode });
  }
}

export class AgentRegistrations {
  private readonly sockets: Array<RegistrationSocket | undefined> = [];
  private readonly waiting = new Map<number, Waiter>();
  private readonly live = new Set<AgentRegistration>();
  private seq = 0;
  private closed = false;
  private readonly counters: Omit<AgentRegistrationStats, 'active'> = {
    registers: 0,
    registered: 0,
    heartbeats: 0,
    heartbeatFailures: 0,
    deregisters: 0,
    deregisterFailures: 0,
    strayAnswers: 0,
  };

  constructor(private readonly opts: AgentRegistrationsOptions) {}

  stats(): AgentRegistrationStats {
    return { active: this.live.size, ...this.counters };
  }

  async register(options: unknown): Promise<Registration> {
    const { instance, check } = checkRegisterOptions(options);
    const wire = instanceToAgent(instance);
    if (check !== undefined) wire.checkSpec = checkSpecToWire(check);
    const what = `register(${instance.modid}, ${instance.cmdid}, ${int32ToIpv4(instance.ip)}:${instance.port})`;
    this.counters.registers++;
    if (this.closed) throw new LarsError('SYSTEM', `${what}: the client is closed`);
    const answer = await this.ask(instance.modid, instance.cmdid, ID.ID_API_RegisterRequest, wire, what, this.opts.answerTimeoutMs, true);
    const err = answerError(what, answer);
    if (err !== undefined) throw err;
    if (this.closed) {
      // close() ran while the agent answered: this one must not outlive the client.
      await this.withdraw(wire, what).catch(() => undefined);
      throw new LarsError('SYSTEM', `${what}: the client was closed`);
    }
    this.counters.registered++;
    const reg = new AgentRegistration(this, wire, what);
    this.live.add(reg);
    return reg;
  }

  /** Deregisters every live registration (each bounded by the answer timeout), then closes the sockets. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.live].map((r) => r.deregister().catch(() => undefined)));
    for (const [seq, w] of this.waiting) {
      this.waiting.delete(seq);
      clearTimeout(w.timer);
      w.settle(new LarsError('SYSTEM', 'the client was closed'));
    }
    await Promise.all(this.sockets.map((s) => s?.close()));
  }

  /** @internal One heartbeat for `reg`: resolves with the problem, or undefined when the agent took it. */
  async beat(reg: AgentRegistration, timeoutMs: number): Promise<LarsError | LarsArgumentError | undefined> {
    this.counters.heartbeats++;
    let problem: LarsError | LarsArgumentError | undefined;
    try {
      problem = answerError(reg.what, await this.ask(reg.modid, reg.cmdid, ID.ID_API_RegisterRequest, reg.wire, reg.what, timeoutMs, false));
    } catch (err) {
      problem = err instanceof LarsError ? err : new LarsError('SYSTEM', `${reg.what}: ${String(err)}`, { cause: err });
    }
    if (problem !== undefined) this.counters.heartbeatFailures++;
    return problem;
  }

  /** @internal `reg` stopped beating: tell the agent, wait (bounded) for its word. */
  async release(reg: AgentRegistration): Promise<void> {
    this.live.delete(reg);
    await this.withdraw(reg.wire, reg.what.replace(/^register/, 'deregister'));
  }

  private async withdraw(wire: lars.Instance.$Properties, what: string): Promise<void> {
    this.counters.deregisters++;
    const key = { modid: wire.modid, cmdid: wire.cmdid, ip: wire.ip, port: wire.port };
    try {
      const err = answerError(what, await this.ask(wire.modid ?? 0, wire.cmdid ?? 0, ID.ID_API_DeregisterRequest, key, what, this.opts.answerTimeoutMs, true));
      if (err !== undefined) throw err;
    } catch (err) {
      this.counters.deregisterFailures++;
      throw err;
    }
  }

  private ask(modid: number, cmdid: number, msgid: number, instance: lars.Instance.$Properties, what: string, timeoutMs: number, holdOpen: boolean): Promise<lars.RegisterResponse> {
    const socket = this.socket(this.opts.portIndex(modid, cmdid));
    let seq = (this.seq + 1) >>> 0;
    while (this.waiting.has(seq)) seq = (seq + 1) >>> 0;
    this.seq = seq;
    const body = msgid === ID.ID_API_DeregisterRequest
      ? lars.DeregisterRequest.encode({ seq, owner: this.opts.owner, instances: [instance] }).finish()
      : lars.RegisterRequest.encode({ seq, owner: this.opts.owner, instances: [instance] }).finish();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(seq);
        reject(new LarsError('TIMEOUT', `${what}: no answer from the agent at ${socket.address} within ${timeoutMs} ms`));
      }, timeoutMs);
      if (!holdOpen) timer.unref();
      this.waiting.set(seq, { socket, timer, settle: (a) => (a instanceof LarsError ? reject(a) : resolve(a)) });
      socket.send(encodeFrame(msgid, body));
    });
  }

  private socket(i: number): RegistrationSocket {
    let s = this.sockets[i];
    if (s === undefined) {
      const made: RegistrationSocket = new RegistrationSocket(this.opts.host, this.opts.basePort + i, {
        message: (msg) => this.onMessage(msg),
        refused: (err) => this.failAll(made, new LarsError('UNREACHABLE', `no agent listens at ${made.address} (${err.code ?? 'refused'})`, { cause: err })),
        failed: (err) => this.failAll(made, new LarsError('SYSTEM', `the socket to the agent at ${made.address} failed: ${err.message}`, { cause: err })),
      });
      s = made;
      this.sockets[i] = s;
    }
    return s;
  }

  private onMessage(msg: Buffer): void {
    const f = parseDatagram(msg);
    let r: lars.RegisterResponse | undefined;
    try {
      if (f?.msgid === ID.ID_API_RegisterResponse) r = lars.RegisterResponse.decode(f.body);
    } catch {
      r = undefined;
    }
    const w = r === undefined ? undefined : this.waiting.get(r.seq);
    if (r === undefined || w === undefined) {
      this.counters.strayAnswers++;
      return;
    }
    this.waiting.delete(r.seq);
    clearTimeout(w.timer);
    w.settle(r);
  }

  private failAll(socket: RegistrationSocket, err: LarsError): void {
    for (const [seq, w] of this.waiting) {
      if (w.socket !== socket) continue;
      this.waiting.delete(seq);
      clearTimeout(w.timer);
      w.settle(err);
    }
  }
}

/**
 * A live registration in agent mode. Emits 'heartbeatError' (a LarsError or
 * LarsArgumentError) for each failed heartbeat, and 'heartbeatRecovered'
 * when one passes again after failures; with no listener nothing is thrown. `lastError` keeps the most recent problem, `failing` says whether
 * the latest heartbeat failed.
 */
export class AgentRegistration extends EventEmitter implements Registration {
  readonly modid: number;
  readonly cmdid: number;
  readonly ip: string;
  readonly port: number;
  readonly ttlMs: number;
  lastError: LarsError | LarsArgumentError | undefined;
  failing = false;
  private timer: NodeJS.Timeout | undefined;
  private beating = false;
  private released: Promise<void> | undefined;

  constructor(
    private readonly desk: AgentRegistrations,
    /** @internal */ readonly wire: lars.Instance.$Properties,
    /** @internal */ readonly what: string,
  ) {
    super();
    this.modid = wire.modid ?? 0;
    this.cmdid = wire.cmdid ?? 0;
    this.ip = int32ToIpv4(wire.ip ?? 0);
    this.port = wire.port ?? 0;
    this.ttlMs = wire.ttlMs ?? 0;
    const every = Math.max(1, Math.floor(this.ttlMs / 3));
    this.timer = setInterval(() => void this.beat(every), every);
    this.timer.unref();
  }

  get active(): boolean {
    return this.released === undefined;
  }

  deregister(): Promise<void> {
    if (this.released !== undefined) return this.released.catch(() => undefined);
    clearInterval(this.timer);
    this.timer = undefined;
    this.released = this.desk.release(this);
    return this.released;
  }

  private async beat(timeoutMs: number): Promise<void> {
    // One heartbeat at a time: a slow answer skips a beat rather than stacking them.
    if (this.beating || this.released !== undefined) return;
    this.beating = true;
    const problem = await this.desk.beat(this, timeoutMs);
    this.beating = false;
    if (this.released !== undefined) return;
    const wasFailing = this.failing;
    this.failing = problem !== undefined;
    if (problem === undefined) {
      if (wasFailing) this.emit('heartbeatRecovered');
      return;
    }
    this.lastError = problem;
    this.emit('heartbeatError', problem);
  }
}
