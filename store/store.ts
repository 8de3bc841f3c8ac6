/** A store opened from a URL serves both interfaces over one connection pool / file. */
import type { RouteStore } from './routeStore.js';
import type { StatusStore } from './statusStore.js';
import type { HistoryStore } from './historyStore.js';
import type { HistoryLeaseStore } from './historyLease.js';
import type { LeaseStore } from './leaseStore.js';
import type { KeyNameStore } from './keyNameStore.js';
import type { RouteRuleStore } from './routeRuleStore.js';
import type { LineLog } from '../runtime/log/logLine.js';

export interface Store extends RouteStore, StatusStore, HistoryStore, HistoryLeaseStore, LeaseStore, KeyNameStore, RouteRuleStore {
  readonly backend: 'mysql' | 'sqlite';
  /** The URL it was opened with, password removed: safe for logs. */
  readonly displayUrl: string;
  /** What the store absorbed on its own (only ever grows). */
  readonly counters: Readonly<StoreCounters>;
}

export interface StoreCounters {
  /** Transactions that lost a race (deadlock, lock wait, Galera certification) and were run again. */
  conflicts: number;
  /** Times the store moved to another host of its URL's list. */
  failovers: number;
}

/**
 * MySQL deadlines: short enough that a hung node (no reset: a stopped
 * process, a host without power) is left for the next host of the list well
 * before a replica decides to step aside (5 s by default).
 */
export const DEFAULT_QUERY_TIMEOUT_MS = 3000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 2000;

export interface StoreOptions {
  /** Clock for RouteChange.created_at_ms (epoch ms); tests pass a fake one. */
  now?: () => number;
  /**
   * Registration leases on this clock (epoch ms) instead of the database's
   * (MySQL's NOW(3); SQLite has none and uses the process's): tests move it by hand.
   */
  leaseClock?: () => number;
  /** MySQL: pooled connections (default 4). */
  poolSize?: number;
  /**
   * MySQL: a query fails once the server has sent nothing for this long, ms (default 3000); its
   * connection is destroyed, not reused, and the call's next try goes to another host of the list.
   */
  queryTimeoutMs?: number;
  /** MySQL: connect (TCP and handshake) timeout in ms (default 2000). */
  connectTimeoutMs?: number;
  /** SQLite: create the file when missing (default true); when false a missing file is STORE_NO_SCHEMA. */
  createIfMissing?: boolean;
  /** SQLite: how long to wait on a lock held by another connection, ms (default 5000). */
  busyTimeoutMs?: number;
  /** MySQL: told when the store moves to another host of its list. */
  log?: LineLog;
  /** Jitter source for conflict retries (tests). */
  random?: () => number;
}
