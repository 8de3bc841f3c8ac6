/**
 * What a running actor can do besides changing its own state: know who it
 * is, schedule timers, reach its linked peers, save a snapshot for its next
 * incarnation, count errors by kind.
 */
import type { Clock } from '../mailbox/clock.js';
import type { Message, PeerInfo, ReplyMap } from '../mailbox/message.js';
import type { ActorGroup } from './actorRef.js';
import type { TimerCallback, TimerHandle } from './timers.js';
import type { LogLevel } from '../log/logLine.js';

export interface ActorIdentity {
  readonly role: string;
  /** The spec's kind, e.g. `udp-server`. */
  readonly kind: string;
  /** 0-based instance number within the kind. */
  readonly index: number;
  /** `kind` alone when the kind has one instance, else `kind-index`. */
  readonly name: string;
}

export interface ActorContext extends ActorIdentity {
  readonly clock: Clock;
  /** Sender of the message being handled; valid until the handler's first await. */
  readonly sender: PeerInfo | undefined;
  /** Runs `fn` once after `ms`, in turn with messages. */
  after(ms: number, fn: TimerCallback): TimerHandle;
  /** Runs `fn` every `ms`, in turn with messages, until cancelled or stopped. */
  every(ms: number, fn: TimerCallback): TimerHandle;
  /**
   * Every instance of a linked kind (the role spec's `links`). Messages go
   * straight over a MessageChannel, not through the main thread. Throws
   * NO_SUCH_LINK for a kind this actor is not linked to.
   */
  peers<PM extends Message, PR extends ReplyMap = Record<never, never>>(kind: string): ActorGroup<PM, PR>;
  /** Kept by the supervisor and given to `start` after a restart. Must be structured-cloneable. */
  saveSnapshot(data: unknown): void;
  /** Exported as lars_actor_errors_total{kind}. */
  countError(kind: string, by?: number): void;
  /** One log line (default level info), written by the supervisor with a timestamp, the level and `role/name`. */
  log(line: string, level?: LogLevel): void;
}

export function instanceName(kind: string, index: number, count: number): string {
  return count === 1 ? kind : `${kind}-${index}`;
}
