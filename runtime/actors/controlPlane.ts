/**
 * The supervisor's control plane: typed remote APIs over comlink, one
 * MessagePort per actor incarnation. The supervisor calls `ActorControl`
 * (served by the runtime inside the worker); the worker calls
 * `SupervisorEvents` (served by the supervisor's slot). The data plane
 * (actor messages) stays on the batched mailboxes.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ActorMetrics } from './actorDefinition.js';
import type { MailboxStats } from '../mailbox/mailboxStats.js';
import type { LogLevel } from '../log/logLine.js';

/** Served inside every actor worker. `C` is the actor's own control API (see ActorDefinition.control). */
export interface ActorControl<C extends object = Record<never, never>> {
  /** Answered between messages, never queued behind them: a busy actor still reports. */
  stats(): ActorStatsReport;
  /** New start arguments; runs in turn with messages. A failure also crashes the actor (it restarts). */
  reload(args: unknown): Promise<true>;
  /**
   * Graceful stop: wait for the `fromSupervisor` messages the supervisor had
   * posted on the data link (this call travels on another port and may
   * overtake them) and for the links of `drainFrom` kinds to close (they
   * stopped first), handle what is queued, run the stop hook, report, exit.
   */
  stop(drainFrom: string[], budgetMs: number, fromSupervisor: number): Promise<StopReport>;
  /** A direct channel to a peer instance that (re)started after this one. */
  link(kind: string, index: number, port: MessagePort): void;
  /** The actor's own calls (e.g. the agent's LB-state dump), run in turn with messages. */
  actor: C;
}

/** Served by the supervisor for each incarnation. */
export interface SupervisorEvents {
  /** start() finished: the actor handles messages from now on. */
  ready(): void;
  /** Kept and handed to the next incarnation's start() after a crash. */
  snapshot(data: unknown): void;
  /**
   * One log line of the actor's. On the control port, so it arrives before
   * the `ready` that follows it; the supervisor formats and writes it.
   */
  log(level: LogLevel, msg: string): void;
}

export interface StopReport {
  /** Messages still queued when the stop hook ran (handled before it). */
  drained: number;
  /** Links of `drainFrom` kinds that did not close, plus the supervisor's if its messages did not all arrive, within the budget. */
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
