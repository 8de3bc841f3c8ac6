/**
 * Framed TCP client with failover and reconnect. It walks a list of server
 * addresses, connects with a timeout, and after every failure or disconnect
 * waits an exponential, jittered delay before trying the next address.
 * Sends made while disconnected wait in a bounded queue and leave on the next
 * connection; past the bound they are refused with SendQueueFullError.
 */
import { connect, type Socket } from 'node:net';
import { EventEmitter } from 'eventemitter3';
import { CodedError } from '../errors.js';
import type { HostPort } from '../config/configSchema.js';
import { backoffDelay, realScheduler, type Scheduler } from './backoff.js';
import { encodeFrame, FrameTooLargeError, MAX_BODY_LEN } from './frame.js';
import type { MsgRouter } from './msgRouter.js';
import { ReactorCounters } from './reactorCounters.js';
import { TcpConnection, type CloseReason } from './tcpConnection.js';

export class SendQueueFullError extends CodedError {
  constructor(limit: number) {
    super('SEND_QUEUE_FULL', `not connected and ${limit} frames already queued`);
  }
}

export class ClientClosedError extends CodedError {
  constructor() {
    super('CLIENT_CLOSED', 'client is closed');
  }
}

export interface TcpClientOptions<P> {
  addresses: HostPort[];
  router: MsgRouter<TcpConnection<P>>;
  connectTimeoutMs?: number;
  backoffMinMs?: number;
  backoffMaxMs?: number;
  /** A connection that lived this long resets the backoff. */
  stableAfterMs?: number;
  maxQueuedFrames?: number;
  maxOutBytes?: number;
  counters?: ReactorCounters;
  scheduler?: Scheduler;
  random?: () => number;
  now?: () => number;
  onHandlerError?: (err: unknown) => void;
  /** Sockets do not keep the process alive (a library inside an application that may exit without closing it). */
  unref?: boolean;
}

export interface TcpClientEvents<P> {
  connected: [conn: TcpConnection<P>, address: HostPort];
  disconnected: [reason: CloseReason];
  connectFailed: [address: HostPort, error: string];
  /** A reconnect is scheduled `delayMs` from now. */
  retry: [delayMs: number, failures: number];
}

export class TcpClient<P = unknown> extends EventEmitter<TcpClientEvents<P>> {
  readonly counters: ReactorCounters;
  private readonly scheduler: Scheduler;
  private readonly now: () => number;
  private conn: TcpConnection<P> | undefined;
  private connecting: Socket | undefined;
  private timer: unknown;
  private queue: Buffer[] = [];
  private addressIndex = 0;
  private failures = 0;
  private connectedAt = 0;
  private stopped = true;
  private everConnected = false;

  constructor(private readonly opts: TcpClientOptions<P>) {
    super();
    if (opts.addresses.length === 0) throw new CodedError('NO_ADDRESS', 'TcpClient needs at least one address');
    this.counters = opts.counters ?? new ReactorCounters();
    this.scheduler = opts.scheduler ?? realScheduler;
    this.now = opts.now ?? Date.now;
  }

  get connection(): TcpConnection<P> | undefined {
    return this.conn?.isOpen ? this.conn : undefined;
  }

  get queuedFrames(): number {
    return this.queue.length;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt();
  }

  send(msgid: number, body: Uint8Array): void {
    if (this.stopped) throw new ClientClosedError();
    if (body.length > MAX_BODY_LEN) {
      this.counters.inc('frameTooLarge');
      throw new FrameTooLargeError(msgid, body.length, MAX_BODY_LEN);
    }
    const frame = encodeFrame(msgid, body);
    const conn = this.connection;
    if (conn) {
      conn.sendFrame(frame);
      return;
    }
    const limit = this.opts.maxQueuedFrames ?? 1024;
    if (this.queue.length >= limit) {
      this.counters.inc('sendQueueRejected');
      throw new SendQueueFullError(limit);
    }
    this.counters.inc('sendQueued');
    this.queue.push(frame);
  }

  /**
   * Stop reconnecting and close the connection. Frames queued while
   * disconnected are discarded; with `flush`, what was already written to a
   * live connection is delivered before it closes (else it is cut at once).
   */
  close(opts: { flush?: boolean } = {}): Promise<void> {
    this.stopped = true;
    this.queue = [];
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
    this.connecting?.destroy();
    this.connecting = undefined;
    const conn = this.conn;
    if (!conn?.isOpen) return Promise.resolve();
    return new Promise((resolve) => {
      this.once('disconnected', () => resolve());
      if (opts.flush) conn.close();
      else conn.destroy('local');
    });
  }

  private attempt(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const address = this.opts.addresses[this.addressIndex % this.opts.addresses.length] as HostPort;
    const socket = connect({ host: address.host, port: address.port, noDelay: true });
    if (this.opts.unref === true) socket.unref();
    this.connecting = socket;
    let settled = false;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      this.scheduler.clearTimeout(timeout);
      this.connecting = undefined;
      socket.destroy();
      this.counters.inc('connectFailures');
      this.emit('connectFailed', address, why);
      this.scheduleRetry();
    };
    const timeout = this.scheduler.setTimeout(() => {
      this.counters.inc('connectTimeouts');
      fail('connect timeout');
    }, this.opts.connectTimeoutMs ?? 2000);
    socket.once('error', (err: NodeJS.ErrnoException) => fail(err.code ?? err.message));
    socket.once('connect', () => {
      if (settled) return;
      settled = true;
      this.scheduler.clearTimeout(timeout);
      this.connecting = undefined;
      this.onConnected(socket, address);
    });
  }

  private onConnected(socket: Socket, address: HostPort): void {
    this.counters.inc(this.everConnected ? 'reconnects' : 'connAccepted');
    this.everConnected = true;
    this.connectedAt = this.now();
    const conn = new TcpConnection<P>(socket, {
      router: this.opts.router,
      counters: this.counters,
      maxOutBytes: this.opts.maxOutBytes ?? 8 * 1024 * 1024,
      onHandlerError: this.opts.onHandlerError,
      onClose: (_c, reason) => this.onDisconnected(reason),
    });
    this.conn = conn;
    const queued = this.queue;
    this.queue = [];
    conn.batch(() => {
      for (const frame of queued) conn.sendFrame(frame);
    });
    this.emit('connected', conn, address);
  }

  private onDisconnected(reason: CloseReason): void {
    this.conn = undefined;
    this.counters.inc('connClosed');
    if (this.now() - this.connectedAt >= (this.opts.stableAfterMs ?? 1000)) this.failures = 0;
    this.emit('disconnected', reason);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    this.addressIndex++;
    const delay = backoffDelay(this.failures, {
      minMs: this.opts.backoffMinMs ?? 100,
      maxMs: this.opts.backoffMaxMs ?? 10_000,
      random: this.opts.random,
    });
    this.failures++;
    this.emit('retry', delay, this.failures);
    this.timer = this.scheduler.setTimeout(() => this.attempt(), delay);
  }
}
