/**
 * Messages between the supervisor and the runtime inside each actor worker.
 * Their types start with `$` so they never collide with actor protocols.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ActorMetrics } from './actorDefinition.js';
import type { MailboxStats } from '../mailbox/mailboxStats.js';

export type ControlRequest =
  | { type: '$stop'; /** kinds whose links must close (they stopped first) before this actor flushes */ drainFrom: string[]; budgetMs: number }
  | { type: '$stats' }
  | { type: '$reload'; args: unknown }
  | { type: '$link'; kind: string; index: number; port: MessagePort };

export interface ControlReplies {
  $stop: StopReport;
  $stats: ActorStatsReport;
  $reload: true;
}

/** Actor runtime → supervisor. */
export type ActorEvent = { type: '$ready' } | { type: '$snapshot'; data: unknown };

export interface StopReport {
  /** Messages still queued when the stop hook ran (handled before it). */
  drained: number;
  /** Links of `drainFrom` kinds that did not close within the budget. */
  undrained: number;
}

export interface ActorStatsReport {
  handled: number;
  /** Messages waiting in the inbox. */
  depth: number;
  /** Summed over the actor's links (supervisor link and peer links). */
  mailbox: MailboxStats;
  errors: Record<string, number>;
  metrics: ActorMetrics;
  timers: number;
}

/** What the worker entry receives as workerData. */
export interface WorkerBoot {
  moduleUrl: string;
  role: string;
  kind: string;
  index: number;
  name: string;
  args: unknown;
  restored: unknown;
  /** Linked kinds and their instance counts: one link slot per instance. */
  peers: Array<{ kind: string; count: number }>;
  /** Ports to peers already running; the rest arrive as `$link`. */
  peerPorts: Array<{ kind: string; index: number; port: MessagePort }>;
  mailbox: MailboxSettings;
}

export interface MailboxSettings {
  capacity: number;
  overflow: 'drop' | 'reject';
  askTimeoutMs: number;
  batching: boolean;
}
