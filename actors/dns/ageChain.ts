/**
 * A doubly linked list threaded through the entries themselves, oldest
 * first: the waiting-subscription table keeps every entry on three of them
 * at once (the whole table, its connection, its remote address) and must
 * find and unlink the oldest of any in O(1). A Map or Set used as a queue
 * (delete the first, add at the end) looks O(1) but rescans the holes its
 * deletions leave at the front: 2,000,000 such turns over 200,000 entries
 * took 147 s on node 22 (2026-12-07, node-svc 2-core VM).
 */
export type ChainName = 'All' | 'Conn' | 'Peer';

export interface ChainLinks<E> {
  prevAll: E | undefined;
  nextAll: E | undefined;
  prevConn: E | undefined;
  nextConn: E | undefined;
  prevPeer: E | undefined;
  nextPeer: E | undefined;
}

export class AgeChain<E extends ChainLinks<E>> {
  private head: E | undefined;
  private tail: E | undefined;
  private count = 0;
  private readonly prev: `prev${ChainName}`;
  private readonly next: `next${ChainName}`;

  constructor(name: ChainName) {
    this.prev = `prev${name}`;
    this.next = `next${name}`;
  }

  get size(): number {
    return this.count;
  }

  get oldest(): E | undefined {
    return this.head;
  }

  /** Appends as the newest; the entry must not be on this chain. */
  push(e: E): void {
    e[this.prev] = this.tail;
    e[this.next] = undefined;
    if (this.tail === undefined) this.head = e;
    else this.tail[this.next] = e;
    this.tail = e;
    this.count++;
  }

  /** Unlinks an entry that is on this chain. */
  remove(e: E): void {
    const before = e[this.prev];
    const after = e[this.next];
    if (before === undefined) this.head = after;
    else before[this.next] = after;
    if (after === undefined) this.tail = before;
    else after[this.prev] = before;
    e[this.prev] = undefined;
    e[this.next] = undefined;
    this.count--;
  }

  /** Makes an entry on this chain the newest. */
  touch(e: E): void {
    if (this.tail === e) return;
    this.remove(e);
    this.push(e);
  }
}
