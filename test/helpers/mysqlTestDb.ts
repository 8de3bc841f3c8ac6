/**
 * A MariaDB/MySQL database of its own for one test: created with a unique
 * name, dropped at the test's teardown.
 *
 *   const db = await withTestDatabase(t);
 *   if (!db) return;            // server not reachable: skipped (or failed under CI=true)
 *   const store = await openStore(db.url);
 *
 * Server: LARS_TEST_MYSQL (e.g. mysql://root@127.0.0.1:3306), default
 * root with an empty password at 127.0.0.1:3306. When it does not answer and
 * CI=true the test FAILS (CI must exercise MySQL); otherwise the test records
 * a skip saying why and the caller returns.
 */
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import type { Pool } from 'mysql2/promise';
import type { Test } from 'tap';

export interface TestDatabase {
  /** The database name, `lars_t_<pid>_<time36>_<hex>`. */
  name: string;
  /** `mysql://user[:pass]@host:port/name`, for openStore / --store. */
  url: string;
  /** A small pool connected to the database, for direct checks; ended at teardown. */
  pool: Pool;
}

export interface TestServer {
  host: string;
  port: number;
  user: string;
  password: string;
}

export function testServer(): TestServer {
  const url = new URL(process.env['LARS_TEST_MYSQL'] ?? 'mysql://root@127.0.0.1:3306');
  return {
    host: url.hostname,
    port: url.port === '' ? 3306 : Number(url.port),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
  };
}

/** Databases of crashed runs older than this are dropped by the next run (live runs of other engineers are younger). */
const STALE_AFTER_S = 6 * 3600;
const NAME_PATTERN = /^lars_t_\d+_([0-9a-z]+)_[0-9a-f]+$/;

let reachable: Promise<string | undefined> | undefined;

/** undefined when the server answers, else why not. Asked once per process. */
export function mysqlUnavailableReason(): Promise<string | undefined> {
  reachable ??= (async () => {
    const s = testServer();
    try {
      const conn = await mysql.createConnection({ host: s.host, port: s.port, user: s.user, password: s.password, connectTimeout: 2000 });
      await conn.end();
      return undefined;
    } catch (err) {
      const e = err as { code?: string; message?: string };
      return `MariaDB/MySQL not reachable at ${s.user}@${s.host}:${s.port} (${e.code ?? e.message ?? 'error'})`;
    }
  })();
  return reachable;
}

export async function withTestDatabase(t: Test): Promise<TestDatabase | undefined> {
  const why = await mysqlUnavailableReason();
  if (why !== undefined) {
    if (process.env['CI'] === 'true') t.fail(`${why}; CI=true requires it`);
    else t.test(`MySQL variant skipped: ${why}`, { skip: why }, () => undefined);
    return undefined;
  }
  const s = testServer();
  const name = `lars_t_${process.pid}_${Math.floor(Date.now() / 1000).toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = await mysql.createConnection({ host: s.host, port: s.port, user: s.user, password: s.password });
  try {
    await dropStaleDatabases(admin);
    await admin.query(`CREATE DATABASE \`${name}\``);
  } finally {
    await admin.end();
  }
  const pool = mysql.createPool({ host: s.host, port: s.port, user: s.user, password: s.password, database: name, connectionLimit: 2 });
  t.teardown(async () => {
    await pool.end();
    const conn = await mysql.createConnection({ host: s.host, port: s.port, user: s.user, password: s.password });
    try {
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    } finally {
      await conn.end();
    }
  });
  const auth = s.password === '' ? encodeURIComponent(s.user) : `${encodeURIComponent(s.user)}:${encodeURIComponent(s.password)}`;
  return { name, url: `mysql://${auth}@${s.host}:${s.port}/${name}`, pool };
}

async function dropStaleDatabases(admin: mysql.Connection): Promise<void> {
  const [rows] = await admin.query<mysql.RowDataPacket[]>("SHOW DATABASES LIKE 'lars\\_t\\_%'");
  const nowS = Date.now() / 1000;
  for (const row of rows) {
    const db = String(Object.values(row)[0]);
    const born = NAME_PATTERN.exec(db)?.[1];
    if (born !== undefined && nowS - parseInt(born, 36) > STALE_AFTER_S) {
      await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
    }
  }
}
