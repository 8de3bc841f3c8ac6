/**
 * `init()` for MySQL: create the database when the URL names one that does
 * not exist yet, run sql/mysql.sql, and add RouteChange.created_at_ms to a
 * table created by the original C++ Lars (which had no such column).
 */
import type { MysqlUrl } from '../storeUrl.js';
import type { StoreOptions } from '../store.js';
import { StoreError } from '../storeError.js';
import { readSchemaFile, schemaStatements } from '../schemaFile.js';
import { MysqlConnection } from './mysqlConnection.js';

export async function initMysqlSchema(db: MysqlConnection, url: MysqlUrl, options: StoreOptions): Promise<void> {
  try {
    await db.with('init', (s) => s.rows('SELECT 1'));
  } catch (err) {
    if (!(err instanceof StoreError) || err.code !== 'STORE_NO_SCHEMA') throw err;
    await createDatabase(url, options);
  }
  const statements = schemaStatements(readSchemaFile('mysql.sql'));
  await db.with('init', async (s) => {
    for (const sql of statements) await s.run(sql);
    const legacy = await s.rows(
      "SELECT COUNT(*) AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'RouteChange' AND COLUMN_NAME = 'created_at_ms'",
    );
    if (Number(legacy[0]?.['n']) === 0) {
      await s.run('ALTER TABLE RouteChange ADD COLUMN created_at_ms BIGINT UNSIGNED NOT NULL DEFAULT 0, ADD KEY idx_change_created (created_at_ms)');
    }
  });
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
