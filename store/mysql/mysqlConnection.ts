/**
 * The mysql2 pools behind a MySQL store, and the one way code here borrows a
 * connection.
 *
 * Nodes: the URL may list several hosts (a Galera cluster). Connections come
 * from the current node while it is ready (nodeReadiness.ts, asked on every
 * borrow); a node that refuses, fails or is not ready makes the borrow move
 * on to the next host, which becomes current. A plain server is ready when
 * it answers, so one host or a list of plain servers works as before.
 *
 * A connection whose query failed at the connection level (lost, timed out,
 * server gone, node left the primary component) is destroyed rather than
 * returned, so a pool never hands out a wedged socket; with `retryStale` the
 * work is run again on a fresh connection, on whichever node is ready then.
 *
 * Deadlines (queryDeadline.ts): a query fails once its server has sent
 * nothing for `queryTimeoutMs`, a connect after `connectTimeoutMs`. A node
 * that missed a deadline is hung, not merely stale (a stopped process or a
 * host without power answers nothing and resets nothing): the next try of
 * the call starts on the next host, and the hung node is asked last.
 *
 * Conflicts (deadlock, lock wait timeout, a Galera certification or
 * brute-force abort) are not outages: the work is run again on the same
 * connection after a short jittered backoff, counted in `counters.conflicts`.
 * Every store method is idempotent per call (edits check before they write,
 * status upserts are ts-guarded), so re-running one is safe.
 */
import mysql from 'mysql2/promise';
import type { Pool, PoolConnection, ResultSetHeader } from 'mysql2/promise';
import { hostLabel, type MysqlHost, type MysqlUrl } from '../storeUrl.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_QUERY_TIMEOUT_MS, type StoreCounters, type StoreOptions } from '../store.js';
import { StoreError } from '../storeError.js';
import { backoffDelay } from '../../runtime/reactor/backoff.js';
import { errorLine } from '../../runtime/errors.js';
import { mysqlStoreError } from './mysqlErrors.js';
import { notReadyReason } from './nodeReadiness.js';
import { destroyHard, missedDeadline, timedQuery, type Param } from './queryDeadline.js';

export type Row = Record<string, unknown>;
export type { Param };

/** What code inside a borrowed connection may do. */
export interface MysqlSession {
  rows(sql: string, params?: readonly Param[]): Promise<Row[]>;
  run(sql: string, params?: readonly Param[]): Promise<ResultSetHeader>;
}

const CONFLICT_RETRIES = 30;
const CONFLICT_BACKOFF = { minMs: 4, maxMs: 200 };

export class MysqlConnection {
  readonly counters: StoreCounters = { conflicts: 0, failovers: 0 };
  private readonly pools: (Pool | undefined)[];
  private current = 0;
  /** A node that missed a deadline: borrows try it last until one of its connections works again. */
  private hung: number | undefined;
  private readonly queryTimeoutMs: number;
  private closed = false;
  /** Borrowed now: close() cuts them, since a pool's end() waits behind a query its hung server never answers. */
  private readonly inUse = new Set<PoolConnection>();

  constructor(private readonly url: MysqlUrl, private readonly options: StoreOptions, private readonly withDatabase = true) {
    this.queryTimeoutMs = options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
    this.pools = url.hosts.map(() => undefined);
  }

  /** The node connections come from now (for logs and tests). */
  get currentHost(): MysqlHost {
    return this.url.hosts[this.current] as MysqlHost;
  }

  /** Run `fn` on one connection; `retryStale`: after a connection-level failure, run it again on a fresh one (any ready node). */
  async with<T>(what: string, fn: (s: MysqlSession) => Promise<T>, retryStale = false): Promise<T> {
    // One more try than hosts: a stale pooled socket on a live node costs one.
    const tries = retryStale ? this.url.hosts.length + 1 : 1;
    let last: StaleConnectionError | undefined;
    for (let i = 0; i < tries; i++) {
      try {
        return await this.attempt(what, fn);
      } catch (err) {
        if (!(err instanceof StaleConnectionError)) throw err;
        last = err;
      }
    }
    throw (last as StaleConnectionError).storeError;
  }

  /**
   * Run `fn` in a transaction; committed when it resolves, rolled back when it
   * throws. Re-run whole on a conflict, and on a fresh connection when the
   * connection failed (callers' transactions are idempotent, see above).
   */
  async transaction<T>(what: string, fn: (s: MysqlSession) => Promise<T>): Promise<T> {
    return this.with(
      what,
      async (s) => {
        await s.run('START TRANSACTION');
        let result: T;
        try {
          result = await fn(s);
        } catch (err) {
          // A failed rollback marks the connection broken (destroyed, so the server aborts the transaction); the first error is the one to report.
          await s.run('ROLLBACK').catch(() => undefined);
          throw err;
        }
        await s.run('COMMIT');
        return result;
      },
      true,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const conn of this.inUse) destroyHard(conn);
    await Promise.all(this.pools.map((p) => p?.end().catch(() => undefined)));
  }

  private pool(index: number): Pool {
    let pool = this.pools[index];
    if (pool === undefined) {
      const { host, port } = this.url.hosts[index] as MysqlHost;
      pool = mysql.createPool({
        host,
        port,
        user: this.url.user,
        password: this.url.password,
        ...(this.withDatabase ? { database: this.url.database } : {}),
        connectionLimit: this.options.poolSize ?? 4,
        maxIdle: this.options.poolSize ?? 4,
        idleTimeout: 60_000,
        waitForConnections: true,
        queueLimit: 0,
        connectTimeout: this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        enableKeepAlive: true,
        keepAliveInitialDelay: 10_000,
        supportBigNumbers: true,
        multipleStatements: false,
      });
      // An idle pooled connection that dies emits 'error' on the pool's connection; mysql2 drops it from the pool.
      pool.on('connection', (conn) => conn.on('error', () => undefined));
      this.pools[index] = pool;
    }
    return pool;
  }

  /** A connection on a ready node, starting with the current one (or the next, when the current one is hung). */
  private async borrow(what: string): Promise<{ conn: PoolConnection; index: number }> {
    const n = this.url.hosts.length;
    const reasons: string[] = [];
    let last: StoreError | undefined;
    const first = this.hung === this.current ? this.current + 1 : this.current;
    for (let i = 0; i < n; i++) {
      const index = (first + i) % n;
      const label = hostLabel(this.url.hosts[index] as MysqlHost);
      // A second chance on the same node when the first connection was a stale pooled socket.
      for (let fresh = 0; fresh < 2; fresh++) {
        let conn: PoolConnection;
        try {
          conn = await this.pool(index).getConnection();
        } catch (err) {
          const e = mysqlStoreError(err, what);
          // Access denied, missing database: every node would say the same.
          if (e.code !== 'STORE_UNAVAILABLE') throw e;
          last = e;
          reasons.push(`${label}: ${errorLine(err)}`);
          break;
        }
        let why: string | undefined;
        let stale = false;
        try {
          why = await notReadyReason(conn.connection, (sql) => timedQuery<Row[]>(conn, sql, [], this.queryTimeoutMs));
        } catch (err) {
          const e = mysqlStoreError(err, what);
          why = `readiness check failed: ${errorLine(err)}`;
          // A stale pooled socket earns a fresh connection to the same node; a hung node does not.
          stale = e.code === 'STORE_UNAVAILABLE' && !missedDeadline(err);
        }
        if (why === undefined) {
          if (this.hung === index) this.hung = undefined;
          this.settleOn(index, reasons);
          return { conn, index };
        }
        destroyHard(conn);
        if (stale && fresh === 0) continue;
        last = new StoreError('STORE_UNAVAILABLE', `mysql ${what}: ${label} ${why}`);
        reasons.push(`${label}: ${why}`);
        break;
      }
    }
    if (n === 1 && last !== undefined) throw last;
    throw new StoreError('STORE_UNAVAILABLE', `mysql ${what}: no ready node (${reasons.join('; ')})`);
  }

  private settleOn(index: number, reasons: readonly string[]): void {
    if (index === this.current) return;
    const from = this.current;
    this.current = index;
    this.counters.failovers++;
    this.options.log?.(`store: now on ${hostLabel(this.url.hosts[index] as MysqlHost)} (${reasons.join('; ')})`, 'warn');
    // Connections to the node we left may sit on a partitioned server: drop them rather than reuse them later.
    const old = this.pools[from];
    this.pools[from] = undefined;
    void old?.end().catch(() => undefined);
  }

  private async attempt<T>(what: string, fn: (s: MysqlSession) => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreError('STORE_CLOSED', `mysql ${what}: store is closed`);
    const { conn, index } = await this.borrow(what);
    if (this.closed) {
      destroyHard(conn);
      throw new StoreError('STORE_CLOSED', `mysql ${what}: store is closed`);
    }
    this.inUse.add(conn);
    let broken = false;
    const query = async <R>(sql: string, params: readonly Param[]): Promise<R> => {
      try {
        return await timedQuery<R>(conn, sql, params, this.queryTimeoutMs);
      } catch (err) {
        const storeError = mysqlStoreError(err, what);
        if (storeError.code === 'STORE_UNAVAILABLE') {
          broken = true;
          if (missedDeadline(err) && this.url.hosts.length > 1) this.hung = index;
          throw new StaleConnectionError(storeError);
        }
        throw storeError;
      }
    };
    const session: MysqlSession = {
      rows: (sql, params = []) => query<Row[]>(sql, params),
      run: (sql, params = []) => query<ResultSetHeader>(sql, params),
    };
    try {
      for (let conflicts = 0; ; conflicts++) {
        try {
          return await fn(session);
        } catch (err) {
          if (!(err instanceof StoreError && err.code === 'STORE_CONFLICT')) throw err;
          this.counters.conflicts++;
          if (conflicts >= CONFLICT_RETRIES) throw err;
          await sleep(backoffDelay(conflicts, { ...CONFLICT_BACKOFF, ...(this.options.random ? { random: this.options.random } : {}) }));
        }
      }
    } finally {
      this.inUse.delete(conn);
      if (broken || this.closed) destroyHard(conn);
      else conn.release();
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A connection-level failure inside `attempt`; unwrapped to its StoreError before leaving this module. */
class StaleConnectionError extends Error {
  constructor(readonly storeError: StoreError) {
    super(storeError.message);
  }
}
