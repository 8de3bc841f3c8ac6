/**
 * Messages between the agent's actors. UDP servers ask the dns-client for
 * routes and hand their per-interval call counts to the reporter-client;
 * the dns-client sends each route straight to the UDP server that owns the
 * key ((modid + cmdid) % 3).
 */
import type { HostAddress } from './hostInfo.js';
import type { LbStateDump } from './lbStateDump.js';
import type { KeyReport } from './routeLb.js';

export const UDP_SERVER_COUNT = 3;

export function ownerOf(modid: number, cmdid: number): number {
  return (((modid + cmdid) % UDP_SERVER_COUNT) + UDP_SERVER_COUNT) % UDP_SERVER_COUNT;
}

/** udp-server → dns-client */
export interface PullRoute {
  type: 'pull';
  modid: number;
  cmdid: number;
}

/** dns-client → udp-server: a GetRouteResponse, reply or push; always explicit from DNS. */
export interface RouteArrived {
  type: 'route';
  modid: number;
  cmdid: number;
  hosts: HostAddress[];
}

/** dns-client → every udp-server: a (re)connection; every key goes back to NEW. */
export interface DnsConnected {
  type: 'dnsConnected';
}

/** udp-server → reporter-client: one entry per key with calls in the last interval. */
export interface ReportBatch {
  type: 'reports';
  reports: KeyReport[];
}

export type DnsClientMessage = PullRoute;
export type UdpServerMessage = RouteArrived | DnsConnected;
export type ReporterClientMessage = ReportBatch;

/** What a udp-server answers on the control plane (supervisor → udp-server). */
export interface UdpServerControl {
  /** One key's LB state (no keys when this port does not have it), or every key's, at most `maxKeys`. */
  lbState(key: { modid: number; cmdid: number } | undefined, maxKeys: number): LbStateDump;
}
