/**
 * The asks one mailbox end is waiting on, by id: each settles exactly once,
 * by its reply, its timeout, or the peer going away. Ids are handed out in
 * send order, so "posted to the peer" is a single watermark: asks above it
 * were still buffered when the peer went and can wait for the next one.
 */
import type { Clock } from './clock.js';
import { AskTimeoutError } from './mailboxErrors.js';

interface PendingAsk {
  readonly type: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
  readonly timer: unknown;
}

/** The link's counters this bookkeeping adds to (shared so stats() stays one object). */
export interface AskCounts {
  askTimeouts: number;
  lateReplies: number;
}

export class PendingAsks {
  private readonly waiting = new Map<number, PendingAsk>();
  private nextId = 0;
  private lastPostedId = -1;

  constructor(
    private readonly target: string,
    private readonly clock: Clock,
    private readonly counts: AskCounts,
  ) {}

  get size(): number {
    return this.waiting.size;
  }

  /**
   * Registers an ask and hands its id to `enqueue` inside the promise
   * executor, so a throw while enqueueing rejects the ask instead of
   * escaping the caller.
   */
  open(type: string, timeoutMs: number, enqueue: (id: number) => void): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        if (!this.waiting.delete(id)) return;
        this.counts.askTimeouts++;
        reject(new AskTimeoutError(type, this.target, timeoutMs));
      }, timeoutMs);
      this.waiting.set(id, { type, resolve, reject, timer });
      enqueue(id);
    });
  }

  /** Message type of a waiting ask, for naming it in a remote failure. */
  typeOf(id: number): string {
    return this.waiting.get(id)?.type ?? '?';
  }

  /** Everything opened so far has left in a batch. */
  markAllPosted(): void {
    this.lastPostedId = this.nextId - 1;
  }

  /** A reply (err undefined) or failure for `id`; one for an ask no longer waiting is counted late. */
  settle(id: number, err: unknown, value: unknown): void {
    const ask = this.waiting.get(id);
    if (!ask) {
      this.counts.lateReplies++;
      return;
    }
    this.waiting.delete(id);
    this.clock.clearTimeout(ask.timer);
    if (err === undefined) ask.resolve(value);
    else ask.reject(err);
  }

  /** The peer went: asks it had received can never be answered; buffered ones stay for the next peer. */
  failPosted(reason: (type: string) => Error): void {
    for (const [id, ask] of this.waiting) {
      if (id > this.lastPostedId) continue;
      this.waiting.delete(id);
      this.clock.clearTimeout(ask.timer);
      ask.reject(reason(ask.type));
    }
  }

  failAll(reason: () => Error): void {
    for (const [id, ask] of this.waiting) {
      this.waiting.delete(id);
      this.clock.clearTimeout(ask.timer);
      ask.reject(reason());
    }
  }
}
