/**
 * The DNS service's network side, free of the actor runtime: a TCP listener
 * answering GetRouteRequest from the current snapshot, recording each asker
 * as a subscriber of the key, and pushing every change of a subscribed key
 * (deletions included, as an empty host list) to every connected subscriber.
 *
 * A subscriber that does not read is cut by the reactor once its output
 * passes max_out_bytes, so it never delays the pushes to the others.
 *
 * Bounded: subscriptions to keys with a route per connection, per remote
 * address and in total (past a bound the request is answered but not
 * subscribed, counted), those to keys without one in a small table of their
 * own evicted oldest first (subscriptions.ts); connections that send no
 * frame within handshake_timeout_ms are closed; no frame passes the wire
 * limit (an oversized key is served cut, counted, logged once per change of
 * the key, and named in `warning`: a data problem of one key, shown on
 * /healthz without failing it, since every replica serves the same table and
 * a load balancer would take them all out at once).
 */
import { lars } from '../../proto/generated/lars.js';
import { decodeBody, MsgRouter } from '../../runtime/reactor/msgRouter.js';
import type { TcpConnection } from '../../runtime/reactor/tcpConnection.js';
import { TcpServer } from '../../runtime/reactor/tcpServer.js';
import { BucketHistogram } from '../../runtime/stats/bucketHistogram.js';
import type { KeyRoute, RoutesMessage } from './dnsProtocol.js';
import { routeKey } from './routeKey.js';
import { sameAddresses } from '../../proto/hostWeight.js';
import { sameRules } from '../../proto/routeResponse.js';
import { RouteSnapshot } from './routeSnapshot.js';
import { Subscriptions } from './subscriptions.js';
import type { Scheduler } from '../../runtime/reactor/backoff.js';
import { MAX_BODY_LEN } from '../../runtime/reactor/frame.js';
import type { LineLog } from '../../runtime/log/logLine.js';
import { logConnections } from '../../runtime/reactor/connectionLog.js';
import type { RegistrationDesk } from './registrationDesk.js';

export interface DnsServiceOptions {
  ip: string;
  port: number;
  maxConn: number;
  maxOutBytes: number;
  /** Per connection; default unbounded. */
  maxSubscriptionsPerConn?: number;
  /** Over all connections; default unbounded. */
  maxSubscriptions?: number;
  /** Over all connections from one remote address; default unbounded. */
  maxSubscriptionsPerIp?: number;
  /** The table of subscriptions to keys with no route (subscriptions.ts): in all, per connection, per address; default unbounded. */
  maxWaitingSubscriptions?: number;
  maxWaitingSubscriptionsPerConn?: number;
  maxWaitingSubscriptionsPerIp?: number;
  /** 0 or absent: no deadline for the first frame. */
  handshakeTimeoutMs?: number;
  /** Silent connections per remote address kept past the deadline (idle agents); default 0. */
  handshakeQuietPerIp?: number;
  scheduler?: Scheduler;
  now?: () => number;
  onHandlerError?: (err: unknown) => void;
  log?: LineLog;
  /** Registration (ids 16 and 18); absent: those ids are unknown here, as on the original. */
  registrations?: RegistrationDesk;
}

export interface DnsServiceStats {
  getRoute: number;
  pushes: number;
  pushedKeys: number;
  /** GetRouteRequests answered but not subscribed: the connection's bound was reached. */
  subscriptionsRefusedConn: number;
  /** Same, for the bound per remote address. */
  subscriptionsRefusedPeer: number;
  /** Same, for the bound over all connections. */
  subscriptionsRefusedTotal: number;
  /** Replies and pushes of a key cut to fit the wire limit. */
  oversizedSent: number;
}

export class DnsService {
  readonly server: TcpServer;
  readonly pushLagMs = new BucketHistogram();
  readonly stats: DnsServiceStats = { getRoute: 0, pushes: 0, pushedKeys: 0, subscriptionsRefusedConn: 0, subscriptionsRefusedPeer: 0, subscriptionsRefusedTotal: 0, oversizedSent: 0 };
  private snapshot = RouteSnapshot.empty();
  private readonly subs: Subscriptions<TcpConnection>;
  private readonly now: () => number;
  private listening = false;
  /** Oversized keys already logged, with the sizes logged: a key logs again when its hosts change. */
  private readonly loggedOversized = new Map<string, { modid: number; cmdid: number; sizes: string }>();

  constructor(private readonly opts: DnsServiceOptions) {
    this.now = opts.now ?? Date.now;
    this.subs = new Subscriptions<TcpConnection>({
      limits: {
        perConn: opts.maxSubscriptionsPerConn ?? Infinity,
        perPeer: opts.maxSubscriptionsPerIp ?? Infinity,
        total: opts.maxSubscriptions ?? Infinity,
        waiting: opts.maxWaitingSubscriptions ?? Infinity,
        waitingPerConn: opts.maxWaitingSubscriptionsPerConn ?? Infinity,
        waitingPerPeer: opts.maxWaitingSubscriptionsPerIp ?? Infinity,
      },
      peerOf: (conn) => conn.remoteAddress,
      // Read at every ask and change: the snapshot is replaced on each apply.
      isRouted: (modid, cmdid) => this.snapshot.hosts(modid, cmdid).length > 0,
      now: this.now,
      ...(opts.log ? { log: opts.log } : {}),
    });
    const router = new MsgRouter<TcpConnection>();
    router.register(lars.MessageId.ID_GetRouteRequest, (conn, body, msgid) => {
      const req = decodeBody(lars.GetRouteRequest, body, msgid);
      this.stats.getRoute++;
      this.sendRoute(conn, req.modid, req.cmdid);
      const sub = this.subs.add(conn, req.modid, req.cmdid);
      if (sub === 'connLimit') this.stats.subscriptionsRefusedConn++;
      else if (sub === 'peerLimit') this.stats.subscriptionsRefusedPeer++;
      else if (sub === 'totalLimit') this.stats.subscriptionsRefusedTotal++;
    });
    this.server = new TcpServer({
      ip: opts.ip,
      port: opts.port,
      maxConn: opts.maxConn,
      maxOutBytes: opts.maxOutBytes,
      router,
      onHandlerError: opts.onHandlerError,
      ...(opts.handshakeTimeoutMs ? { handshakeTimeoutMs: opts.handshakeTimeoutMs } : {}),
      ...(opts.handshakeQuietPerIp ? { quietPerPeer: opts.handshakeQuietPerIp } : {}),
      ...(opts.scheduler ? { scheduler: opts.scheduler } : {}),
    });
    opts.registrations?.route(router);
    this.server.on('connClose', (conn) => {
      this.subs.drop(conn);
      opts.registrations?.drop(conn);
    });
    logConnections(this.server, 'agent', (line, level) => opts.log?.(line, level));
  }

  /**
   * One line naming the keys served cut to fit the wire limit, for /healthz
   * (a warning, not a failure); undefined when every key fits.
   */
  get warning(): string | undefined {
    const cut = [...this.snapshot.oversized.values()];
    if (cut.length === 0) return undefined;
    const named = cut.slice(0, 5).map((k) => `${k.modid}/${k.cmdid} (${k.kept} of ${k.total} hosts)`).join(', ');
    const more = cut.length > 5 ? ` and ${cut.length - 5} more` : '';
    return `route too large for one ${MAX_BODY_LEN}-byte response, serving the first hosts by (ip, port) that fit: ${named}${more}`;
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
      const changed = (r: KeyRoute): boolean => !sameAddresses(before.hosts(r.modid, r.cmdid), r.hosts) || !sameRules(before.rules(r.modid, r.cmdid), r.rules);
      return this.push([...touched.values()].filter(changed), msg.seenAt);
    }
    // A delta means nothing without the table it applies to (see dnsServerActor).
    if (!this.loaded) return 0;
    // Older: stale. The version held: more of it (a big change comes in parts; a full reload's fixes of edits that bumped nothing).
    if (msg.version < before.version) return 0;
    this.snapshot = before.withChanges(msg.version, msg.changes);
    return this.push(msg.changes, msg.seenAt);
  }

  private sendRoute(conn: TcpConnection, modid: number, cmdid: number): boolean {
    const sent = conn.sendFrame(this.snapshot.responseFrame(modid, cmdid));
    if (this.snapshot.isCut(modid, cmdid)) {
      this.stats.oversizedSent++;
      this.noteOversized();
    }
    return sent;
  }

  /** Logs each oversized key once per change of its size (a new snapshot of the same key logs nothing); says when one fits again. */
  private noteOversized(): void {
    const cut = this.snapshot.oversized;
    for (const [key, was] of this.loggedOversized) {
      if (cut.has(key)) continue;
      this.loggedOversized.delete(key);
      const hosts = this.snapshot.hosts(was.modid, was.cmdid).length;
      this.opts.log?.(`route ${was.modid}/${was.cmdid} fits the wire limit again (${hosts} hosts; was ${was.sizes})`);
    }
    for (const [key, k] of cut) {
      const sizes = `${k.kept} of ${k.total} hosts served`;
      if (this.loggedOversized.get(key)?.sizes === sizes) continue;
      this.loggedOversized.set(key, { modid: k.modid, cmdid: k.cmdid, sizes });
      this.opts.log?.(`route ${k.modid}/${k.cmdid} has ${k.total} hosts, too many for one ${MAX_BODY_LEN}-byte response: serving the ${k.kept} first by (ip, port)`, 'warn');
    }
  }

  private push(changes: readonly KeyRoute[], seenAt: number): number {
    let pushedKeys = 0;
    this.noteOversized();
    for (const change of changes) {
      const subscribers = this.subs.subscribers(change.modid, change.cmdid);
      if (subscribers.length === 0) continue;
      const frame = this.snapshot.responseFrame(change.modid, change.cmdid);
      const cut = this.snapshot.isCut(change.modid, change.cmdid);
      for (const conn of subscribers) {
        if (conn.sendFrame(frame)) this.stats.pushes++;
        if (cut) this.stats.oversizedSent++;
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
