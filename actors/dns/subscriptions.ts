/**
 * Who asked for which key. A connection that sent GetRouteRequest for a key
 * gets every later change of that key pushed; everything it subscribed to
 * goes when the connection closes.
 */
import { routeKey } from './routeKey.js';

export class Subscriptions<C extends object> {
  private readonly byKey = new Map<string, Set<C>>();
  private readonly byConn = new Map<C, Set<string>>();

  add(conn: C, modid: number, cmdid: number): void {
    const key = routeKey(modid, cmdid);
    let conns = this.byKey.get(key);
    if (conns === undefined) {
      conns = new Set();
      this.byKey.set(key, conns);
    }
    conns.add(conn);
    let keys = this.byConn.get(conn);
    if (keys === undefined) {
      keys = new Set();
      this.byConn.set(conn, keys);
    }
    keys.add(key);
  }

  /** Forget a connection and all it subscribed to. */
  drop(conn: C): void {
    const keys = this.byConn.get(conn);
    if (keys === undefined) return;
    this.byConn.delete(conn);
    for (const key of keys) {
      const conns = this.byKey.get(key);
      conns?.delete(conn);
      if (conns?.size === 0) this.byKey.delete(key);
    }
  }

  subscribers(modid: number, cmdid: number): ReadonlySet<C> | undefined {
    return this.byKey.get(routeKey(modid, cmdid));
  }

  get connectionCount(): number {
    return this.byConn.size;
  }

  get subscriptionCount(): number {
    let n = 0;
    for (const keys of this.byConn.values()) n += keys.size;
    return n;
  }
}
