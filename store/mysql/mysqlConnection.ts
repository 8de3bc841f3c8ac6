/**
 * The mysql2 pool behind a MySQL store, and the one way code here borrows a
 * connection. A connection whose query failed at the connection level (lost,
 * timed out, server gone) is destroyed rather than returned, so the pool
 * never hands out a wedged socket; a read that failed that way on a reused
 * connection is retried once on a fresh one (e.g. after a server restart left
 * idle sockets dead).
 */
import mysql from 'mysql2/promise';
import type { Pool, PoolConnection, ResultSetHeader } from 'mysql2/promise';
import type { MysqlUrl } from '../storeUrl.js';
import type { StoreOptions } from '../store.js';
import { StoreError } from '../storeError.js';
import { mysqlStoreError } from './mysqlErrors.js';

export type Row = Record<string, unknown>;
export type Param = number | string | null;

/** What code inside a borrowed connection may do. */
export interface MysqlSession {
  rows(sql: string, params?: readonly Param[]): Promise<Row[]>;
  run(sql: string, params?: readonly Param[]): Promise<ResultSetHeader>;
}

export class MysqlConnection {
  private readonly pool: Pool;
  private readonly queryTimeoutMs: number;
  private closed = false;

  constructor(url: MysqlUrl, options: StoreOptions, withDatabase = true) {
    this.queryTimeoutMs = options.queryTimeoutMs ?? 15_000;
    this.pool = mysql.createPool({
      host: url.host,
      port: url.port,
      user: url.user,
      password: url.password,
      ...(withDatabase ? { database: url.database } : {}),
      connectionLimit: options.poolSize ?? 4,
      maxIdle: options.poolSize ?? 4,
      idleTimeout: 60_000,
      waitForConnections: true,
      queueLimit: 0,
      connectTimeout: options.connectTimeoutMs ?? 5_000,
      enableKeepAlive: true,
      keepAliveInitialDelay: 10_000,
      supportBigNumbers: true,
      multipleStatements: false,
    });
    // An idle pooled connection that dies emits 'error' on the pool's connection; mysql2 drops it from the pool.
    this.pool.on('connection', (conn) => conn.on('error', () => undefined));
  }

  /** Run `fn` on one connection; `retryStale`: retry once on a fresh connection after a connection-level failure. */
  async with<T>(what: string, fn: (s: MysqlSession) => Promise<T>, retryStale = false): Promise<T> {
    try {
      try {
        return await this.attempt(what, fn);
      } catch (err) {
        if (retryStale && err instanceof StaleConnectionError) return await this.attempt(what, fn);
        throw err;
      }
    } catch (err) {
      throw err instanceof StaleConnectionError ? err.storeError : err;
    }
  }

  /** Run `fn` in a transaction; committed when it resolves, rolled back when it throws. */
  async transaction<T>(what: string, fn: (s: MysqlSession) => Promise<T>): Promise<T> {
    return this.with(what, async (s) => {
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
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end().catch(() => undefined);
  }

  private async attempt<T>(what: string, fn: (s: MysqlSession) => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreError('STORE_CLOSED', `mysql ${what}: store is closed`);
    let conn: PoolConnection;
    try {
      conn = await this.pool.getConnection();
    } catch (err) {
      throw mysqlStoreError(err, what);
    }
    let broken = false;
    const onError = (err: unknown): never => {
      const storeError = mysqlStoreError(err, what);
      if (storeError.code === 'STORE_UNAVAILABLE') {
        broken = true;
        throw new StaleConnectionError(storeError);
      }
      throw storeError;
    };
    // Our own timer rather than mysql2's `timeout` option: that one can outlive a failed query and hold the process open.
    const query = async <T>(sql: string, params: readonly Param[]): Promise<T> => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          broken = true;
          conn.destroy();
          reject(Object.assign(new Error(`query timed out after ${this.queryTimeoutMs} ms`), { code: 'PROTOCOL_SEQUENCE_TIMEOUT' }));
        }, this.queryTimeoutMs);
      });
      const pending = conn.query({ sql, values: [...params] });
      pending.catch(() => undefined);
      try {
        const [result] = await Promise.race([pending, timeout]);
        return result as T;
      } catch (err) {
        return onError(err);
      } finally {
        clearTimeout(timer);
      }
    };
    const session: MysqlSession = {
      rows: (sql, params = []) => query<Row[]>(sql, params),
      run: (sql, params = []) => query<ResultSetHeader>(sql, params),
    };
    try {
      return await fn(session);
    } finally {
      if (broken) conn.destroy();
      else conn.release();
    }
  }
}

/** A connection-level failure inside `attempt`; unwrapped to its StoreError before leaving this module. */
class StaleConnectionError extends Error {
  constructor(readonly storeError: StoreError) {
    super(storeError.message);
  }
}
