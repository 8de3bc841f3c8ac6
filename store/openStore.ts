/**
 * Opens the store a `--store` URL names. MySQL connects lazily (on first use); SQLite opens the file now.
 * Each backend's module loads only when its URL is used: mysql2 alone costs ≈ 17 MiB resident and ≈ 0.7 s
 * per isolate here (issue 23), which a process on SQLite need not pay.
 */
import type { Store, StoreOptions } from './store.js';
import { parseStoreUrl } from './storeUrl.js';

export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  const parsed = parseStoreUrl(url);
  if (parsed.kind === 'mysql') {
    const { MysqlStore } = await import('./mysql/mysqlStore.js');
    return new MysqlStore(parsed, url, options);
  }
  const { SqliteStore } = await import('./sqlite/sqliteStore.js');
  return new SqliteStore(parsed, options);
}
