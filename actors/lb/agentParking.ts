/**
 * Requests for keys whose route has not arrived yet, waiting for
 * applyRoute or for pull_wait_ms, whichever comes first. Bounded per key and
 * in total so a flood of first requests (or a DNS outage) cannot grow memory;
 * the caller decides what an overflow means (the agent answers it at once).
 */
import type { Clock } from '../../runtime/mailbox/clock.js';

export interface ParkingLimits {
  /** How long a request may wait for its key's route. */
  waitMs: number;
  maxPerKey: number;
  maxTotal: number;
}

interface ParkedKey<T> {
  readonly modid: number;
  readonly cmdid: number;
  readonly waiters: T[];
  timer: unknown;
}

export type ParkingExpiry<T> = (modid: number, cmdid: number, waiters: T[]) => void;

export class AgentParking<T> {
  private readonly keys = new Map<string, ParkedKey<T>>();
  private total = 0;

  constructor(
    private readonly clock: Clock,
    private readonly limits: ParkingLimits,
    private readonly onExpire: ParkingExpiry<T>,
  ) {}

  /** Requests waiting now, over all keys. */
  get size(): number {
    return this.total;
  }

  /**
   * Park one request; false when a bound is hit (nothing parked). The key's
   * timer starts with its first waiter, so no request waits longer than waitMs.
   */
  park(modid: number, cmdid: number, waiter: T): boolean {
    if (this.total >= this.limits.maxTotal) return false;
    const id = keyId(modid, cmdid);
    let key = this.keys.get(id);
    if (key === undefined) {
      const created: ParkedKey<T> = { modid, cmdid, waiters: [], timer: undefined };
      created.timer = this.clock.setTimeout(() => this.expire(id, created), this.limits.waitMs);
      this.keys.set(id, created);
      key = created;
    } else if (key.waiters.length >= this.limits.maxPerKey) {
      return false;
    }
    key.waiters.push(waiter);
    this.total++;
    return true;
  }

  /** Remove and return the key's waiters (its route arrived); undefined when none wait. */
  take(modid: number, cmdid: number): T[] | undefined {
    const id = keyId(modid, cmdid);
    const key = this.keys.get(id);
    if (key === undefined) return undefined;
    this.clock.clearTimeout(key.timer);
    this.forget(id, key);
    return key.waiters;
  }

  /** Drop every waiter without answering (the socket is closing). */
  clear(): number {
    const dropped = this.total;
    for (const key of this.keys.values()) this.clock.clearTimeout(key.timer);
    this.keys.clear();
    this.total = 0;
    return dropped;
  }

  private expire(id: string, key: ParkedKey<T>): void {
    // A take() followed by a new park() makes a new entry; only expire our own.
    if (this.keys.get(id) !== key) return;
    this.forget(id, key);
    this.onExpire(key.modid, key.cmdid, key.waiters);
  }

  private forget(id: string, key: ParkedKey<T>): void {
    this.keys.delete(id);
    this.total -= key.waiters.length;
  }
}

const keyId = (modid: number, cmdid: number): string => `${modid}:${cmdid}`;
