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
 */
import type { AddressInfo } from 'node:net';
import { lars } from '../../proto/generated/lars.js';
import { systemClock, type Clock } from '../../runtime/mailbox/clock.js';
import { BadBodyError, decodeBody, MsgRouter } from '../../runtime/reactor/msgRouter.js';
import { UdpServer, type UdpPeer } from '../../runtime/reactor/udpServer.js';
import { AgentParking } from './agentParking.js';
import { TurnClock } from './agentTurnClock.js';
import { agentUdpStats, newAgentUdpCounters, type AgentUdpStats } from './agentUdpStats.js';
import {
  decodeGetHostRequest,
  decodeReportRequest,
  GetHostResponseEncoder,
  newGetHostFields,
  newReportFields,
} from './agentWire.js';
import type { HostAddress } from './hostInfo.js';
import { encodeRouteResponseBody } from '../../proto/routeResponse.js';
import { MAX_UDP_BODY_LEN } from '../../runtime/reactor/frame.js';
import type { LbThresholds } from './lbConfig.js';
import { dumpKeys, type LbStateDump } from './lbStateDump.js';
import { LarsRetCode } from './retCode.js';
import { RouteLb, type KeyReport } from './routeLb.js';
import type { RouteSnapshot } from './routeSnapshot.js';

export interface AgentUdpServiceOptions {
  ip: string;
  /** 0 picks a free port (tests); `bind()` says which. */
  port: number;
  /**
   * Ask DNS for the key's route. Return false (or throw) when the request
   * cannot be sent: the key is then claimed again by its next use.
   */
  onPull: (modid: number, cmdid: number) => boolean | void;
  clock?: Clock;
  thresholds?: LbThresholds;
  maxKeys?: number;
  /** How long a first request waits for its route (default 50 ms). */
  pullWaitMs?: number;
  maxParkedPerKey?: number;
  maxParkedTotal?: number;
  recvBufferBytes?: number;
  /** A bug in a handler (never bad input, which is counted): for logging. */
  onHandlerError?: (err: unknown) => void;
}

export const DEFAULT_PULL_WAIT_MS = 50;
export const DEFAULT_MAX_PARKED_PER_KEY = 1_000;
export const DEFAULT_MAX_PARKED_TOTAL = 10_000;
/** Real requests are under 50 bytes; bigger bodies are dropped unread. */
export const MAX_REQUEST_BODY = 4096;

interface Waiter {
  readonly peer: UdpPeer;
  readonly seq: number;
  /** API getRoute rather than getHost. */
  readonly api: boolean;
}

const ID = lars.MessageId;

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
  private closed = false;

  constructor(opts: AgentUdpServiceOptions) {
    const clock = opts.clock ?? systemClock;
    this.onPull = opts.onPull;
    this.onHandlerError = opts.onHandlerError;
    this.turn = new TurnClock(clock);
    this.rlb = new RouteLb({
      now: this.turn.now,
      ...(opts.thresholds === undefined ? {} : { thresholds: opts.thresholds }),
      ...(opts.maxKeys === undefined ? {} : { maxKeys: opts.maxKeys }),
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
  applyRoute(modid: number, cmdid: number, hosts: readonly HostAddress[], explicit: boolean): boolean {
    this.turn.refresh();
    const applied = this.rlb.applyRoute(modid, cmdid, hosts, explicit);
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

  stats(): AgentUdpStats {
    return agentUdpStats(this.counters, this.parking.size, this.server.counters.snapshot(), this.rlb.stats());
  }

  private readonly handleGetHost = (peer: UdpPeer, body: Buffer, msgid: number): void => {
    this.checkSize(body, msgid);
    const req = decodeGetHostRequest(body, this.getHostIn);
    this.answerGetHost(peer, req.seq, req.modid, req.cmdid, true);
  };

  private readonly handleReport = (_peer: UdpPeer, body: Buffer, msgid: number): void => {
    this.checkSize(body, msgid);
    const r = decodeReportRequest(body, this.reportIn);
    this.rlb.report(r.modid, r.cmdid, r.ip, r.port, r.retcode);
  };

  private readonly handleApiGetRoute = (peer: UdpPeer, body: Buffer, msgid: number): void => {
    this.checkSize(body, msgid);
    const req = decodeBody(lars.GetRouteRequest, body, msgid);
    this.counters.apiGetRoute++;
    this.answerRoute(peer, req.modid, req.cmdid, true);
  };

  private checkSize(body: Buffer, msgid: number): void {
    if (body.length <= MAX_REQUEST_BODY) return;
    this.counters.oversizedBody++;
    throw new BadBodyError(msgid, new Error(`${body.length} bytes is over ${MAX_REQUEST_BODY}`));
  }

  private answerGetHost(peer: UdpPeer, seq: number, modid: number, cmdid: number, mayPark: boolean): void {
    const o = this.rlb.getHost(modid, cmdid);
    // The outcome object is shared: copy it before onPull, which may re-enter.
    const retcode = o.retcode;
    const pull = o.pull;
    if (o.pending && mayPark) {
      if (this.parking.park(modid, cmdid, { peer, seq, api: false })) {
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

  private answerRoute(peer: UdpPeer, modid: number, cmdid: number, mayPark: boolean): void {
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
      else this.answerGetHost(w.peer, w.seq, modid, cmdid, false);
    }
  }

  private sendGetHost(peer: UdpPeer, seq: number, modid: number, cmdid: number, retcode: number, ip: number, port: number): void {
    const byRetcode = this.counters.getHostByRetcode;
    byRetcode[retcode] = (byRetcode[retcode] ?? 0) + 1;
    if (this.closed) return;
    peer.send(ID.ID_GetHostResponse, this.encoder.encode(seq, modid, cmdid, retcode, ip, port));
  }

  private sendRoute(peer: UdpPeer, modid: number, cmdid: number, hosts: HostAddress[]): void {
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
