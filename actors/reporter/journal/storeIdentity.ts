/**
 * What a journal is for, in one line: the database, not the route to it. A
 * MySQL host list may be reordered or grow a node and stay the same
 * database; an SQLite file is its absolute path.
 */
import { resolve } from 'node:path';
import { parseStoreUrl } from '../../../store/storeUrl.js';

export function storeIdentity(storeUrl: string): string {
  const url = parseStoreUrl(storeUrl);
  return url.kind === 'sqlite' ? `sqlite:${url.path === ':memory:' ? url.path : resolve(url.path)}` : `mysql:${url.database}`;
}
