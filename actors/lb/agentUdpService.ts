/**
 * The agent's UDP service for one port (DESIGN.md §4): GetHost, Report and
 * API GetRoute over one UdpServer and one RouteLb, free of the actor runtime.
 * The actor wrapper wires `onPull` to the dns-client, feeds routes back with
 * `applyRoute`, and drives `pullStale`, `takeReports` and snapshots on timers.
 *
 * First requests for a key without a route are parked and answered when the
 * route arrives or after pull_wait_ms, whichever is first. A request over a
 * park bound is answered at once (RET_SYSTEM_ERROR, or an empty route for API
 * getRoute) and counted: a caller learns now instead of at its own timeout.
 *
 * With `wrongPort` set, a request for a key another port owns is handed to
 * that port (one LB state per key) and its answer sent from this one.
 */
import type { RouteRule } from '../../proto/routeRule.js';
import type { AddressInfo } from 'node:net';
import { lars } from '../../proto/generated/lars.js';
import { systemClock } from '../../runtime/mailbox/clock.js';
import { BadBodyError, decodeBody, MsgRouter } from '../../runtime/reactor/msgRouter.js';
import { UdpServer, type UdpPeer } from '../../runtime/reactor/udpServer.js';
import { AgentParking } from './agentParking.js';
import type { AppRegistrationAnswer, ClientAddress, WrongPortAnswer, WrongPortRequest } from './agentProtocol.js';
import { AppRegistrationDesk } from './appRegistrations.js';
import { DEFAULT_MAX_PARKED_PER_KEY, DEFAULT_MAX_PARKED_TOTAL, DEFAULT_PULL_WAIT_MS, MAX_REQUEST_BODY, type AgentUdpServiceOptions } from './agentUdpOptions.js';
import { TurnClock } from './core/agentTurnClock.js';
import { agentUdpStats, newAgentUdpCounters, type AgentUdpStats } from './agentUdpStats.js';
import { decodeGetHostRequest, decodeReportRequest, GetHostResponseEncoder, newGetHostFields, newReportFields } from './agentWire.js';
import type { HostAddress } from './core/hostInfo.js';
import { encodeRouteResponseBody } from '../../proto/routeResponse.js';
import { MAX_UDP_BODY_LEN } from '../../runtime/reactor/frame.js';
import type { LbThresholds } from './core/lbConfig.js';
import { dumpKeys, type LbStateDump } from './lbStateDump.js';
import { LarsRetCode } from './core/retCode.js';
import { RouteLb, type KeyReport } from './core/routeLb.js';
import type { RouteSnapshot } from './core/routeSnapshot.js';
import { RemoteClient, WrongPortDesk, type WrongPortReply } from './wrongPort.js';

export type { AgentUdpServiceOptions };

/** Who gets the answer: a client of this port, or one that asked another port (wrong port). */
type Asker = UdpPeer | RemoteClient;

interface Waiter {
  readonly peer: Asker;
  readonly seq: number;
  /** API getRoute rather than getHost. */
  readonly api: boolean;
  /** getHost: the caller's tags, answered with once the route is in. */
  readonly tags?: readonly string[];
}

const ID = lars.MessageId;

const clientOf = (peer: UdpPeer): ClientAddress => ({ address: peer.address, port: peer.port });

export class AgentUdpService {
  private readonly server: UdpServer;
  private readonly rlb: RouteLb;
  private readonly turn: TurnClock;
  private readonly parking: AgentParking<Waiter>;
  private readonly counters = newAgentUdpCounters();
  private readonly encoder = new GetHostResponseEncoder();
  private readonly getHostIn = newGetHostFields();
  private readonly reportIn = newReportFields();
  private readonly onPull: AgentUdpServiceOptions['onPull'];
  private readonly onHandlerError: ((err: unknown) => void) | undefined;
  private readonly wrongPort: WrongPortDesk | undefined;
  private readonly registrations: AppRegistrationDesk | undefined;
  private closed = false;

  constructor(opts: AgentUdpServiceOptions) {
    const clock = opts.clock ?? systemClock;
    this.onPull = opts.onPull;
    this.onHandlerError = opts.onHandlerError;
    this.wrongPort = opts.wrongPort === undefined ? undefined : new WrongPortDesk(opts.wrongPort, this.counters, opts.onHandlerError);
    this.turn = new TurnClock(clock);
    this.rlb = new RouteLb({
      now: this.turn.now,
      ...(opts.thresholds === undefined ? {} : { thresholds: opts.thresholds }),
      ...(opts.maxKeys === undefined ? {} : { maxKeys: opts.maxKeys }),
      ...(opts.onHostState === undefined ? {} : { onHostState: opts.onHostState }),
      ...(opts.zone === undefined ? {} : { zone: opts.zone }),
    });
    this.parking = new AgentParking<Waiter>(
      clock,
      {
        waitMs: opts.pullWaitMs ?? DEFAULT_PULL_WAIT_MS,
        maxPerKey: opts.maxParkedPerKey ?? DEFAULT_MAX_PARKED_PER_KEY,
        maxTotal: opts.maxParkedTotal ?? DEFAULT_MAX_PARKED_TOTAL,
      },
      (modid, cmdid, waiters) => {
        this.turn.refresh();
        this.counters.parkedAnsweredOnTimeout += waiters.length;
        this.answerParked(modid, cmdid, waiters);
      },
    );
    const router = new MsgRouter<UdpPeer>()
      .register(ID.ID_GetHostRequest, this.handleGetHost)
      .register(ID.ID_ReportRequest, this.handleReport)
      .register(ID.ID_API_GetRouteRequest, this.handleApiGetRoute);
    if (opts.onRegistration !== undefined) {
      this.registrations = new AppRegistrationDesk(opts.onRegistration, this.counters, (body, msgid) => this.checkSize(body, msgid), opts.onHandlerError);
      this.registrations.routes(router);
    }
    this.server = new UdpServer({
      ip: opts.ip,
      port: opts.port,
      router,
      ...(opts.recvBufferBytes === undefined ? {} : { recvBufferBytes: opts.recvBufferBytes }),
      ...(opts.onHandlerError === undefined ? {} : { onHandlerError: opts.onHandlerError }),
    });
  }

  bind(): Promise<AddressInfo> {
    return this.server.bind();
  }

  address(): AddressInfo {
    return this.server.address();
  }

  /** Parked requests are dropped unanswered (counted); their callers time out. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.counters.parkedDroppedOnClose += this.parking.clear();
    return this.server.close();
  }

  /**
   * A GetRouteResponse from DNS (reply or push). `explicit`: DNS sent this
   * list for this key, so an empty one removes the hosts. Requests parked on
   * the key are answered now. Returns whether the host list was applied.
   */
  applyRoute(modid: number, cmdid: number, hosts: readonly HostAddress[], explicit: boolean, rules?: readonly RouteRule[]): boolean {
    this.turn.refresh();
    const applied = this.rlb.applyRoute(modid, cmdid, hosts, explicit, rules);
    const waiters = this.parking.take(modid, cmdid);
    if (waiters !== undefined) {
      this.counters.parkedAnsweredOnRoute += waiters.length;
      this.answerParked(modid, cmdid, waiters);
    }
    return applied;
  }

  /** The dns-client (re)connected: every key back to NEW and pulled again, hosts keep serving. */
  dnsReconnected(): number {
    this.rlb.resetAllToNew();
    return this.pullStale();
  }

  /** Pull every key that is NEW or older than update_timeout; returns how many. */
  pullStale(): number {
    this.turn.refresh();
    const keys = this.rlb.takeKeysNeedingPull();
    for (const k of keys) this.pull(k.modid, k.cmdid);
    return keys.length;
  }

  /** Ejections whose time ran out end now, on keys nobody calls too (their return is logged on time). */
  expireOverloaded(): void {
    this.turn.refresh();
    this.rlb.expireOverloaded();
  }

  /** Per-key window counts for the reporter-client; keys without new reports are left out. */
  takeReports(): KeyReport[] {
    return this.rlb.takeReports();
  }

  setThresholds(t: LbThresholds): void {
    this.rlb.setThresholds(t);
  }

  exportSnapshot(): RouteSnapshot {
    return this.rlb.exportSnapshot();
  }

  /** Validates (throws BAD_SNAPSHOT); keys with a route from DNS keep it. Returns keys imported. */
  importSnapshot(data: unknown): number {
    this.turn.refresh();
    return this.rlb.importSnapshot(data);
  }

  /**
   * The LB state of one key (empty when this port has no such key) or of
   * every key, at most `maxKeys`. `wallNow` dates the dump's timestamps.
   */
  lbState(key: { modid: number; cmdid: number } | undefined, wallNow: number, maxKeys: number): LbStateDump {
    const time = { now: this.turn.refresh(), wallNow };
    if (key === undefined) return dumpKeys(this.rlb.loadBalancers(), time, maxKeys);
    const lb = this.rlb.find(key.modid, key.cmdid);
    return dumpKeys(lb === undefined ? [] : [lb], time, maxKeys);
  }

  /**
   * A request another port received for a key this port owns: served by this
   * port's RouteLb (parked, pulled, answered as if it came here), the answer
   * handed to `reply` for the asking port to send.
   */
  serveWrongPort(req: WrongPortRequest, reply: WrongPortReply): void {
    this.counters.wrongPortServed++;
    if (req.type === 'wrongPortReport') {
      this.rlb.report(req.modid, req.cmdid, req.ip, req.port, req.retcode);
      return;
    }
    const asker = new RemoteClient(req.client, reply, this.counters, this.onHandlerError);
    if (req.type === 'wrongPortGetHost') this.answerGetHost(asker, req.seq, req.modid, req.cmdid, true);
    else this.answerRoute(asker, req.modid, req.cmdid, true);
  }

  /** The owner's answer to a request this port handed over: sent to the client from this port. */
  sendWrongPortAnswer(a: WrongPortAnswer): void {
    const peer = this.server.peerAt(a.client.address, a.client.port);
    if (a.type === 'wrongPortHostAnswer') this.sendGetHost(peer, a.seq, a.modid, a.cmdid, a.retcode, a.ip, a.port);
    else this.sendRoute(peer, a.modid, a.cmdid, a.hosts);
  }

  /** The dns-client's answer to an application's register or deregister: sent from this port. */
  sendRegistrationAnswer(a: AppRegistrationAnswer): void {
    if (this.closed || this.registrations === undefined) return;
    this.registrations.answer(this.server.peerAt(a.client.address, a.client.port), a);
  }

  stats(): AgentUdpStats {
    return agentUdpStats(this.counters, this.parking.size, this.server.counters.snapshot(), this.rlb.stats());
  }

  private readonly handleGetHost = (peer: UdpPeer, body: Buffer, msgid: number): void => {
    this.checkSize(body, msgid);
    const req = decodeGetHostRequest(body, this.getHostIn);
    if (this.wrongPort?.isForeign(req.modid, req.cmdid) !== true) return this.answerGetHost(peer, req.seq, req.modid, req.cmdid, true, req.tags);
    const { seq, modid, cmdid } = req;
    const sent = this.wrongPort.forward({ type: 'wrongPortGetHost', client: clientOf(peer), seq, modid, cmdid });
    if (!sent) this.sendGetHost(peer, seq, modid, cmdid, LarsRetCode.RET_SYSTEM_ERROR, 0, 0);
  };

  private readonly handleReport = (_peer: UdpPeer, body: Buffer, msgid: number): void => {
    this.checkSize(body, msgid);
    const r = decodeReportRequest(body, this.reportIn);
    if (this.wrongPort?.isForeign(r.modid, r.cmdid) === true) {
      this.wrongPort.forward({ type: 'wrongPortReport', modid: r.modid, cmdid: r.cmdid, ip: r.ip, port: r.port, retcode: r.retcode });
    } else {
      this.rlb.report(r.modid, r.cmdid, r.ip, r.port, r.retcode);
    }
  };

  private readonly handleApiGetRoute = (peer: UdpPeer, body: Buffer, msgid: number): void => {
    this.checkSize(body, msgid);
    const { modid, cmdid } = decodeBody(lars.GetRouteRequest, body, msgid);
    this.counters.apiGetRoute++;
    if (this.wrongPort?.isForeign(modid, cmdid) !== true) return this.answerRoute(peer, modid, cmdid, true);
    if (!this.wrongPort.forward({ type: 'wrongPortGetRoute', client: clientOf(peer), modid, cmdid })) this.sendRoute(peer, modid, cmdid, []);
  };

  private checkSize(body: Buffer, msgid: number): void {
    if (body.length <= MAX_REQUEST_BODY) return;
    this.counters.oversizedBody++;
    throw new BadBodyError(msgid, new Error(`${body.length} bytes is over ${MAX_REQUEST_BODY}`));
  }

  /** `tags`: the caller's (GetHostRequest.tags), kept while the request is parked; one forwarded by a wrong port is answered without them. */
  private answerGetHost(peer: Asker, seq: number, modid: number, cmdid: number, mayPark: boolean, tags?: readonly string[]): void {
    const o = this.rlb.getHost(modid, cmdid, tags);
    // The outcome object is shared: copy it before onPull, which may re-enter.
    const retcode = o.retcode;
    const pull = o.pull;
    if (o.pending && mayPark) {
      if (this.parking.park(modid, cmdid, tags === undefined || tags.length === 0 ? { peer, seq, api: false } : { peer, seq, api: false, tags })) {
        this.counters.parked++;
      } else {
        this.counters.parkOverflow++;
        this.sendGetHost(peer, seq, modid, cmdid, LarsRetCode.RET_SYSTEM_ERROR, 0, 0);
      }
    } else {
      this.sendGetHost(peer, seq, modid, cmdid, retcode, o.ip, o.port);
    }
    if (pull) this.pull(modid, cmdid);
  }

  private answerRoute(peer: Asker, modid: number, cmdid: number, mayPark: boolean): void {
    const r = this.rlb.getRoute(modid, cmdid);
    if (!r.accepted) this.counters.apiGetRouteRejected++;
    if (r.pending && mayPark) {
      if (this.parking.park(modid, cmdid, { peer, seq: 0, api: true })) {
        this.counters.parked++;
      } else {
        this.counters.parkOverflow++;
        this.sendRoute(peer, modid, cmdid, []);
      }
    } else {
      this.sendRoute(peer, modid, cmdid, r.hosts);
    }
    if (r.pull) this.pull(modid, cmdid);
  }

  /** Parked requests get whatever the key says now: a host, or RET_NOEXIST if still no route. */
  private answerParked(modid: number, cmdid: number, waiters: readonly Waiter[]): void {
    for (const w of waiters) {
      if (w.api) this.answerRoute(w.peer, modid, cmdid, false);
      else this.answerGetHost(w.peer, w.seq, modid, cmdid, false, w.tags);
    }
  }

  private sendGetHost(peer: Asker, seq: number, modid: number, cmdid: number, retcode: number, ip: number, port: number): void {
    // Counted where the datagram leaves: the asked port.
    if (peer instanceof RemoteClient) return peer.answer({ type: 'wrongPortHostAnswer', client: peer.client, seq, modid, cmdid, retcode, ip, port });
    const byRetcode = this.counters.getHostByRetcode;
    byRetcode[retcode] = (byRetcode[retcode] ?? 0) + 1;
    if (this.closed) return;
    peer.send(ID.ID_GetHostResponse, this.encoder.encode(seq, modid, cmdid, retcode, ip, port));
  }

  private sendRoute(peer: Asker, modid: number, cmdid: number, hosts: HostAddress[]): void {
    if (peer instanceof RemoteClient) return peer.answer({ type: 'wrongPortRouteAnswer', client: peer.client, modid, cmdid, hosts });
    if (this.closed) return;
    // A datagram holds at most 65,499 body bytes: a key too big for it is cut the way the DNS cuts one.
    const { body, kept, total } = encodeRouteResponseBody(modid, cmdid, hosts, MAX_UDP_BODY_LEN);
    if (kept < total) this.counters.routeCut++;
    peer.send(ID.ID_API_GetRouteResponse, body);
  }

  private pull(modid: number, cmdid: number): void {
    this.counters.pullsRequested++;
    let sent: boolean | void;
    try {
      sent = this.onPull(modid, cmdid);
    } catch (err) {
      sent = false;
      this.onHandlerError?.(err);
    }
    if (sent === false) {
      this.counters.pullsFailed++;
      this.rlb.pullFailed(modid, cmdid);
    }
  }
}
