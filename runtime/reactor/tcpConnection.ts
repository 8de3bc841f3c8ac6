/**
 * One framed TCP connection, server or client side. Reads frames through a
 * FrameDecoder into a MsgRouter; writes whole frames, corked while a chunk is
 * being handled so the replies to pipelined requests leave in one writev.
 *
 * Safety by construction: every socket has an 'error' listener (EPIPE and
 * ECONNRESET are counted, never thrown; Node already ignores SIGPIPE), bad
 * input closes only this connection, and a peer that stops reading is cut
 * once its pending output passes maxOutBytes.
 */
import type { Socket } from 'node:net';
import { encodeFrame, HEADER_LEN, MAX_BODY_LEN } from './frame.js';
import { FrameDecoder } from './frameDecoder.js';
import { BadBodyError, type MsgRouter } from './msgRouter.js';
import type { ReactorCounters } from './reactorCounters.js';
import { threadReadBudget, type ReadBudget } from './readBudget.js';

export type CloseReason =
  | 'peer' // the other side closed or reset
  | 'local' // we closed it (shutdown, client stop)
  | 'badLength'
  | 'badBody'
  | 'handlerError'
  | 'slowConsumer'
  | 'maxConn'
  | 'handshakeTimeout'; // no complete frame within handshake_timeout_ms of connecting

export interface TcpConnectionOptions<P> {
  router: MsgRouter<TcpConnection<P>>;
  counters: ReactorCounters;
  maxOutBytes: number;
  onClose: (conn: TcpConnection<P>, reason: CloseReason) => void;
  onHandlerError?: (err: unknown) => void;
  /** Shared per-turn read budget (default: the thread's). */
  readBudget?: ReadBudget;
}

let nextId = 1;

export class TcpConnection<P = unknown> {
  readonly id = nextId++;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Per-connection user data: the original's `void *param`. */
  param: P | undefined;

  private readonly decoder = new FrameDecoder();
  private closeReason: CloseReason | undefined;
  private framed = false;
  private readonly sink = (msgid: number, body: Buffer): boolean => this.onFrame(msgid, body);

  constructor(
    private readonly socket: Socket,
    private readonly opts: TcpConnectionOptions<P>,
  ) {
    this.remoteAddress = socket.remoteAddress ?? '';
    this.remotePort = socket.remotePort ?? 0;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => {
      if (this.decoder.pending > 0) opts.counters.inc('truncatedFrame');
    });
    socket.on('error', () => {
      opts.counters.inc('socketError');
    });
    socket.on('close', () => {
      this.decoder.reset();
      this.closeReason ??= 'peer';
      opts.onClose(this, this.closeReason);
    });
  }

  /** True once a complete frame has arrived on this connection. */
  get sawFrame(): boolean {
    return this.framed;
  }

  get isOpen(): boolean {
    return this.closeReason === undefined && !this.socket.destroyed;
  }

  /** Bytes written but not yet taken by the kernel. */
  get pendingOutBytes(): number {
    return this.socket.writableLength;
  }

  send(msgid: number, body: Uint8Array): boolean {
    if (body.length > MAX_BODY_LEN) {
      this.opts.counters.inc('frameTooLarge');
      return false;
    }
    return this.sendFrame(encodeFrame(msgid, body));
  }

  /**
   * Send an already framed buffer (e.g. one push encoded once for many
   * subscribers). A frame past the wire limit is refused and counted: the
   * peer would close the connection on it, losing everything else it carries.
   */
  sendFrame(frame: Uint8Array): boolean {
    if (frame.length - HEADER_LEN > MAX_BODY_LEN) {
      this.opts.counters.inc('frameTooLarge');
      return false;
    }
    if (!this.isOpen) {
      this.opts.counters.inc('sendOnClosed');
      return false;
    }
    if (this.socket.writableLength + frame.length > this.opts.maxOutBytes) {
      this.opts.counters.inc('slowConsumerCut');
      this.destroy('slowConsumer');
      return false;
    }
    this.opts.counters.inc('framesOut');
    this.socket.write(frame);
    return true;
  }

  /** Run `fn` with output corked: its sends leave in one writev. */
  batch(fn: () => void): void {
    this.socket.cork();
    try {
      fn();
    } finally {
      this.socket.uncork();
    }
  }

  /** Flush what is queued, then close. */
  close(): void {
    if (this.closeReason !== undefined) return;
    this.closeReason = 'local';
    this.socket.end();
    // A peer that never reads would keep an ended socket open forever.
    this.socket.setTimeout(5000, () => this.socket.destroy());
  }

  destroy(reason: CloseReason = 'local'): void {
    this.closeReason ??= reason;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    (this.opts.readBudget ?? threadReadBudget).consume(this.socket, chunk.length);
    this.socket.cork();
    const result = this.decoder.push(chunk, this.sink);
    this.socket.uncork();
    if (result === 'badLength') {
      this.opts.counters.inc('badLength');
      this.destroy('badLength');
    }
  }

  private onFrame(msgid: number, body: Buffer): boolean {
    const { counters } = this.opts;
    counters.inc('framesIn');
    this.framed = true;
    try {
      if (!this.opts.router.dispatch(this, msgid, body)) counters.inc('unknownMsgid');
    } catch (err) {
      if (err instanceof BadBodyError) {
        counters.inc('badBody');
        this.destroy('badBody');
      } else {
        counters.inc('handlerError');
        this.opts.onHandlerError?.(err);
        this.destroy('handlerError');
      }
      return false;
    }
    return this.isOpen;
  }
}
