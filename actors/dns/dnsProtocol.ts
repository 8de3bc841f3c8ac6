/**
 * Messages between the route-watcher and the dns-server actors. Hosts are in
 * wire form here (ip: host-order value in an int32), so servers encode
 * without converting; registration leases are in store form (unsigned ip),
 * as the watcher writes them.
 */
import type { LeaseInstance, LeaseOp, LeaseOpResult } from '../../store/leaseStore.js';

export interface WireHost {
  ip: number;
  port: number;
  /** Present only when not 1 (HostInfo.weight is written only then). */
  weight?: number;
}

export interface KeyRoute {
  modid: number;
  cmdid: number;
  /** Empty when the key lost its last host: servers push that too. */
  hosts: WireHost[];
  /** The key's routing rules as their one-line text (proto/routeRule.ts); absent: none. */
  rules?: string[];
}

/** The whole table; replaces what a server holds (first load, restart). */
export interface RoutesReset {
  type: 'routesReset';
  version: number;
  routes: KeyRoute[];
  /** Epoch ms when the watcher read it; push lag is measured from here. */
  seenAt: number;
}

/** Only the keys whose hosts changed since the previous message. */
export interface RoutesChanged {
  type: 'routesChanged';
  version: number;
  changes: KeyRoute[];
  seenAt: number;
}

/**
 * The store has been unreadable for step_aside_after: close every agent
 * connection and the port, so agents fail over to a replica that can read.
 */
export interface StepAside {
  type: 'stepAside';
  reason: string;
}

/** A store read succeeded again (after the routes it brought were sent): listen again. */
export interface StepBack {
  type: 'stepBack';
}

/** A dns-server that (re)starts asks the watcher for what it has. */
export interface GetRoutes {
  type: 'getRoutes';
}

/**
 * Registrations and deregistrations a dns-server took (validated), to be
 * written as one route edit with whatever else is waiting. A tell, answered
 * by a LeasesApplied tell to the sender, so neither inbox waits on the store.
 */
export interface ApplyLeases {
  type: 'applyLeases';
  requestId: number;
  ops: LeaseOp[];
}

/** Instances a replica already wrote, heard again: only their deadlines move, in the next batched renewal. */
export interface RenewLeases {
  type: 'renewLeases';
  renewals: Array<{ owner: string; instance: LeaseInstance }>;
}

export type LeaseReply =
  | { type: 'applied'; results: LeaseOpResult[] }
  /** Nothing written: the store cannot be written now (retry), or lacks the lease tables. */
  | { type: 'failed'; reason: string };

export interface LeasesApplied {
  type: 'leasesApplied';
  requestId: number;
  reply: LeaseReply;
}

export type RouteWatcherMessage = GetRoutes | ApplyLeases | RenewLeases;
export type RoutesMessage = RoutesReset | RoutesChanged;
export type DnsServerMessage = RoutesMessage | StepAside | StepBack | LeasesApplied;

export interface RouteWatcherReplies {
  getRoutes: RoutesReset | { type: 'notLoaded' };
}
