/**
 * The DNS service's network side, free of the actor runtime: a TCP listener
 * answering GetRouteRequest from the current snapshot, recording each asker
 * as a subscriber of the key, and pushing every change of a subscribed key
 * (deletions included, as an empty host list) to every connected subscriber.
 *
 * A subscriber that does not read is cut by the reactor once its output
 * passes max_out_bytes, so it never delays the pushes to the others.
 */
import { lars } from '../../proto/generated/lars.js';
import { decodeBody, MsgRouter } from '../../runtime/reactor/msgRouter.js';
import type { TcpConnection } from '../../runtime/reactor/tcpConnection.js';
import { TcpServer } from '../../runtime/reactor/tcpServer.js';
import { BucketHistogram } from '../../runtime/stats/bucketHistogram.js';
import type { KeyRoute, RoutesMessage } from './dnsProtocol.js';
import { routeKey, sameHosts } from './routeKey.js';
import { encodeRouteResponse, RouteSnapshot } from './routeSnapshot.js';
import { Subscriptions } from './subscriptions.js';

export interface DnsServiceOptions {
  ip: string;
  port: number;
  maxConn: number;
  maxOutBytes: number;
  now?: () => number;
  onHandlerError?: (err: unknown) => void;
}

export interface DnsServiceStats {
  getRoute: number;
  pushes: number;
  pushedKeys: number;
}

export class DnsService {
  readonly server: TcpServer;
  readonly pushLagMs = new BucketHistogram();
  readonly stats: DnsServiceStats = { getRoute: 0, pushes: 0, pushedKeys: 0 };
  private snapshot = RouteSnapshot.empty();
  private readonly subs = new Subscriptions<TcpConnection>();
  private readonly now: () => number;
  private listening = false;

  constructor(private readonly opts: DnsServiceOptions) {
    this.now = opts.now ?? Date.now;
    const router = new MsgRouter<TcpConnection>();
    router.register(lars.MessageId.ID_GetRouteRequest, (conn, body, msgid) => {
      const req = decodeBody(lars.GetRouteRequest, body, msgid);
      this.stats.getRoute++;
      conn.sendFrame(this.snapshot.responseFrame(req.modid, req.cmdid));
      this.subs.add(conn, req.modid, req.cmdid);
    });
    this.server = new TcpServer({ ip: opts.ip, port: opts.port, maxConn: opts.maxConn, maxOutBytes: opts.maxOutBytes, router, onHandlerError: opts.onHandlerError });
    this.server.on('connClose', (conn) => this.subs.drop(conn));
  }

  /** True once a snapshot has arrived: before that we would answer "no hosts" wrongly. */
  get loaded(): boolean {
    return this.snapshot.version >= 0;
  }

  get isListening(): boolean {
    return this.listening;
  }

  get routes(): RouteSnapshot {
    return this.snapshot;
  }

  get subscriptions(): Subscriptions<TcpConnection> {
    return this.subs;
  }

  /** Listen (again, on the same port, after stepAside()). */
  async listen(): Promise<number> {
    const { port } = await this.server.resume();
    this.listening = true;
    return port;
  }

  /** Close every agent connection and the port (subscriptions go with them); listen() reopens. */
  async stepAside(): Promise<void> {
    this.listening = false;
    await this.server.pause();
  }

  async close(): Promise<void> {
    this.listening = false;
    await this.server.close();
  }

  /** Applies a message from the route-watcher; returns the keys pushed. */
  apply(msg: RoutesMessage): number {
    const before = this.snapshot;
    if (msg.type === 'routesReset') {
      this.snapshot = RouteSnapshot.of(msg.version, msg.routes);
      const touched = new Map<string, KeyRoute>();
      for (const r of before.all()) touched.set(routeKey(r.modid, r.cmdid), { modid: r.modid, cmdid: r.cmdid, hosts: [] });
      for (const r of msg.routes) touched.set(routeKey(r.modid, r.cmdid), r);
      return this.push([...touched.values()].filter((r) => !sameHosts(before.hosts(r.modid, r.cmdid), r.hosts)), msg.seenAt);
    }
    // A delta means nothing without the table it applies to (see dnsServerActor).
    if (!this.loaded) return 0;
    if (msg.version <= before.version) return 0; // stale or repeated delta
    this.snapshot = before.withChanges(msg.version, msg.changes);
    return this.push(msg.changes, msg.seenAt);
  }

  private push(changes: readonly KeyRoute[], seenAt: number): number {
    let pushedKeys = 0;
    for (const change of changes) {
      const subscribers = this.subs.subscribers(change.modid, change.cmdid);
      if (subscribers === undefined || subscribers.size === 0) continue;
      const frame = encodeRouteResponse(change.modid, change.cmdid, change.hosts);
      for (const conn of subscribers) {
        if (conn.sendFrame(frame)) this.stats.pushes++;
      }
      pushedKeys++;
    }
    if (pushedKeys > 0) {
      this.stats.pushedKeys += pushedKeys;
      this.pushLagMs.observe(Math.max(0, this.now() - seenAt));
    }
    return pushedKeys;
  }
}
