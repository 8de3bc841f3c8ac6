/**
 * `--store` URLs: `sqlite:./lars.db`, `sqlite:/var/lib/lars.db`,
 * `sqlite::memory:`, `mysql://user[:pass]@host[:port]/database`, and for a
 * cluster a host list `mysql://user[:pass]@h1[:p1],h2[:p2],.../database`
 * (tried in order; see mysql/nodeSelector.ts).
 * Anything else is a UsageError (one line, exit 2).
 */
import { UsageError } from '../runtime/errors.js';

export const DEFAULT_STORE_URL = 'sqlite:./lars.db';

export interface SqliteUrl {
  kind: 'sqlite';
  /** File path, or ':memory:'. */
  path: string;
}

export interface MysqlHost {
  host: string;
  port: number;
}

export interface MysqlUrl {
  kind: 'mysql';
  /** At least one; in the order given. */
  hosts: MysqlHost[];
  user: string;
  password: string;
  database: string;
}

export type StoreUrl = SqliteUrl | MysqlUrl;

// The database name is interpolated as an identifier by `db init` (CREATE DATABASE), so keep it plain.
const DATABASE_NAME = /^[A-Za-z0-9_$]{1,64}$/;
const MAX_HOSTS = 64;

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
  // WHATWG URL refuses `h1:1,h2:2`: split the host list off and let URL check each host alone.
  const m = /^mysql:\/\/([^/]*)@([^@/]*)(\/.*)?$/.exec(text);
  if (m === null) {
    if (/^mysql:\/\/[^@/]*(\/|$)/.test(text)) throw bad('missing user (mysql://user@host/database)');
    throw bad('not a valid URL (expected mysql://user[:pass]@host[:port][,host[:port]...]/database)');
  }
  const [, auth = '', hostList = '', rest = ''] = m;
  const parts = hostList.split(',');
  if (parts.length > MAX_HOSTS) throw bad(`at most ${MAX_HOSTS} hosts`);
  let first: URL | undefined;
  const hosts = parts.map((part) => {
    if (part === '') throw bad('missing host');
    let url: URL;
    try {
      url = new URL(`mysql://${auth}@${part}${rest}`);
    } catch {
      throw bad(`not a valid URL at host ${JSON.stringify(part)} (expected mysql://user[:pass]@host[:port][,host[:port]...]/database)`);
    }
    if (url.hostname === '') throw bad('missing host');
    first ??= url;
    return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port === '' ? 3306 : Number(url.port) };
  });
  const url = first as URL;
  if (url.username === '') throw bad('missing user (mysql://user@host/database)');
  if (url.search !== '' || url.hash !== '') throw bad('query strings and fragments are not supported');
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!DATABASE_NAME.test(database)) throw bad('database name must be 1-64 letters, digits, _ or $');
  return { kind: 'mysql', hosts, user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), database };
}

/** `host:port`, bracketing IPv6, for messages. */
export function hostLabel(h: MysqlHost): string {
  return `${h.host.includes(':') ? `[${h.host}]` : h.host}:${h.port}`;
}

/** The URL with any password replaced, for messages and logs. */
export function redactStoreUrl(text: string): string {
  return text.replace(/^(mysql:\/\/[^:@/]*):[^@/]*@/, '$1:***@');
}
