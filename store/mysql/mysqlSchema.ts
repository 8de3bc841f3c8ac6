/**
 * `init()` for MySQL: create the database when the URL names one that does
 * not exist yet, upgrade the tables it already has in place (schemaUpgrade.ts:
 * e.g. ones created by the original C++ Lars), then run sql/mysql.sql.
 */
import type { MysqlUrl } from '../storeUrl.js';
import type { StoreOptions } from '../store.js';
import { StoreError } from '../storeError.js';
import { readSchemaFile, schemaStatements } from '../schemaFile.js';
import { MysqlConnection, type MysqlSession } from './mysqlConnection.js';
import { LIVE_COLUMNS_SQL, liveSchemaFromRows, type LiveSchema } from '../liveSchema.js';
import { upgradeSchema } from '../schemaUpgrade.js';

/** Resolves to the upgrade steps this call applied. */
export async function initMysqlSchema(db: MysqlConnection, url: MysqlUrl, options: StoreOptions): Promise<string[]> {
  try {
    await db.with('init', (s) => s.rows('SELECT 1'));
  } catch (err) {
    if (!(err instanceof StoreError) || err.code !== 'STORE_NO_SCHEMA') throw err;
    await createDatabase(url, options);
  }
  const applied = await upgradeSchema({
    backend: 'mysql',
    readLive: () => db.with('read schema', readMysqlLiveSchema),
    apply: (sql) =>
      db.with('upgrade schema', async (s) => {
        try {
          for (const one of sql) await s.run(one);
        } catch (err) {
          // A step may group DML in START TRANSACTION … COMMIT: never hand the pool a connection inside it (no-op otherwise).
          await s.run('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }),
  });
  const statements = schemaStatements(readSchemaFile('mysql.sql'));
  await db.with('init', async (s) => {
    for (const sql of statements) await s.run(sql);
  });
  return applied;
}

export async function readMysqlLiveSchema(s: MysqlSession): Promise<LiveSchema> {
  return liveSchemaFromRows(await s.rows(LIVE_COLUMNS_SQL.mysql));
}

async function createDatabase(url: MysqlUrl, options: StoreOptions): Promise<void> {
  const server = new MysqlConnection(url, { ...options, poolSize: 1 }, false);
  try {
    // The name is checked by parseStoreUrl (letters, digits, _ and $), so quoting it as an identifier is safe.
    await server.with('create database', (s) => s.run(`CREATE DATABASE IF NOT EXISTS \`${url.database}\``));
  } finally {
    await server.close();
  }
}
