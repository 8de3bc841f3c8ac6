/**
 * The application's handle on the local Lars agent (DESIGN.md §4, Client
 * API). Cheap to share: one client serves any number of concurrent callers
 * over at most three UDP sockets, one per agent port, opened on first use.
 *
 * Calls return promises. Failures an application handles reject with a
 * LarsError (code OVERLOAD, NOEXIST, TIMEOUT or SYSTEM); mistakes in the
 * arguments reject (or, for `report`, throw) a LarsArgumentError, a TypeError.
 */
import { hostname } from 'node:os';
import { AgentLink, type LinkOwner } from './agentLink.js';
import { AgentRegistrations, type AgentRegistrationStats } from './agentRegistration.js';
import { EmbeddedLarsClient } from './embeddedClient.js';
import type { EmbeddedClientOptions } from './embeddedOptions.js';
import { CALL_HOST, CALL_ROUTE, ClientCounters, callErrorCode, type CallKind } from './clientStats.js';
import { DeadlineQueue } from './deadlines.js';
import { LarsArgumentError, LarsError } from './larsError.js';
import { callName, newPendingCall, promiseOf, type PendingCall } from './pendingCall.js';
import type { RegisterOptions, Registration } from './registration.js';
import type { CallOptions, Host, LarsApi, LarsClientOptions, LarsClientStats, ReportResult, RouteHost } from './types.js';
import { checkCallerTags, checkHost, checkInt32, checkPort, checkTimeout, reportRetcode } from './validate.js';
import { apiGetRouteFrame, reportFrame } from './wire.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_BASE_PORT = 8888;
export const DEFAULT_TIMEOUT_MS = 100;
/** Above the agent's answer_wait_ms (1,500): the agent answers a first register only once DNS has. */
export const DEFAULT_REGISTER_TIMEOUT_MS = 2000;
const AGENT_PORTS = 3;

export class LarsClient implements LarsApi {
  /**
   * Embedded mode: the agent's load balancer in this process, talking to
   * DNS and the reporter itself. Resolves once connected to a DNS service,
   * or once every DNS address failed once (it then serves its snapshot, if
   * any, and keeps trying). Rejects with LarsArgumentError on bad options.
   */
  static embedded(options: EmbeddedClientOptions): Promise<EmbeddedLarsClient> {
    return EmbeddedLarsClient.start(options);
  }

  readonly host: string;
  readonly basePort: number;
  readonly timeoutMs: number;
  readonly registerTimeoutMs: number;
  private readonly counters = new ClientCounters();
  private readonly links: Array<AgentLink | undefined> = [undefined, undefined, undefined];
  private readonly deadlines: DeadlineQueue<PendingCall>;
  private readonly owner: LinkOwner;
  private registrations: AgentRegistrations | undefined;
  private isClosed = false;

  constructor(options: LarsClientOptions = {}) {
    const host = options.host ?? DEFAULT_HOST;
    if (typeof host !== 'string' || host === '') throw new LarsArgumentError(`host must be a non-empty string, got ${String(host)}`);
    this.host = host;
    this.basePort = checkPort('basePort', options.basePort ?? DEFAULT_BASE_PORT, 1, 65535 - (AGENT_PORTS - 1));
    this.timeoutMs = checkTimeout('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.registerTimeoutMs = checkTimeout('registerTimeoutMs', options.registerTimeoutMs ?? DEFAULT_REGISTER_TIMEOUT_MS);
    this.deadlines = new DeadlineQueue<PendingCall>((p) => {
      this.links[portIndex(p.modid, p.cmdid)]?.forget(p);
      this.rejectCall(p, new LarsError('TIMEOUT', `${callName(p)}: no answer from the agent at ${this.host}:${p.port} within ${p.timeoutMs} ms`));
    });
    const counters = this.counters;
    this.owner = {
      counters,
      succeed: (p, value) => {
        if (!this.deadlines.settle(p)) return;
        counters.calls[p.kind].ok++;
        p.resolve(value);
      },
      fail: (p, err) => {
        if (this.deadlines.settle(p)) this.rejectCall(p, err);
      },
    };
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * One host for (modid, cmdid), chosen by the agent's load balancer. Rejects
   * with OVERLOAD when every host is overloaded, NOEXIST when the key has no
   * hosts, TIMEOUT when the agent does not answer (or is not running).
   */
  getHost(modid: number, cmdid: number, options?: CallOptions): Promise<Host> {
    return this.call(CALL_HOST, modid, cmdid, options);
  }

  /** Every host of (modid, cmdid) as the agent knows it; [] when it knows none. */
  getRoute(modid: number, cmdid: number, options?: CallOptions): Promise<RouteHost[]> {
    return this.call(CALL_ROUTE, modid, cmdid, options);
  }

  /**
   * Warm the agent up for a key at start-up, so the first getHost does not
   * wait for the agent to fetch the route. Resolves true when the agent has
   * hosts for it, false when it has none (not an error here); rejects like
   * getRoute when no agent answers.
   */
  async regInit(modid: number, cmdid: number, options?: CallOptions): Promise<boolean> {
    const hosts = await this.getRoute(modid, cmdid, options);
    return hosts.length > 0;
  }

  /**
   * Tell the agent how a call to `host` went; fire and forget (no reply,
   * nothing to await). Its load balancer moves hosts between idle and
   * overloaded from these reports. Throws LarsArgumentError on bad
   * arguments; after close() the report is dropped and counted.
   */
  report(modid: number, cmdid: number, host: Host, result: ReportResult): void {
    checkInt32('modid', modid);
    checkInt32('cmdid', cmdid);
    const wire = checkHost(host);
    const retcode = reportRetcode(result);
    if (this.isClosed) {
      this.counters.reportsDropped++;
      return;
    }
    this.counters.reports++;
    this.link(modid, cmdid).send(reportFrame(modid, cmdid, wire.ip, wire.port, retcode));
  }

  /**
   * Registers an instance with the local agent (docs/registration.md) and
   * keeps it alive with a heartbeat every ttlMs / 3 until `deregister()` or
   * close(). Rejects with LarsError REFUSED (token), UNAVAILABLE (the store
   * cannot be written now), TIMEOUT (no answer within registerTimeoutMs),
   * UNREACHABLE (no agent listens on the port: at once), or LarsArgumentError on bad options,
   * the agent's reason included. Heartbeat failures never throw: see
   * AgentRegistration ('heartbeatError', lastError) and stats().registrations.
   */
  async register(options: RegisterOptions): Promise<Registration> {
    if (this.isClosed) throw new LarsError('SYSTEM', 'register(): the client is closed');
    this.registrations ??= new AgentRegistrations({
      host: this.host,
      basePort: this.basePort,
      portIndex,
      answerTimeoutMs: this.registerTimeoutMs,
      owner: `client ${hostname()}:${process.pid}`,
    });
    return this.registrations.register(options);
  }

  stats(): LarsClientStats {
    const s = this.counters.snapshot(this.deadlines.live, this.links.filter((l) => l?.isOpen === true).length);
    return { ...s, registrations: this.registrations?.stats() ?? noRegistrations() };
  }

  /**
   * Deregisters what this client registered (each waits for the agent's word,
   * at most registerTimeoutMs), then closes the sockets; calls still waiting
   * reject with SYSTEM. Safe to call twice.
   */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await this.registrations?.close();
    for (const p of this.deadlines.drain()) this.rejectCall(p, new LarsError('SYSTEM', `${callName(p)}: the client was closed`));
    await Promise.all(this.links.map((l) => l?.close()));
  }

  private call<T>(kind: CallKind, modid: number, cmdid: number, options: CallOptions | undefined): Promise<T> {
    let timeoutMs = this.timeoutMs;
    let tags: readonly string[] | undefined;
    try {
      checkInt32('modid', modid);
      checkInt32('cmdid', cmdid);
      if (options?.timeoutMs !== undefined) timeoutMs = checkTimeout('options.timeoutMs', options.timeoutMs);
      if (options?.tags !== undefined) tags = checkCallerTags('options.tags', options.tags);
    } catch (err) {
      return Promise.reject(err);
    }
    const stats = this.counters.calls[kind];
    stats.calls++;
    if (this.isClosed) {
      stats.errors.SYSTEM++;
      return Promise.reject(new LarsError('SYSTEM', `${kind === CALL_HOST ? 'getHost' : 'getRoute'}(${modid}, ${cmdid}): the client is closed`));
    }
    const link = this.link(modid, cmdid);
    const p = newPendingCall(kind, modid, cmdid, link.port, timeoutMs, tags);
    const promise = promiseOf<T>(p);
    this.deadlines.add(p, timeoutMs, performance.now());
    if (kind === CALL_HOST) link.sendGetHost(p);
    else link.sendGetRoute(p, apiGetRouteFrame(modid, cmdid));
    return promise;
  }

  private rejectCall(p: PendingCall, err: LarsError): void {
    this.counters.calls[p.kind].errors[callErrorCode(err.code)]++;
    p.reject(err);
  }

  private link(modid: number, cmdid: number): AgentLink {
    const i = portIndex(modid, cmdid);
    let link = this.links[i];
    if (link === undefined) {
      link = new AgentLink(this.host, this.basePort + i, this.owner);
      this.links[i] = link;
    }
    return link;
  }
}

const noRegistrations = (): AgentRegistrationStats => ({ active: 0, registers: 0, registered: 0, heartbeats: 0, heartbeatFailures: 0, deregisters: 0, deregisterFailures: 0, strayAnswers: 0 });

/** The agent's rule: key (modid, cmdid) is served by port basePort + (modid + cmdid) % 3. */
export function portIndex(modid: number, cmdid: number): number {
  return (((modid + cmdid) % AGENT_PORTS) + AGENT_PORTS) % AGENT_PORTS;
}
