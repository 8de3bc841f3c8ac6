/**
 * The history-writer lease: one row (id 1) in HistoryLease saying which
 * console samples call stats into CallHistory and until when. Any number of
 * consoles may be configured as writers; each poll they claim the lease, and
 * only the one holding it writes, so a call is counted once per store. A
 * holder renews it every poll; one that dies or loses the store stops
 * renewing and another takes over once `expires_ms` has passed.
 *
 * Each step of a claim is one conditional statement whose affected-row count
 * says whether it matched, so two consoles racing for an expired lease
 * cannot both win (the row lock, or SQLite's write lock, serialises them and
 * the second finds the lease no longer expired). Times are the callers'
 * clocks (epoch ms): consoles sharing a store should agree on the time to
 * well within a lease (NTP does).
 */
import { StoreError } from './storeError.js';
import { checkSafeUint } from './validateValues.js';

/** What a claim found: the lease was ours already (nobody else held it since), newly ours, or someone else's. */
export type LeaseClaim =
  | { outcome: 'renewed' }
  | { outcome: 'taken' }
  | { outcome: 'held'; holder: string; expiresMs: number };

export interface HistoryLeaseStore {
  /**
   * Makes `owner` the holder until `untilMs` when it holds the lease already,
   * or the lease is free or expired at `nowMs`; otherwise reports who holds it.
   */
  claimHistoryLease(owner: string, nowMs: number, untilMs: number): Promise<LeaseClaim>;
  /** Ends `owner`'s lease now (a stopping console), so another takes over at its next poll. No-op when not the holder. */
  releaseHistoryLease(owner: string): Promise<void>;
}

export const MAX_LEASE_OWNER_LENGTH = 100;

export const LEASE_SQL = {
  /** Ours already: only the expiry moves. Matching means nobody claimed it since our last claim. */
  renew: 'UPDATE HistoryLease SET expires_ms = ? WHERE id = 1 AND owner = ?',
  /** Someone else's but expired (or released): ours now. */
  takeExpired: 'UPDATE HistoryLease SET owner = ?, expires_ms = ? WHERE id = 1 AND expires_ms < ?',
  read: 'SELECT owner, expires_ms FROM HistoryLease WHERE id = 1',
  release: 'UPDATE HistoryLease SET expires_ms = 0 WHERE id = 1 AND owner = ?',
} as const;

/** The row `lars db init` seeds is missing (deleted by hand): whoever inserts it first holds the lease. */
export const LEASE_INSERT_SQL = {
  mysql: 'INSERT IGNORE INTO HistoryLease (id, owner, expires_ms) VALUES (1, ?, ?)',
  sqlite: 'INSERT INTO HistoryLease (id, owner, expires_ms) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING',
} as const;

export function checkLeaseClaim(owner: string, nowMs: number, untilMs: number): void {
  checkLeaseOwner(owner);
  checkSafeUint('nowMs', nowMs);
  checkSafeUint('untilMs', untilMs);
  if (untilMs <= nowMs) throw new StoreError('STORE_BAD_DATA', `lease until ${untilMs}: expected later than now (${nowMs})`);
}

export function checkLeaseOwner(owner: string): void {
  if (owner.length === 0 || owner.length > MAX_LEASE_OWNER_LENGTH) {
    throw new StoreError('STORE_BAD_DATA', `lease owner ${JSON.stringify(owner.slice(0, 120))}: expected 1 to ${MAX_LEASE_OWNER_LENGTH} characters`);
  }
}

/**
 * The claim, written once for both backends: `run` executes one statement
 * and resolves to the rows it matched, `rows` reads.
 */
export async function claimLease(
  owner: string,
  nowMs: number,
  untilMs: number,
  run: (sql: string, params: ReadonlyArray<string | number>) => Promise<number>,
  rows: (sql: string) => Promise<Array<Record<string, unknown>>>,
  insertSql: string,
): Promise<LeaseClaim> {
  checkLeaseClaim(owner, nowMs, untilMs);
  if ((await run(LEASE_SQL.renew, [untilMs, owner])) === 1) return { outcome: 'renewed' };
  if ((await run(LEASE_SQL.takeExpired, [owner, untilMs, nowMs])) === 1) return { outcome: 'taken' };
  const row = (await rows(LEASE_SQL.read))[0];
  if (row === undefined && (await run(insertSql, [owner, untilMs])) === 1) return { outcome: 'taken' };
  // Lost the insert race: the winner's row is there now.
  const held = row ?? (await rows(LEASE_SQL.read))[0];
  return { outcome: 'held', holder: String(held?.['owner'] ?? ''), expiresMs: Number(held?.['expires_ms'] ?? 0) };
}
