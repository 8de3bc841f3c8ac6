/**
 * Who asked for which key. A connection that sent GetRouteRequest for a key
 * gets every later change of that key pushed; everything it subscribed to
 * goes when the connection closes.
 *
 * Two tables (issue 20 §3: seven connections asking for 300,000 unknown keys
 * each filled the one global bound, and no agent could subscribe to a real
 * key after them):
 * - routed: keys that had a route when asked for. Bounded per connection,
 *   per remote address and in total; past a bound the request is answered
 *   but not subscribed (the caller counts it). Only keys that exist take
 *   room here, so asking for keys that do not exist can never keep a
 *   subscriber of a real key from its pushes; the per-address share keeps
 *   one client asking real keys from many connections from taking it all.
 * - waiting: keys with no route, which agents ask for before hosts are
 *   added and must be told about then. A small table of its own, evicted
 *   oldest first (waitingSubscriptions.ts says why that suffices). A
 *   waiting key that gets a route moves its waiters to the routed table
 *   when its change passes (subscribers()), so from then on no flood can
 *   evict them.
 * A key that loses its route keeps its routed subscribers: it held a route
 * when they came, and its hosts usually come back.
 *
 * Most keys have one subscriber (the agent that asked; a client can ask for
 * a million keys nobody else has), so a key holds its connection itself
 * until a second one comes: a Set per key would be most of the table.
 */
import type { LineLog } from '../../runtime/log/logLine.js';
import { IntervalWarning } from './intervalWarning.js';
import { routeKey } from './routeKey.js';
import { WaitingSubscriptions, type WaitingEviction } from './waitingSubscriptions.js';

export interface SubscriptionLimits {
  /** Routed subscriptions of one connection. */
  perConn: number;
  /** Routed subscriptions of all connections from one remote address. */
  perPeer: number;
  /** Routed subscriptions in all. */
  total: number;
  /** The waiting table: in all, per connection, per remote address. */
  waiting: number;
  waitingPerConn: number;
  waitingPerPeer: number;
}

export interface SubscriptionOptions<C> {
  limits?: Partial<SubscriptionLimits>;
  /** The connection's remote address; absent: all connections share one. */
  peerOf?: (conn: C) => string;
  /** Whether the key has a route now; absent: every key has (one table, as before). */
  isRouted?: (modid: number, cmdid: number) => boolean;
  log?: LineLog;
  now?: () => number;
  warnIntervalMs?: number;
}

/**
 * `added`: new routed subscription; `waiting`: new (or refreshed) in the
 * waiting table; `known`: already subscribed; the others: refused by a
 * routed bound.
 */
export type SubscribeResult = 'added' | 'waiting' | 'known' | 'connLimit' | 'peerLimit' | 'totalLimit';

type Refusal = 'connLimit' | 'peerLimit' | 'totalLimit';

const UNBOUNDED: SubscriptionLimits = { perConn: Infinity, perPeer: Infinity, total: Infinity, waiting: Infinity, waitingPerConn: Infinity, waitingPerPeer: Infinity };

export class Subscriptions<C extends object> {
  private readonly byKey = new Map<string, C | Set<C>>();
  private readonly byConn = new Map<C, Set<string>>();
  private readonly byPeer = new Map<string, number>();
  private total = 0;
  private readonly limits: SubscriptionLimits;
  private readonly peerOf: (conn: C) => string;
  private readonly isRouted: (modid: number, cmdid: number) => boolean;
  private readonly warnings: IntervalWarning<Refusal | WaitingEviction>;
  readonly waiting: WaitingSubscriptions<C>;
  /** Waiting subscriptions moved to the routed table when their key got a route. */
  promoted = 0;

  constructor(opts: SubscriptionOptions<C> = {}) {
    this.limits = { ...UNBOUNDED, ...opts.limits };
    this.peerOf = opts.peerOf ?? (() => '');
    this.isRouted = opts.isRouted ?? (() => true);
    this.warnings = new IntervalWarning(opts.log, opts.now, opts.warnIntervalMs);
    const l = this.limits;
    this.waiting = new WaitingSubscriptions<C>({ total: l.waiting, perConn: l.waitingPerConn, perPeer: l.waitingPerPeer }, (bound, peer) => this.warnEviction(bound, peer));
  }

  add(conn: C, modid: number, cmdid: number): SubscribeResult {
    const key = routeKey(modid, cmdid);
    if (this.byConn.get(conn)?.has(key)) return 'known';
    if (!this.isRouted(modid, cmdid)) return this.waiting.ask(conn, this.peerOf(conn), key) ? 'waiting' : 'known';
    const added = this.addRouted(conn, key);
    if (added === 'added') this.waiting.remove(conn, key);
    else this.warnRefusal(added, conn);
    return added;
  }

  /** Forget a connection and all it subscribed to. */
  drop(conn: C): void {
    this.waiting.drop(conn);
    const keys = this.byConn.get(conn);
    if (keys === undefined) return;
    this.byConn.delete(conn);
    this.total -= keys.size;
    const peer = this.peerOf(conn);
    const left = (this.byPeer.get(peer) ?? 0) - keys.size;
    if (left > 0) this.byPeer.set(peer, left);
    else this.byPeer.delete(peer);
    for (const key of keys) {
      const conns = this.byKey.get(key);
      if (!(conns instanceof Set)) {
        this.byKey.delete(key);
        continue;
      }
      conns.delete(conn);
      if (conns.size === 1) this.byKey.set(key, conns.values().next().value as C);
    }
  }

  /**
   * The connections to push a change of the key to (none: empty). Every
   * change of a key passes here, so this is where a key that now has a
   * route takes its waiters into the routed table (those a routed bound
   * refuses stay waiting, and are still pushed to while they last).
   */
  subscribers(modid: number, cmdid: number): readonly C[] {
    const key = routeKey(modid, cmdid);
    if (this.waiting.hasWaiters(key) && this.isRouted(modid, cmdid)) {
      for (const conn of this.waiting.waiters(key)) {
        const added = this.addRouted(conn, key);
        if (added === 'added') {
          this.waiting.remove(conn, key);
          this.promoted++;
        } else this.warnRefusal(added, conn);
      }
    }
    const conns = this.byKey.get(key);
    const routed = conns === undefined ? [] : conns instanceof Set ? [...conns] : [conns];
    return this.waiting.hasWaiters(key) ? [...routed, ...this.waiting.waiters(key)] : routed;
  }

  /** Connections holding a subscription in either table. */
  get connectionCount(): number {
    let n = this.byConn.size;
    // Connections only waiting are few next to those routed: counted one by one.
    if (this.waiting.connectionCount > 0) for (const c of this.waiting.connections()) if (!this.byConn.has(c)) n++;
    return n;
  }

  /** Entries of the by-key indexes of both tables. */
  get keyCount(): number {
    return this.byKey.size + this.waiting.keyCount;
  }

  /** Subscriptions held in both tables. */
  get subscriptionCount(): number {
    return this.total + this.waiting.size;
  }

  get routedCount(): number {
    return this.total;
  }

  private addRouted(conn: C, key: string): 'added' | 'known' | Refusal {
    const keys = this.byConn.get(conn);
    if (keys?.has(key)) return 'known';
    if ((keys?.size ?? 0) >= this.limits.perConn) return 'connLimit';
    const peer = this.peerOf(conn);
    const ofPeer = this.byPeer.get(peer) ?? 0;
    if (ofPeer >= this.limits.perPeer) return 'peerLimit';
    if (this.total >= this.limits.total) return 'totalLimit';
    const conns = this.byKey.get(key);
    if (conns === undefined) this.byKey.set(key, conn);
    else if (conns instanceof Set) conns.add(conn);
    else this.byKey.set(key, new Set([conns, conn]));
    if (keys === undefined) this.byConn.set(conn, new Set([key]));
    else keys.add(key);
    this.byPeer.set(peer, ofPeer + 1);
    this.total++;
    return 'added';
  }

  private warnRefusal(why: 'known' | Refusal, conn: C): void {
    if (why === 'known') return;
    const peer = this.peerOf(conn);
    const l = this.limits;
    const bound =
      why === 'connLimit' ? `a connection from ${peer} holds max_subscriptions_per_conn (${l.perConn})`
      : why === 'peerLimit' ? `connections from ${peer} hold max_subscriptions_per_ip (${l.perPeer})`
      : `the table holds max_subscriptions (${l.total})`;
    this.warnings.hit(why, (n) => `subscription bound reached: ${bound}; GetRoute past it is answered but not subscribed, so that agent gets no pushes for the key (${n} refused since the last such line; /metrics subscriptions_refused_*)`);
  }

  private warnEviction(bound: WaitingEviction, peer: string): void {
    const l = this.limits;
    const what =
      bound === 'conn' ? `a connection from ${peer} holds max_waiting_subscriptions_per_conn (${l.waitingPerConn}): its oldest`
      : bound === 'peer' ? `connections from ${peer} hold max_waiting_subscriptions_per_ip (${l.waitingPerPeer}): their oldest`
      : `the table holds max_waiting_subscriptions (${l.waiting}): the oldest of all`;
    this.warnings.hit(bound, (n) => `waiting subscriptions (keys with no route) full: ${what} evicted for a new one (${n} since the last such line; /metrics waiting_evicted_*)`);
  }
}
