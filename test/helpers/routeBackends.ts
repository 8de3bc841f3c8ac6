/**
 * Both route-store backends for tests of a column's life (routeWeight,
 * routeMeta): an empty database on each, raw SQL on it, a store opened on
 * it, and the original Lars's schema statements for that backend.
 */
import type { Test } from 'tap';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../store/openStore.js';
import type { Store } from '../../store/store.js';
import { withTestDatabase } from './mysqlTestDb.js';
import { ORIGINAL_MYSQL, ORIGINAL_SQLITE } from './originalSchema.js';

export interface RawDb {
  url: string;
  exec(sql: string): Promise<void>;
}

async function mysqlDb(t: Test): Promise<RawDb | undefined> {
  const db = await withTestDatabase(t);
  if (!db) return undefined;
  return { url: db.url, exec: async (sql) => void (await db.pool.query(sql)) };
}

async function sqliteDb(t: Test): Promise<RawDb> {
  const path = join(t.testdir(), 'lars.db');
  const raw = new Database(path);
  t.teardown(() => raw.close());
  return { url: `sqlite:${path}`, exec: async (sql) => void raw.exec(sql) };
}

export async function storeOn(t: Test, url: string): Promise<Store> {
  const store = await openStore(url);
  t.teardown(() => store.close());
  return store;
}

/** [name, open an empty database (undefined: MySQL unavailable outside CI), the original's schema]. */
export const ROUTE_BACKENDS: Array<[string, (t: Test) => Promise<RawDb | undefined>, readonly string[]]> = [
  ['mysql', mysqlDb, ORIGINAL_MYSQL],
  ['sqlite', sqliteDb, ORIGINAL_SQLITE],
];
