/**
 * Subscriptions to keys that have no route yet. Agents ask for a key before
 * its hosts exist and expect a push when they are added (the original Lars
 * does this, and so do our agents), so these must be kept; but anybody can
 * ask for any number of keys that do not exist, and before this table such
 * asks filled the one global bound and no agent could subscribe to a real
 * key any more (issue 20 §3). So they live here, apart, in a small table
 * where nothing is ever refused: at a bound the oldest entry under that
 * bound goes (its connection's share, its remote address's share, then the
 * whole table's), and asking again makes an entry the newest.
 *
 * Why oldest-first is enough for agents: an agent asks again for every key
 * it holds without a route every update_timeout (15 s by default, as the
 * original does), so a live agent's entry is never older than that; to
 * evict it a flood must bring more than the whole table of newer asks
 * within those seconds, from more addresses than table / per-address
 * share. And an agent whose entry was evicted anyway learns the route from
 * the answer to its next ask, up to update_timeout late, instead of by push.
 */
import { AgeChain, type ChainLinks } from './ageChain.js';

export interface WaitingLimits {
  total: number;
  perConn: number;
  perPeer: number;
}

/** Which bound made room for a new entry: its connection's, its address's, or the table's. */
export type WaitingEviction = 'conn' | 'peer' | 'table';

interface Entry<C> extends ChainLinks<Entry<C>> {
  readonly conn: C;
  readonly key: string;
  readonly peer: string;
}

interface ConnEntries<C> {
  readonly byKey: Map<string, Entry<C>>;
  readonly chain: AgeChain<Entry<C>>;
}

export class WaitingSubscriptions<C extends object> {
  private readonly all = new AgeChain<Entry<C>>('All');
  private readonly byConn = new Map<C, ConnEntries<C>>();
  private readonly byPeer = new Map<string, AgeChain<Entry<C>>>();
  /** A lone entry holds the key itself; a Set only once several wait (most waiting keys have one). */
  private readonly byKey = new Map<string, Entry<C> | Set<Entry<C>>>();
  readonly evicted: Record<WaitingEviction, number> = { conn: 0, peer: 0, table: 0 };

  constructor(
    private readonly limits: WaitingLimits,
    /** Told after each eviction, with the peer whose ask needed the room. */
    private readonly onEvict?: (bound: WaitingEviction, peer: string) => void,
  ) {}

  /** Records (or refreshes) that `conn` waits for `key`; `true` when it is new. */
  ask(conn: C, peer: string, key: string): boolean {
    const mine = this.byConn.get(conn);
    const held = mine?.byKey.get(key);
    if (held !== undefined) {
      this.touch(held);
      return false;
    }
    this.makeRoom(mine, peer);
    this.insert(conn, peer, key);
    return true;
  }

  has(conn: C, key: string): boolean {
    return this.byConn.get(conn)?.byKey.has(key) ?? false;
  }

  /** The connections waiting for the key. */
  waiters(key: string): C[] {
    const held = this.byKey.get(key);
    if (held === undefined) return [];
    return held instanceof Set ? [...held].map((e) => e.conn) : [held.conn];
  }

  hasWaiters(key: string): boolean {
    return this.byKey.has(key);
  }

  /** Forgets one entry (the key got a route and the subscription moved to the routed table). */
  remove(conn: C, key: string): void {
    const e = this.byConn.get(conn)?.byKey.get(key);
    if (e !== undefined) this.unlink(e);
  }

  /** Forgets everything a connection waited for. */
  drop(conn: C): void {
    const mine = this.byConn.get(conn);
    if (mine === undefined) return;
    for (const e of [...mine.byKey.values()]) this.unlink(e);
  }

  get size(): number {
    return this.all.size;
  }

  get keyCount(): number {
    return this.byKey.size;
  }

  get connectionCount(): number {
    return this.byConn.size;
  }

  connections(): IterableIterator<C> {
    return this.byConn.keys();
  }

  private makeRoom(mine: ConnEntries<C> | undefined, peer: string): void {
    const peerChain = this.byPeer.get(peer);
    let victim: Entry<C> | undefined;
    let bound: WaitingEviction;
    if (mine !== undefined && mine.chain.size >= this.limits.perConn) {
      victim = mine.chain.oldest;
      bound = 'conn';
    } else if (peerChain !== undefined && peerChain.size >= this.limits.perPeer) {
      victim = peerChain.oldest;
      bound = 'peer';
    } else if (this.all.size >= this.limits.total) {
      victim = this.all.oldest;
      bound = 'table';
    } else return;
    if (victim === undefined) return;
    this.unlink(victim);
    this.evicted[bound]++;
    this.onEvict?.(bound, peer);
  }

  private insert(conn: C, peer: string, key: string): void {
    const e: Entry<C> = { conn, key, peer, prevAll: undefined, nextAll: undefined, prevConn: undefined, nextConn: undefined, prevPeer: undefined, nextPeer: undefined };
    // Looked up again: makeRoom may have emptied and dropped this connection's record.
    let entries = this.byConn.get(conn);
    if (entries === undefined) {
      entries = { byKey: new Map(), chain: new AgeChain('Conn') };
      this.byConn.set(conn, entries);
    }
    entries.byKey.set(key, e);
    entries.chain.push(e);
    let peerChain = this.byPeer.get(peer);
    if (peerChain === undefined) {
      peerChain = new AgeChain('Peer');
      this.byPeer.set(peer, peerChain);
    }
    peerChain.push(e);
    this.all.push(e);
    const others = this.byKey.get(key);
    if (others === undefined) this.byKey.set(key, e);
    else if (others instanceof Set) others.add(e);
    else this.byKey.set(key, new Set([others, e]));
  }

  private touch(e: Entry<C>): void {
    this.all.touch(e);
    this.byConn.get(e.conn)?.chain.touch(e);
    this.byPeer.get(e.peer)?.touch(e);
  }

  private unlink(e: Entry<C>): void {
    this.all.remove(e);
    const mine = this.byConn.get(e.conn);
    if (mine !== undefined) {
      mine.chain.remove(e);
      mine.byKey.delete(e.key);
      if (mine.chain.size === 0) this.byConn.delete(e.conn);
    }
    const peerChain = this.byPeer.get(e.peer);
    if (peerChain !== undefined) {
      peerChain.remove(e);
      if (peerChain.size === 0) this.byPeer.delete(e.peer);
    }
    const others = this.byKey.get(e.key);
    if (others === e) this.byKey.delete(e.key);
    else if (others instanceof Set) {
      others.delete(e);
      if (others.size === 1) this.byKey.set(e.key, others.values().next().value as Entry<C>);
    }
  }
}
