/**
 * Embedded-mode calls waiting for the first route of their key: answered
 * when the route arrives or when their wait (pull_wait_ms, or the call's
 * own timeoutMs) ends, whichever is first. Bounded like the agent's parking:
 * past `maxTotal` a call is not parked and the caller answers it at once.
 *
 * A waiting call's timer holds the process open (an application awaiting
 * getHost at top level must get its answer); every other timer of the
 * client is unref'd.
 */
import type { Clock } from '../runtime/mailbox/clock.js';
import type { CallKind } from './clientStats.js';

export interface RouteWait {
  readonly kind: CallKind;
  readonly modid: number;
  readonly cmdid: number;
  /** getHost: the caller's tags, picked with once the route is in. */
  readonly tags: readonly string[] | undefined;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: Error) => void;
  timer: unknown;
}

type Due = (w: RouteWait) => void;

export class RouteWaits {
  private readonly byKey = new Map<string, RouteWait[]>();
  private total = 0;

  constructor(
    private readonly clock: Clock,
    private readonly maxTotal: number,
    private readonly onDue: Due,
  ) {}

  get size(): number {
    return this.total;
  }

  /** The call's promise, or undefined when the bound is reached (nothing parked). */
  add<T>(kind: CallKind, modid: number, cmdid: number, waitMs: number, tags?: readonly string[]): Promise<T> | undefined {
    if (this.total >= this.maxTotal) return undefined;
    return new Promise<T>((resolve, reject) => {
      const w: RouteWait = { kind, modid, cmdid, tags, resolve: resolve as (v: unknown) => void, reject, timer: undefined };
      const key = keyOf(modid, cmdid);
      const list = this.byKey.get(key);
      if (list === undefined) this.byKey.set(key, [w]);
      else list.push(w);
      this.total++;
      w.timer = this.clock.setTimeout(() => {
        if (this.remove(key, w)) this.onDue(w);
      }, waitMs);
      (w.timer as { ref?: () => void } | undefined)?.ref?.();
    });
  }

  /** The key's route arrived: its waiting calls, timers stopped. */
  take(modid: number, cmdid: number): RouteWait[] | undefined {
    if (this.total === 0) return undefined;
    const key = keyOf(modid, cmdid);
    const list = this.byKey.get(key);
    if (list === undefined) return undefined;
    this.byKey.delete(key);
    this.total -= list.length;
    for (const w of list) this.clock.clearTimeout(w.timer);
    return list;
  }

  /** Every waiting call, timers stopped (the client is closing). */
  drain(): RouteWait[] {
    const all: RouteWait[] = [];
    for (const list of this.byKey.values()) all.push(...list);
    for (const w of all) this.clock.clearTimeout(w.timer);
    this.byKey.clear();
    this.total = 0;
    return all;
  }

  private remove(key: string, w: RouteWait): boolean {
    const list = this.byKey.get(key);
    const i = list === undefined ? -1 : list.indexOf(w);
    if (list === undefined || i < 0) return false;
    list.splice(i, 1);
    if (list.length === 0) this.byKey.delete(key);
    this.total--;
    return true;
  }
}

const keyOf = (modid: number, cmdid: number): string => `${modid}:${cmdid}`;
