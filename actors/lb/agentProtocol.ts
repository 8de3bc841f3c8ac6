/**
 * Messages between the agent's actors. UDP servers ask the dns-client for
 * routes and hand their per-interval call counts to the reporter-client;
 * the dns-client sends each route straight to the UDP server that owns the
 * key ((modid + cmdid) % 3). A request that reached the wrong port goes to
 * the owning UDP server, and its answer back to the port the client asked.
 */
import type { RouteRule } from '../../proto/routeRule.js';
import type { InstanceFields, InstanceKeyFields } from '../../proto/registration.js';
import type { HostAddress } from './core/hostInfo.js';
import type { LbStateDump } from './lbStateDump.js';
import type { KeyReport } from './core/routeLb.js';
import type { RegistrationView } from './core/registrationView.js';

export const UDP_SERVER_COUNT = 3;

export function ownerOf(modid: number, cmdid: number, count = UDP_SERVER_COUNT): number {
  return (((modid + cmdid) % count) + count) % count;
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
  /** The key's routing rules, [] when none. */
  rules: RouteRule[];
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

/** The client a wrong-port request came from: its answer leaves from the port it asked. */
export interface ClientAddress {
  address: string;
  port: number;
}

/** udp-server that got a GetHostRequest on the wrong port → the udp-server owning the key. */
export interface WrongPortGetHost {
  type: 'wrongPortGetHost';
  client: ClientAddress;
  seq: number;
  modid: number;
  cmdid: number;
}

/** udp-server that got an API GetRouteRequest on the wrong port → the owner. */
export interface WrongPortGetRoute {
  type: 'wrongPortGetRoute';
  client: ClientAddress;
  modid: number;
  cmdid: number;
}

/** udp-server that got a ReportRequest on the wrong port → the owner, whose RouteLb picked the host. */
export interface WrongPortReport {
  type: 'wrongPortReport';
  modid: number;
  cmdid: number;
  ip: number;
  port: number;
  retcode: number;
}

/** owner → the udp-server the client asked: the GetHostResponse to send. */
export interface WrongPortHostAnswer {
  type: 'wrongPortHostAnswer';
  client: ClientAddress;
  seq: number;
  modid: number;
  cmdid: number;
  retcode: number;
  ip: number;
  port: number;
}

/** owner → the udp-server the client asked: the API_GetRouteResponse to send. */
export interface WrongPortRouteAnswer {
  type: 'wrongPortRouteAnswer';
  client: ClientAddress;
  modid: number;
  cmdid: number;
  hosts: HostAddress[];
}

/**
 * udp-server → dns-client: an application registers one instance (also its
 * heartbeat), on any port; the dns-client holds the agent's one table.
 */
export interface AppRegister {
  type: 'appRegister';
  client: ClientAddress;
  seq: number;
  /** Who the application says it is, and its address. */
  holder: string;
  instance: InstanceFields;
}

/** udp-server → dns-client: an application withdraws one instance. */
export interface AppDeregister {
  type: 'appDeregister';
  client: ClientAddress;
  seq: number;
  instance: InstanceKeyFields;
}

/** dns-client → the udp-server the application asked: the RegisterResponse to send it. */
export interface AppRegistrationAnswer {
  type: 'appRegistrationAnswer';
  client: ClientAddress;
  seq: number;
  retcode: number;
  reason: string;
  instance: InstanceKeyFields;
}

export type WrongPortRequest = WrongPortGetHost | WrongPortGetRoute | WrongPortReport;
export type WrongPortAnswer = WrongPortHostAnswer | WrongPortRouteAnswer;

export type DnsClientMessage = PullRoute | AppRegister | AppDeregister;
export type UdpServerMessage = RouteArrived | DnsConnected | WrongPortRequest | WrongPortAnswer | AppRegistrationAnswer;
export type ReporterClientMessage = ReportBatch;

/** What a udp-server answers on the control plane (supervisor → udp-server). */
export interface UdpServerControl {
  /** One key's LB state (no keys when this port does not have it), or every key's, at most `maxKeys`. */
  lbState(key: { modid: number; cmdid: number } | undefined, maxKeys: number): LbStateDump;
}

/** What the dns-client answers on the control plane: the agent's registration table. */
export interface DnsClientControl {
  registrations(): RegistrationView[];
}
