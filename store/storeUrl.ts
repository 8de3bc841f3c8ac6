/**
 * `--store` URLs: `sqlite:./lars.db`, `sqlite:/var/lib/lars.db`,
 * `sqlite::memory:`, `mysql://user[:pass]@host[:port]/database`.
 * Anything else is a UsageError (one line, exit 2).
 */
import { UsageError } from '../runtime/errors.js';

export const DEFAULT_STORE_URL = 'sqlite:./lars.db';

export interface SqliteUrl {
  kind: 'sqlite';
  /** File path, or ':memory:'. */
  path: string;
}

export interface MysqlUrl {
  kind: 'mysql';
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export type StoreUrl = SqliteUrl | MysqlUrl;

// The database name is interpolated as an identifier by `db init` (CREATE DATABASE), so keep it plain.
const DATABASE_NAME = /^[A-Za-z0-9_$]{1,64}$/;

export function parseStoreUrl(text: string): StoreUrl {
  if (text.startsWith('sqlite:')) {
    const path = text.slice('sqlite:'.length);
    if (path === '') throw new UsageError(`--store ${JSON.stringify(text)}: missing file path (e.g. sqlite:./lars.db or sqlite::memory:)`);
    return { kind: 'sqlite', path };
  }
  if (text.startsWith('mysql://')) return parseMysqlUrl(text);
  throw new UsageError(`--store ${JSON.stringify(redactStoreUrl(text))}: expected sqlite:PATH or mysql://user[:pass]@host[:port]/database`);
}

function parseMysqlUrl(text: string): MysqlUrl {
  const bad = (why: string): UsageError => new UsageError(`--store ${JSON.stringify(redactStoreUrl(text))}: ${why}`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad('not a valid URL (expected mysql://user[:pass]@host[:port]/database)');
  }
  if (url.hostname === '') throw bad('missing host');
  if (url.username === '') throw bad('missing user (mysql://user@host/database)');
  if (url.search !== '' || url.hash !== '') throw bad('query strings and fragments are not supported');
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!DATABASE_NAME.test(database)) throw bad('database name must be 1-64 letters, digits, _ or $');
  const port = url.port === '' ? 3306 : Number(url.port);
  return {
    kind: 'mysql',
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database,
  };
}

/** The URL with any password replaced, for messages and logs. */
export function redactStoreUrl(text: string): string {
  return text.replace(/^(mysql:\/\/[^:@/]*):[^@/]*@/, '$1:***@');
}
