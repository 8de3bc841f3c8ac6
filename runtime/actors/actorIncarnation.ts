/**
 * One incarnation of an actor as its slot sees it, wherever it runs: the
 * data port to talk to it, when it is gone and why, and how to end it now.
 * A thread of its own (ownThread) or a place on a shared thread
 * (SharedThread.place) both give one.
 */
import type { PortLike } from '../mailbox/portLike.js';

export interface IncarnationEnd {
  /** Why it went, when it did not stop by itself (an error line, or the thread's exit code). */
  error: string | undefined;
}

export interface ActorIncarnation {
  /** The supervisor's end of the actor's data link. */
  readonly data: PortLike;
  /** Settles once the actor is gone: stopped, crashed, or its thread lost. */
  readonly gone: Promise<IncarnationEnd>;
  /** Ends it now (its thread, when it has one of its own); resolves once it is gone. */
  terminate(): Promise<void>;
}
