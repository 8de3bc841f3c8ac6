/**
 * One end of a two-way mailbox channel over a PortLike. Sends tells and asks
 * (batched per event-loop turn by default), receives the peer's tells and
 * asks into an Inbox, and matches replies to asks.
 *
 * Bounded by credit: at most `capacity` messages from this end may be
 * buffered, in transit or waiting unhandled in the peer's inbox; the peer
 * returns credit as it handles them. Past that, the overflow policy decides:
 * `drop` (tell returns false) or `reject` (tell throws MailboxFullError).
 * Either way it is counted. An ask on a full mailbox always rejects.
 *
 * A link survives its peer: when the port closes (the peer's worker died) it
 * keeps buffering up to capacity until `attach` hands it the restarted
 * peer's port; asks already sent are failed with PeerGoneError.
 */
import { ASK, FAIL, readBatch, REPLY, TELL, type Batch, type BatchVisitor } from './batch.js';
import type { Clock } from './clock.js';
import { postEntryByEntry } from './entryByEntry.js';
import type { MessageSink } from './inbox.js';
import {
  MailboxClosedError,
  MailboxFullError,
  NotCloneableError,
  PeerGoneError,
  RemoteHandlerError,
  toErrorWire,
} from './mailboxErrors.js';
import type { Message, PeerInfo } from './message.js';
import type { PortLike } from './portLike.js';
import type { MailboxStats } from './mailboxStats.js';
import { DEFAULT_ASK_TIMEOUT_MS, DEFAULT_CAPACITY, type MailboxLinkOptions, type OverflowPolicy } from './mailboxLinkOptions.js';
import { LinkWaits } from './linkWaits.js';
import { PendingAsks } from './pendingAsks.js';

export { DEFAULT_ASK_TIMEOUT_MS, DEFAULT_CAPACITY, type MailboxLinkOptions, type OverflowPolicy };

export class MailboxLink {
  readonly target: string;
  readonly peer: PeerInfo;
  readonly capacity: number;
  readonly overflow: OverflowPolicy;
  private readonly batching: boolean;
  private readonly askTimeoutMs: number;
  private readonly clock: Clock;
  private sink: MessageSink | undefined;
  private readonly waits = new LinkWaits();
  /** Tells and asks posted to the current peer incarnation (the count its `received` reaches). */
  private postedToPeer = 0;
  private port: PortLike | undefined;
  private closed = false;

  private out: Batch = [0];
  private buffered = 0; // tells/asks in `out`
  private inFlight = 0; // posted, not yet credited back
  private unacked = 0; // handled here, credit not yet returned
  private flushScheduled = false;
  private readonly asks: PendingAsks;
  private readonly visitor: BatchVisitor;
  private readonly onPortMessage = (data: unknown): void => readBatch(data, this.visitor);
  private readonly onPortClose = (): void => this.detach();

  private readonly counts = { sent: 0, received: 0, dropped: 0, rejected: 0, lost: 0, askTimeouts: 0, lateReplies: 0, unsendable: 0, malformed: 0 };

  constructor(opts: MailboxLinkOptions, port?: PortLike) {
    this.target = opts.target;
    this.peer = opts.peer;
    this.clock = opts.clock;
    this.capacity = opts.capacity ?? DEFAULT_CAPACITY;
    this.overflow = opts.overflow ?? 'drop';
    this.batching = opts.batching ?? true;
    this.askTimeoutMs = opts.askTimeoutMs ?? DEFAULT_ASK_TIMEOUT_MS;
    this.sink = opts.sink;
    this.asks = new PendingAsks(this.target, this.clock, this.counts);
    this.visitor = {
      credit: (n) => this.onCredit(n),
      tell: (m) => this.onIncoming(-1, m),
      ask: (id, m) => this.onIncoming(id, m),
      reply: (id, value) => this.asks.settle(id, undefined, value),
      fail: (id, wire) => {
        const type = this.asks.typeOf(id);
        this.asks.settle(id, new RemoteHandlerError(type, this.target, wire?.code ?? undefined, String(wire?.message ?? 'unknown error')), undefined);
      },
      malformed: () => {
        this.counts.malformed++;
      },
    };
    if (port) this.attach(port);
  }

  get attached(): boolean {
    return this.port !== undefined;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Messages from this end not yet handled by the peer (buffered + in transit + queued there). */
  get outstanding(): number {
    return this.buffered + this.inFlight;
  }

  setSink(sink: MessageSink): void {
    this.sink = sink;
  }

  /** Resolves once no peer is attached (already true, or its port closes). */
  whenDetached(): Promise<void> {
    if (!this.port) return Promise.resolve();
    return this.waits.untilPeerGone();
  }

  /**
   * Tells and asks posted so far to the current peer incarnation. Handed to
   * the peer over another channel (the control plane), it lets the peer
   * wait with `whenReceived` until everything sent before arrived.
   */
  get posted(): number {
    return this.postedToPeer;
  }

  /** Resolves once `count` tells and asks have arrived from the peer, or the link detaches or closes. */
  whenReceived(count: number): Promise<void> {
    if (this.counts.received >= count || !this.port) return Promise.resolve();
    return this.waits.untilArrived(count);
  }

  /** Starts talking over `port` (a new peer incarnation); flushes what was buffered meanwhile. */
  attach(port: PortLike): void {
    if (this.closed) return;
    if (this.port) this.detach();
    this.port = port;
    this.postedToPeer = 0;
    port.on('message', this.onPortMessage);
    port.on('close', this.onPortClose);
    if (this.buffered > 0 || this.unacked > 0) this.scheduleFlush();
  }

  /** The peer is gone: what it had not handled is lost, asks it had are failed. */
  detach(): void {
    const port = this.port;
    if (!port) return;
    port.off('message', this.onPortMessage);
    port.off('close', this.onPortClose);
    this.port = undefined;
    this.counts.lost += this.inFlight;
    this.inFlight = 0;
    this.unacked = 0;
    this.asks.failPosted((type) => new PeerGoneError(type, this.target));
    this.waits.roomAgain();
    this.waits.peerGone();
  }

  /**
   * For good. What was told before is still posted (a port delivers what it
   * was given before it closes); asks still waiting fail with
   * MailboxClosedError since their replies can no longer arrive.
   */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    const port = this.port;
    this.port = undefined;
    if (port) {
      port.off('message', this.onPortMessage);
      port.off('close', this.onPortClose);
      if (typeof (port as { close?: unknown }).close === 'function') (port as unknown as { close(): void }).close();
    }
    this.counts.dropped += this.buffered;
    this.buffered = 0;
    this.out = [0];
    this.asks.failAll(() => new MailboxClosedError(this.target));
    this.waits.roomAgain();
    this.waits.peerGone();
  }

  /** Fire and forget. false: dropped (full under the `drop` policy, or closed). */
  tell(message: Message): boolean {
    if (this.closed) {
      this.counts.dropped++;
      return false;
    }
    if (this.buffered + this.inFlight >= this.capacity) {
      if (this.overflow === 'reject') {
        this.counts.rejected++;
        throw new MailboxFullError(this.target, this.capacity);
      }
      this.counts.dropped++;
      return false;
    }
    this.out.push(TELL, message);
    this.buffered++;
    this.counts.sent++;
    this.afterEnqueue();
    return true;
  }

  /** Request → reply, rejected with AskTimeoutError after `timeoutMs`. */
  ask(message: Message, timeoutMs = this.askTimeoutMs): Promise<unknown> {
    if (this.closed) return Promise.reject(new MailboxClosedError(this.target));
    if (this.buffered + this.inFlight >= this.capacity) {
      this.counts.rejected++;
      return Promise.reject(new MailboxFullError(this.target, this.capacity));
    }
    return this.asks.open(message.type, timeoutMs, (id) => {
      this.out.push(ASK, id, message);
      this.buffered++;
      this.counts.sent++;
      this.afterEnqueue();
    });
  }

  reply(id: number, value: unknown): void {
    this.out.push(REPLY, id, value);
    this.scheduleFlush();
  }

  fail(id: number, err: unknown): void {
    this.out.push(FAIL, id, toErrorWire(err));
    this.scheduleFlush();
  }

  /** The inbox handled one message from this link: credit goes back with the next batch. */
  noteHandled(): void {
    this.unacked++;
    this.scheduleFlush();
  }

  /** Resolves when the link has room again (below half capacity) or closes. */
  waitForCapacity(): Promise<void> {
    if (this.closed || this.buffered + this.inFlight < this.capacity) return Promise.resolve();
    return this.waits.untilRoom();
  }

  /** Posts everything buffered now, in one message. */
  flush(): void {
    this.flushScheduled = false;
    const port = this.port;
    if (!port || (this.out.length === 1 && this.unacked === 0)) return;
    const batch = this.out;
    batch[0] = this.unacked;
    this.out = [0];
    const entries = this.buffered;
    try {
      port.postMessage(batch);
      this.postedToPeer += entries;
    } catch (err) {
      if ((err as Error).name !== 'DataCloneError') throw err;
      this.postOneByOne(port, batch);
    }
    this.unacked = 0;
    this.inFlight += this.buffered;
    this.buffered = 0;
    this.asks.markAllPosted();
  }

  stats(): MailboxStats {
    return { ...this.counts, outstanding: this.outstanding, pendingAsks: this.asks.size };
  }

  private afterEnqueue(): void {
    if (this.batching) this.scheduleFlush();
    else this.flush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || !this.port) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** A batch did not clone: send the rest, fail or count each bad entry. */
  private postOneByOne(port: PortLike, batch: Batch): void {
    postEntryByEntry(port, batch, {
      posted: (tag) => {
        if (tag === TELL || tag === ASK) this.postedToPeer++;
      },
      unsendable: (tag, entry) => {
        if (tag === TELL) {
          this.counts.unsendable++;
          this.buffered--;
        } else if (tag === ASK) {
          this.buffered--;
          this.asks.settle(entry[1] as number, new NotCloneableError((entry[2] as Message).type), undefined);
        } else if (tag === REPLY) {
          port.postMessage([0, FAIL, entry[1], toErrorWire(new NotCloneableError('reply'))]);
        }
      },
    });
  }

  private onCredit(n: number): void {
    this.inFlight = Math.max(0, this.inFlight - n);
    if (this.waits.waitingForRoom && this.buffered + this.inFlight < this.capacity / 2) this.waits.roomAgain();
  }

  private onIncoming(askId: number, message: Message): void {
    this.counts.received++;
    this.waits.arrived(this.counts.received);
    if (this.sink) {
      this.sink.deliver(this, askId, message);
      return;
    }
    this.counts.dropped++;
    if (askId >= 0) this.fail(askId, new MailboxClosedError(`${this.target} (no inbox)`));
    this.noteHandled();
  }
}
