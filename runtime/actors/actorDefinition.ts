/**
 * What an actor module exports (as `default`): how to build its state from
 * start arguments, how to handle each message, and optional stop/reload/stats
 * hooks. The runtime calls them one at a time, never concurrently.
 *
 * - `A`: start arguments (structured-cloneable; computed by the role spec
 *   from config, recomputed on reload).
 * - `S`: the state, owned by this actor alone.
 * - `M`: the messages it accepts (discriminated union on `type`).
 * - `R`: reply type per askable message type.
 * - `C`: the actor's own control API (e.g. a state dump), called by the
 *   supervisor over the control plane; see `control`.
 */
import type { Message, ReplyMap } from '../mailbox/message.js';
import type { ActorContext } from './actorContext.js';
import type { HistogramSnapshot } from '../stats/bucketHistogram.js';

/** Prometheus-bound numbers an actor reports about itself (e.g. ReactorCounters.snapshot()). */
export interface ActorMetrics {
  /** Only ever grow (reset to 0 only when the actor restarts). */
  counters?: Record<string, number>;
  /** Go up and down (queue lengths, connections, route version). */
  gauges?: Record<string, number>;
  /** Distributions (fixed buckets, cumulative since the actor started), e.g. push lag in ms. */
  histograms?: Record<string, HistogramSnapshot>;
  /**
   * Set while the actor runs but cannot do its whole job (e.g. its store is
   * unreachable and it serves stale data): /healthz answers 503 with this reason.
   */
  degraded?: string;
  /**
   * Set while the actor does its job but something in its data needs an
   * operator (e.g. a route key too large for one response, served cut):
   * /healthz stays 200 and lists it under `warnings`, so one bad row cannot
   * take every replica out of a load balancer.
   */
  warning?: string;
}

type Reply<R extends ReplyMap> = R[keyof R];

/**
 * How an actor implements its control API `C` (methods over structured-
 * cloneable data, declared once beside its protocol): each method also gets
 * the state, and may answer with a promise.
 */
export type ControlHandlers<S, C extends object> = {
  [K in keyof C]: C[K] extends (...args: infer P) => infer Res ? (state: S, ...args: P) => Res | Promise<Awaited<Res>> : never;
};

export interface ActorDefinition<A, S, M extends Message, R extends ReplyMap = Record<never, never>, C extends object = Record<never, never>> {
  /**
   * Builds the state. After a restart `restored` is the last value the
   * previous incarnation passed to `ctx.saveSnapshot` (validate it: it is
   * data from before a crash), otherwise undefined. Messages wait until
   * this resolves. Throwing here counts as a crash.
   */
  start(args: A, ctx: ActorContext, restored: unknown): S | Promise<S>;
  /**
   * Handles one message. For an ask, the value returned (or resolved) is the
   * reply. Throwing crashes the actor (the asker gets REMOTE_HANDLER_FAILED)
   * and the supervisor restarts it; count expected bad input with
   * `ctx.countError` instead of throwing.
   */
  handle(state: S, message: M, ctx: ActorContext): Reply<R> | void | Promise<Reply<R> | void>;
  /** Graceful stop: close listeners, flush buffers. Bounded by the role's stop timeout. */
  stop?(state: S, ctx: ActorContext): void | Promise<void>;
  /** New start arguments after a config reload (reloadable keys only changed). */
  reload?(state: S, args: A, ctx: ActorContext): void | Promise<void>;
  /** Read on each metrics scrape. */
  metrics?(state: S): ActorMetrics;
  /**
   * The actor's control API, called by the supervisor (RoleSupervisor.call)
   * over the control plane, never by peers. Each call runs in turn with
   * messages; throwing fails the call only (the actor keeps running).
   */
  control?: ControlHandlers<S, C>;
}

/** Identity function that pins the type parameters; `export default defineActor<...>({...})`. */
export function defineActor<A, S, M extends Message, R extends ReplyMap = Record<never, never>, C extends object = Record<never, never>>(
  def: ActorDefinition<A, S, M, R, C>,
): ActorDefinition<A, S, M, R, C> {
  return def;
}

/** The shape the runtime checks a loaded module's default export against. */
export interface LoadedActorDefinition {
  start(args: unknown, ctx: ActorContext, restored: unknown): unknown;
  handle(state: unknown, message: Message, ctx: ActorContext): unknown;
  stop?(state: unknown, ctx: ActorContext): unknown;
  reload?(state: unknown, args: unknown, ctx: ActorContext): unknown;
  metrics?(state: unknown): ActorMetrics;
  control?: Record<string, (state: unknown, ...args: unknown[]) => unknown>;
}

export function isActorDefinition(value: unknown): value is LoadedActorDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['start'] === 'function' && typeof v['handle'] === 'function';
}
