/**
 * Who asked for which key. A connection that sent GetRouteRequest for a key
 * gets every later change of that key pushed; everything it subscribed to
 * goes when the connection closes.
 *
 * Bounded per connection and in total: past a bound the request is still
 * answered, but no longer subscribed (the caller counts it). Keys that do not
 * exist yet stay subscribable within the bounds: an agent must learn when
 * they are added.
 *
 * Most keys have one subscriber (the agent that asked; a client can ask for
 * a million keys nobody else has), so a key holds its connection itself
 * until a second one comes: a Set per key would be most of the table.
 */
import { routeKey } from './routeKey.js';

export interface SubscriptionLimits {
  perConn: number;
  total: number;
}

/** `added`: new subscription; `known`: already subscribed; the others: refused by a bound. */
export type SubscribeResult = 'added' | 'known' | 'connLimit' | 'totalLimit';

export class Subscriptions<C extends object> {
  private readonly byKey = new Map<string, C | Set<C>>();
  private readonly byConn = new Map<C, Set<string>>();
  private total = 0;

  constructor(private readonly limits: SubscriptionLimits = { perConn: Infinity, total: Infinity }) {}

  add(conn: C, modid: number, cmdid: number): SubscribeResult {
    const key = routeKey(modid, cmdid);
    const keys = this.byConn.get(conn);
    if (keys?.has(key)) return 'known';
    if ((keys?.size ?? 0) >= this.limits.perConn) return 'connLimit';
    if (this.total >= this.limits.total) return 'totalLimit';
    const conns = this.byKey.get(key);
    if (conns === undefined) this.byKey.set(key, conn);
    else if (conns instanceof Set) conns.add(conn);
    else this.byKey.set(key, new Set([conns, conn]));
    if (keys === undefined) this.byConn.set(conn, new Set([key]));
    else keys.add(key);
    this.total++;
    return 'added';
  }

  /** Forget a connection and all it subscribed to. */
  drop(conn: C): void {
    const keys = this.byConn.get(conn);
    if (keys === undefined) return;
    this.byConn.delete(conn);
    this.total -= keys.size;
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

  /** The connections subscribed to the key (none: empty). */
  subscribers(modid: number, cmdid: number): readonly C[] {
    const conns = this.byKey.get(routeKey(modid, cmdid));
    if (conns === undefined) return [];
    return conns instanceof Set ? [...conns] : [conns];
  }

  get connectionCount(): number {
    return this.byConn.size;
  }

  /** Distinct keys somebody is subscribed to (entries of the by-key index). */
  get keyCount(): number {
    return this.byKey.size;
  }

  get subscriptionCount(): number {
    return this.total;
  }
}
