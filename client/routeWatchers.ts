/**
 * `watch` listeners of the embedded client, per key. A listener is called
 * with the key's hosts whenever DNS changes them (a push, or a reply to a
 * re-pull that differs), including the empty list when the last host is
 * deleted. A listener that throws is counted and reported through
 * `onListenerError`; it never breaks the client or the other listeners.
 */
import type { RouteHost } from './types.js';

export type RouteListener = (hosts: RouteHost[]) => void;

interface Subscription {
  readonly listener: RouteListener;
}

export class RouteWatchers {
  private readonly byKey = new Map<string, Set<Subscription>>();
  listenerErrors = 0;

  constructor(private readonly onListenerError: (err: unknown) => void) {}

  /** Keys with at least one listener. */
  get keys(): number {
    return this.byKey.size;
  }

  watching(modid: number, cmdid: number): boolean {
    return this.byKey.size > 0 && this.byKey.has(keyOf(modid, cmdid));
  }

  /**
   * Returns the unsubscribe function (idempotent). `current`: the key's
   * hosts when it already has a route; the listener gets them in a
   * microtask, unless unsubscribed first.
   */
  add(modid: number, cmdid: number, listener: RouteListener, current?: readonly RouteHost[]): () => void {
    const key = keyOf(modid, cmdid);
    let subs = this.byKey.get(key);
    if (subs === undefined) {
      subs = new Set();
      this.byKey.set(key, subs);
    }
    const sub: Subscription = { listener };
    subs.add(sub);
    if (current !== undefined) {
      queueMicrotask(() => {
        if (this.byKey.get(key)?.has(sub) === true) this.call(listener, current);
      });
    }
    return () => {
      const now = this.byKey.get(key);
      if (now === undefined || !now.delete(sub)) return;
      if (now.size === 0) this.byKey.delete(key);
    };
  }

  /** Call each listener of the key with its own copy of `hosts`. */
  notify(modid: number, cmdid: number, hosts: readonly RouteHost[]): void {
    const subs = this.byKey.get(keyOf(modid, cmdid));
    if (subs === undefined) return;
    for (const sub of [...subs]) this.call(sub.listener, hosts);
  }

  private call(listener: RouteListener, hosts: readonly RouteHost[]): void {
    try {
      listener(hosts.map((h) => ({ ...h })));
    } catch (err) {
      this.listenerErrors++;
      this.onListenerError(err);
    }
  }

  clear(): void {
    this.byKey.clear();
  }
}

const keyOf = (modid: number, cmdid: number): string => `${modid}:${cmdid}`;
