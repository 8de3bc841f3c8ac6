/**
 * An actor's inbox: every message from every link lands here and is handled
 * one at a time, in arrival order. A handler that returns a promise holds the
 * inbox until it settles, so an actor's state is never touched by two
 * handlers at once. Local work (timer callbacks) queues here too for the
 * same reason.
 *
 * A handler that throws (or rejects) fails the ask it was answering and then
 * "crashes" the inbox: nothing more is handled and `onCrash` decides what
 * happens to the thread (the actor host rethrows, which ends the worker).
 */
import type { Message, PeerInfo } from './message.js';
import { MailboxClosedError } from './mailboxErrors.js';
import type { MailboxLink } from './mailboxLink.js';

/** Where a link puts the tells and asks it receives. */
export interface MessageSink {
  /** `askId` is -1 for a tell. The sink must eventually call `link.noteHandled()` once. */
  deliver(link: MailboxLink, askId: number, message: Message): void;
}

/** Handles one message; the value returned (or resolved) answers an ask. */
export type InboxHandler = (message: Message, from: PeerInfo) => unknown;

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

export class Inbox implements MessageSink {
  /** Flat triplets: link (null for local work), ask id (-1 for tells), message or thunk. */
  private queue: unknown[] = [];
  private head = 0;
  private busy = false;
  private paused = false;
  private closedFor: string | undefined;
  private crashed = false;
  private idleWaiters: Array<() => void> = [];
  handled = 0;
  /** Messages that arrived after close: dropped, asks failed. */
  droppedClosed = 0;

  constructor(
    private readonly handler: InboxHandler,
    private readonly onCrash: (err: unknown) => void = (err) => {
      throw err;
    },
  ) {}

  /** Messages waiting, plus the one being handled asynchronously. */
  get depth(): number {
    return (this.queue.length - this.head) / 3 + (this.busy && !this.crashed ? 1 : 0);
  }

  get idle(): boolean {
    return !this.busy && this.head === this.queue.length;
  }

  deliver(link: MailboxLink, askId: number, message: Message): void {
    if (this.closedFor !== undefined) {
      this.droppedClosed++;
      if (askId >= 0) link.fail(askId, new MailboxClosedError(this.closedFor));
      link.noteHandled();
      return;
    }
    this.queue.push(link, askId, message);
    if (!this.busy && !this.paused) this.drain();
  }

  /** Runs `fn` in turn with messages (timer callbacks and other local work). */
  runLocal(fn: () => unknown): void {
    if (this.closedFor !== undefined) return;
    this.queue.push(null, -1, fn);
    if (!this.busy && !this.paused) this.drain();
  }

  /** Stops handling; arrivals queue until `resume`. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    if (!this.busy) this.drain();
  }

  /**
   * No more handling, ever: queued and later messages are dropped and
   * counted, their asks failed with MailboxClosedError naming `owner`.
   */
  close(owner: string): void {
    this.closedFor = owner;
    while (this.head < this.queue.length) {
      const link = this.queue[this.head] as MailboxLink | null;
      const askId = this.queue[this.head + 1] as number;
      this.head += 3;
      if (!link) continue;
      this.droppedClosed++;
      if (askId >= 0) link.fail(askId, new MailboxClosedError(owner));
      link.noteHandled();
    }
    this.queue = [];
    this.head = 0;
    this.notifyIdle();
  }

  /** Resolves once nothing is queued or being handled. */
  whenIdle(): Promise<void> {
    if (this.idle || this.crashed) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private drain(): void {
    this.busy = true;
    const q = this.queue;
    while (this.head < q.length && !this.paused) {
      const link = q[this.head] as MailboxLink | null;
      const askId = q[this.head + 1] as number;
      const payload = q[this.head + 2];
      q[this.head + 2] = undefined; // let big messages be collected while the queue is long
      this.head += 3;
      let out: unknown;
      try {
        out = link ? this.handler(payload as Message, link.peer) : (payload as () => unknown)();
      } catch (err) {
        this.crash(link, askId, err);
        return;
      }
      if (isThenable(out)) {
        out.then(
          (value) => {
            this.finish(link, askId, value);
            this.drain();
          },
          (err: unknown) => this.crash(link, askId, err),
        );
        return;
      }
      this.finish(link, askId, out);
    }
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    }
    this.busy = false;
    if (this.idle) this.notifyIdle();
  }

  private finish(link: MailboxLink | null, askId: number, value: unknown): void {
    if (!link) return;
    this.handled++;
    if (askId >= 0) link.reply(askId, value);
    link.noteHandled();
  }

  private crash(link: MailboxLink | null, askId: number, err: unknown): void {
    this.crashed = true;
    this.busy = true; // a crashed inbox handles nothing more
    if (link && askId >= 0) link.fail(askId, err);
    this.notifyIdle();
    this.onCrash(err);
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
