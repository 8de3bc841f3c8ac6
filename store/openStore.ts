/** Opens the store a `--store` URL names. MySQL connects lazily (on first use); SQLite opens the file now. */
import type { Store, StoreOptions } from './store.js';
import { parseStoreUrl } from './storeUrl.js';
import { MysqlStore } from './mysql/mysqlStore.js';
import { SqliteStore } from './sqlite/sqliteStore.js';

export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  const parsed = parseStoreUrl(url);
  return parsed.kind === 'mysql' ? new MysqlStore(parsed, url, options) : new SqliteStore(parsed, options);
}
