/**
 * Counters of one agent UDP service, kept as plain numbers so the hot path
 * only increments; `AgentUdpStats` is the snapshot the actor wrapper exports.
 */
import type { CounterSnapshot } from '../../runtime/reactor/reactorCounters.js';
import type { RouteLbStats } from './core/routeLb.js';

export interface AgentUdpCounters {
  /** GetHostResponses sent, indexed by LarsRetCode (0 SUCC, 1 OVERLOAD, 2 SYSTEM_ERROR, 3 NOEXIST). */
  readonly getHostByRetcode: number[];
  apiGetRoute: number;
  /** Requests parked until their key's route arrives (getHost and API getRoute). */
  parked: number;
  parkedAnsweredOnRoute: number;
  parkedAnsweredOnTimeout: number;
  /** A park bound was hit: getHost answered RET_SYSTEM_ERROR, API getRoute an empty list, at once. */
  parkOverflow: number;
  parkedDroppedOnClose: number;
  /** API getRoute answered empty because the key cap refused the key. */
  apiGetRouteRejected: number;
  pullsRequested: number;
  /** onPull returned false or threw: the key is claimable again on its next use. */
  pullsFailed: number;
  /** Bodies over the size a client ever sends, dropped before decoding. */
  oversizedBody: number;
  /** API_GetRouteResponses cut to the first hosts by (ip, port) that fit in one datagram. */
  routeCut: number;
  /** Requests for a key another port owns, handed to that port (getHost, API getRoute, report). */
  wrongPort: number;
  /** ...that the owner could not be told of: getHost answered RET_SYSTEM_ERROR, getRoute empty, report dropped. */
  wrongPortRefused: number;
  /** Requests other ports received for keys owned here, served here. */
  wrongPortServed: number;
  /** Answers to those that could not be handed back to the port the client asked. */
  wrongPortAnswersLost: number;
  /** Applications' register requests (ids 19; heartbeats included) and deregister requests (21). */
  appRegisters: number;
  appDeregisters: number;
  /** ...that decoded but did not carry exactly one instance: answered RET_BAD_ARGUMENT. */
  appRegisterBadArgument: number;
  /** ...that the dns-client could not be told of: answered RET_SYSTEM_ERROR. */
  appRegisterNotForwarded: number;
}

export interface AgentUdpStats {
  getHost: { succ: number; overload: number; systemError: number; noexist: number };
  apiGetRoute: number;
  apiGetRouteRejected: number;
  parked: number;
  parkedNow: number;
  parkedAnsweredOnRoute: number;
  parkedAnsweredOnTimeout: number;
  parkOverflow: number;
  parkedDroppedOnClose: number;
  pullsRequested: number;
  pullsFailed: number;
  oversizedBody: number;
  routeCut: number;
  wrongPort: number;
  wrongPortRefused: number;
  wrongPortServed: number;
  wrongPortAnswersLost: number;
  appRegisters: number;
  appDeregisters: number;
  appRegisterBadArgument: number;
  appRegisterNotForwarded: number;
  /** Datagrams in/out, bad datagrams, bad bodies, unknown msgids, handler errors. */
  reactor: CounterSnapshot;
  /** Reports, unknown reports, probes, transitions, keys and hosts of the RouteLb. */
  lb: RouteLbStats;
}

export function newAgentUdpCounters(): AgentUdpCounters {
  return {
    getHostByRetcode: [0, 0, 0, 0],
    apiGetRoute: 0,
    parked: 0,
    parkedAnsweredOnRoute: 0,
    parkedAnsweredOnTimeout: 0,
    parkOverflow: 0,
    parkedDroppedOnClose: 0,
    apiGetRouteRejected: 0,
    pullsRequested: 0,
    pullsFailed: 0,
    oversizedBody: 0,
    routeCut: 0,
    wrongPort: 0,
    wrongPortRefused: 0,
    wrongPortServed: 0,
    wrongPortAnswersLost: 0,
    appRegisters: 0,
    appDeregisters: 0,
    appRegisterBadArgument: 0,
    appRegisterNotForwarded: 0,
  };
}

export function agentUdpStats(c: AgentUdpCounters, parkedNow: number, reactor: CounterSnapshot, lb: RouteLbStats): AgentUdpStats {
  const r = c.getHostByRetcode;
  const { getHostByRetcode: _byRetcode, ...rest } = c;
  return {
    getHost: { succ: r[0] ?? 0, overload: r[1] ?? 0, systemError: r[2] ?? 0, noexist: r[3] ?? 0 },
    ...rest,
    parkedNow,
    reactor,
    lb,
  };
}
