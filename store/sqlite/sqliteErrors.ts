/** better-sqlite3 errors → StoreError codes. */
import { StoreError, type StoreErrorCode } from '../storeError.js';

function codeOf(err: { code?: string; message?: string }): StoreErrorCode {
  const code = err.code ?? '';
  const message = err.message ?? '';
  if (/no such (table|column)/.test(message)) return 'STORE_NO_SCHEMA';
  // better-sqlite3 raises a code-less TypeError when the file's directory is missing.
  if (/cannot open database|unable to open database/i.test(message)) return 'STORE_UNAVAILABLE';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL') {
    return 'STORE_UNAVAILABLE';
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH')) return 'STORE_ACCESS_DENIED';
  if (code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH' || code === 'SQLITE_TOOBIG' || code === 'SQLITE_RANGE') return 'STORE_BAD_DATA';
  if (message.includes('database connection is not open')) return 'STORE_CLOSED';
  return 'STORE_FAILED';
}

export function sqliteStoreError(err: unknown, what: string): StoreError {
  if (err instanceof StoreError) return err;
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as { code?: string; message?: string };
  const message = e.message ?? 'unknown error';
  const detail = e.code && !message.includes(e.code) ? `${e.code}: ${message}` : message;
  return new StoreError(codeOf(e), `sqlite ${what}: ${detail.split('\n')[0]}`, { cause: err });
}
