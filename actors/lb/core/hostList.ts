/**
 * Insertion-ordered host list with O(1) rotate, append and removal. It is a
 * circular doubly linked list threaded through the hosts themselves, so the
 * hot path never allocates and never shifts an array; "front to back"
 * rotation is just moving the head pointer.
 */
import type { HostInfo } from './hostInfo.js';

export class HostList {
  private head: HostInfo | null = null;
  private count = 0;

  get size(): number {
    return this.count;
  }

  get front(): HostInfo | null {
    return this.head;
  }

  pushBack(h: HostInfo): void {
    const head = this.head;
    if (head === null) {
      h.prev = h;
      h.next = h;
      this.head = h;
    } else {
      const tail = head.prev as HostInfo;
      tail.next = h;
      h.prev = tail;
      h.next = head;
      head.prev = h;
    }
    this.count++;
  }

  /** The caller guarantees `h` is on this list (its `overload` flag says which). */
  remove(h: HostInfo): void {
    if (h.next === h) {
      this.head = null;
    } else {
      const prev = h.prev as HostInfo;
      const next = h.next as HostInfo;
      prev.next = next;
      next.prev = prev;
      if (this.head === h) this.head = next;
    }
    h.prev = null;
    h.next = null;
    this.count--;
  }

  /** Take the front host and move it to the back; null when empty. */
  rotate(): HostInfo | null {
    const h = this.head;
    if (h !== null) this.head = h.next;
    return h;
  }

  /** Front to back; the callback must not modify this list. */
  forEach(fn: (h: HostInfo) => void): void {
    let h = this.head;
    for (let i = 0; i < this.count; i++) {
      const cur = h as HostInfo;
      h = cur.next;
      fn(cur);
    }
  }

  toArray(): HostInfo[] {
    const out: HostInfo[] = [];
    this.forEach((h) => out.push(h));
    return out;
  }
}
