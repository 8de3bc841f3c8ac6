/**
 * Framed TCP server: listen on ip:port, one TcpConnection per peer, frames
 * routed by msgid. Connections over max_conn are accepted and closed at once
 * (counted), as the original did, so a flood cannot exhaust descriptors.
 * A connection that sends no complete frame within handshakeTimeoutMs is
 * closed (counted): it holds a descriptor and proves nothing. One that sent
 * a frame may then stay idle for hours, as the original's agents do.
 * Agents (the original's and ours) also send nothing until an application
 * asks for a first key, so `quietPerPeer` silent connections per remote
 * address are let past the deadline: an idle agent is not cut and reconnected
 * every timeout, while a flood of silent sockets from one address still is.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { EventEmitter } from 'eventemitter3';
import type { MsgRouter } from './msgRouter.js';
import { ReactorCounters } from './reactorCounters.js';
import { TcpConnection, type CloseReason } from './tcpConnection.js';
import type { ReadBudget } from './readBudget.js';
import { realScheduler, type Scheduler } from './backoff.js';

export interface TcpServerOptions<P> {
  ip: string;
  port: number;
  router: MsgRouter<TcpConnection<P>>;
  maxConn: number;
  maxOutBytes: number;
  counters?: ReactorCounters;
  /** A handler bug: logged by the owner; the connection is closed and counted. */
  onHandlerError?: (err: unknown) => void;
  /** Per-turn read budget shared by the connections (default: the thread's). */
  readBudget?: ReadBudget;
  /** Close connections with no complete frame this long after connecting; 0 or absent: never. */
  handshakeTimeoutMs?: number;
  /** Silent connections per remote address kept past the handshake deadline (default 0: none). */
  quietPerPeer?: number;
  /** Timers for the handshake deadline (tests pass a manual one). */
  scheduler?: Scheduler;
}

export interface TcpServerEvents<P> {
  connStart: [conn: TcpConnection<P>];
  connClose: [conn: TcpConnection<P>, reason: CloseReason];
}

export class TcpServer<P = unknown> extends EventEmitter<TcpServerEvents<P>> {
  readonly counters: ReactorCounters;
  private readonly server: Server;
  private readonly conns = new Set<TcpConnection<P>>();
  private boundPort = 0;
  private readonly handshakeTimers = new Map<TcpConnection<P>, unknown>();
  /** Silent connections let past the deadline, by remote address; a grant ends with its connection. */
  private readonly quietGranted = new Map<TcpConnection<P>, string>();
  private readonly quietByPeer = new Map<string, number>();
  private readonly scheduler: Scheduler;

  constructor(private readonly opts: TcpServerOptions<P>) {
    super();
    this.counters = opts.counters ?? new ReactorCounters();
    this.scheduler = opts.scheduler ?? realScheduler;
    this.server = createServer({ noDelay: true }, (socket) => this.onSocket(socket));
    // Accept errors (EMFILE and the like) must not take the process down.
    this.server.on('error', () => this.counters.inc('socketError'));
  }

  get connectionCount(): number {
    return this.conns.size;
  }

  connections(): IterableIterator<TcpConnection<P>> {
    return this.conns.values();
  }

  listen(port = this.opts.port): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen({ host: this.opts.ip, port, backlog: 1024 }, () => {
        this.server.off('error', onError);
        const address = this.server.address() as AddressInfo;
        this.boundPort = address.port;
        resolve(address);
      });
    });
  }

  address(): AddressInfo {
    return this.server.address() as AddressInfo;
  }

  /** Stop accepting, let each connection flush, then resolve when all are gone. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const conn of this.conns) conn.close();
    await closed;
  }

  /** Stop accepting and close every connection, keeping the server for resume() (a replica stepping aside). */
  async pause(): Promise<void> {
    if (!this.server.listening) return;
    await this.close();
  }

  /** Listen again on the same address after pause() (the port first bound, when it was 0). */
  async resume(): Promise<AddressInfo> {
    if (this.server.listening) return this.address();
    return this.listen(this.boundPort || this.opts.port);
  }

  private armHandshake(conn: TcpConnection<P>): void {
    const ms = this.opts.handshakeTimeoutMs ?? 0;
    if (ms <= 0) return;
    const peer = conn.remoteAddress;
    const timer = this.scheduler.setTimeout(() => {
      this.handshakeTimers.delete(conn);
      if (conn.sawFrame || !conn.isOpen) return;
      const quiet = this.quietByPeer.get(peer) ?? 0;
      if (quiet < (this.opts.quietPerPeer ?? 0)) {
        this.quietByPeer.set(peer, quiet + 1);
        this.quietGranted.set(conn, peer);
        this.counters.inc('handshakeQuietKept');
        return;
      }
      this.counters.inc('handshakeTimeout');
      conn.destroy('handshakeTimeout');
    }, ms);
    this.handshakeTimers.set(conn, timer);
  }

  private onSocket(socket: Socket): void {
    if (this.conns.size >= this.opts.maxConn) {
      this.counters.inc('connRejectedMaxConn');
      socket.on('error', () => undefined);
      socket.destroy();
      return;
    }
    const conn = new TcpConnection<P>(socket, {
      router: this.opts.router,
      counters: this.counters,
      maxOutBytes: this.opts.maxOutBytes,
      onHandlerError: this.opts.onHandlerError,
      readBudget: this.opts.readBudget,
      onClose: (c, reason) => {
        const timer = this.handshakeTimers.get(c);
        if (timer !== undefined) {
          this.handshakeTimers.delete(c);
          this.scheduler.clearTimeout(timer);
        }
        const peer = this.quietGranted.get(c);
        if (peer !== undefined) {
          this.quietGranted.delete(c);
          const left = (this.quietByPeer.get(peer) ?? 1) - 1;
          if (left > 0) this.quietByPeer.set(peer, left);
          else this.quietByPeer.delete(peer);
        }
        this.conns.delete(c);
        this.counters.inc('connClosed');
        this.emit('connClose', c, reason);
      },
    });
    this.conns.add(conn);
    this.counters.inc('connAccepted');
    this.armHandshake(conn);
    this.emit('connStart', conn);
  }
}
