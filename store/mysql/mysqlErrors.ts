/** mysql2 / server errors → StoreError codes. */
import { StoreError, type StoreErrorCode } from '../storeError.js';

interface DriverError {
  code?: string;
  errno?: number;
  sqlState?: string;
  fatal?: boolean;
  message?: string;
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR', 'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'ER_CON_COUNT_ERROR', 'ER_TOO_MANY_USER_CONNECTIONS', 'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED', 'ER_QUERY_INTERRUPTED', 'ER_OPTION_PREVENTS_STATEMENT', 'ER_NET_READ_ERROR', 'ER_NET_WRITE_INTERRUPTED',
]);
const NO_SCHEMA_CODES = new Set(['ER_NO_SUCH_TABLE', 'ER_BAD_DB_ERROR', 'ER_BAD_FIELD_ERROR']);
const ACCESS_CODES = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_TABLEACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR']);

/** Lost a race with another transaction (InnoDB deadlock or lock wait, Galera certification): run it again. */
const CONFLICT_CODES = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

function codeOf(err: DriverError): StoreErrorCode {
  const code = err.code ?? '';
  const wsrep = /\bWSREP\b/i.test(err.message ?? '');
  if (CONFLICT_CODES.has(code)) return 'STORE_CONFLICT';
  // "WSREP has not yet prepared node for application use": the node left the primary component.
  if (wsrep && /not yet prepared|not ready/i.test(err.message ?? '')) return 'STORE_UNAVAILABLE';
  // A brute-force abort by a replicated transaction: "WSREP detected deadlock/conflict and aborted the transaction".
  if (wsrep && /conflict|deadlock|abort/i.test(err.message ?? '')) return 'STORE_CONFLICT';
  if (NO_SCHEMA_CODES.has(code)) return 'STORE_NO_SCHEMA';
  if (ACCESS_CODES.has(code)) return 'STORE_ACCESS_DENIED';
  if (UNAVAILABLE_CODES.has(code) || err.fatal === true) return 'STORE_UNAVAILABLE';
  // SQLSTATE class 22 = data exception, 23 = integrity constraint violation.
  if (err.sqlState?.startsWith('22') || err.sqlState?.startsWith('23')) return 'STORE_BAD_DATA';
  return 'STORE_FAILED';
}

export function mysqlStoreError(err: unknown, what: string): StoreError {
  if (err instanceof StoreError) return err;
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as DriverError;
  const code = codeOf(e);
  const message = e.message ?? 'unknown error';
  const detail = e.code && !message.includes(e.code) ? `${e.code}: ${message}` : message;
  return new StoreError(code, `mysql ${what}: ${detail.split('\n')[0]}`, { cause: err });
}
