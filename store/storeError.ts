/**
 * Every failure a store reports is a StoreError with one of a few stable
 * codes, so callers decide by code: retry with backoff (STORE_UNAVAILABLE),
 * tell the operator to run `lars db init` (STORE_NO_SCHEMA), or give up on
 * the input (STORE_BAD_DATA).
 */
import { CodedError } from '../runtime/errors.js';

export type StoreErrorCode =
  /** Cannot reach the database (or no ready cluster node), connection lost or timed out, busy/locked: retrying may succeed. */
  | 'STORE_UNAVAILABLE'
  /** Lost a race with a concurrent transaction (deadlock, lock wait, Galera certification) more times than the store retries it. */
  | 'STORE_CONFLICT'
  /** Database or table missing (or an old schema): run `lars db init`. */
  | 'STORE_NO_SCHEMA'
  /** Credentials or privileges refused. */
  | 'STORE_ACCESS_DENIED'
  /** A value the schema cannot hold; retrying the same input fails again. */
  | 'STORE_BAD_DATA'
  /** The store was used after close(). */
  | 'STORE_CLOSED'
  /** Anything else (a bug or an unexpected server answer). */
  | 'STORE_FAILED';

export class StoreError extends CodedError {
  declare readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }

  /** Worth retrying later with the same input. */
  get retryable(): boolean {
    return this.code === 'STORE_UNAVAILABLE' || this.code === 'STORE_CONFLICT';
  }
}

export function isStoreError(err: unknown): err is StoreError {
  return err instanceof StoreError;
}
