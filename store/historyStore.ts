/**
 * Call history for the console's charts: per (key, host) and time bucket,
 * the calls seen in that bucket. Written additively (a bucket grows as
 * samples arrive), read by key over a time range, pruned by age. Also the
 * per-key "last change" the console lists, read from RouteChange.
 */
import type { RouteKey } from './routeTypes.js';
import { checkInt32, checkSafeUint } from './validateValues.js';

/**
 * One CallHistory row. `ip` and `port` are in the wire's int32 form, as in a
 * StatusRow; the table holds them unsigned (as ServerCallStatus does), the
 * stores convert both ways.
 */
export interface HistoryRow extends RouteKey {
  ip: number;
  port: number;
  /** Bucket start, epoch seconds. */
  bucket: number;
  succ: number;
  err: number;
}

/** The newest RouteChange of a key still in the log (rows are pruned by age). */
export interface KeyChange extends RouteKey {
  version: number;
  /** Epoch ms of that change; 0 for rows written before the column existed. */
  atMs: number;
}

export interface HistoryStore {
  /** Adds each row's succ/err to its bucket (creating it), all in one transaction. */
  addHistory(rows: readonly HistoryRow[]): Promise<void>;
  /** Rows of one key with bucket >= sinceS, sorted by bucket, then host as stored (unsigned ip, port). */
  readHistory(key: RouteKey, sinceS: number): Promise<HistoryRow[]>;
  /** Deletes buckets older than `beforeS`; resolves to how many rows went. */
  pruneHistory(beforeS: number): Promise<number>;
  /** The newest change of every key in the RouteChange log, sorted by key. */
  keyChanges(): Promise<KeyChange[]>;
}

export const HISTORY_COLUMNS = ['modid', 'cmdid', 'ip', 'port', 'bucket', 'succ_cnt', 'err_cnt'] as const;

export const HISTORY_SQL = {
  read: `SELECT ${HISTORY_COLUMNS.join(', ')} FROM CallHistory WHERE modid = ? AND cmdid = ? AND bucket >= ? ORDER BY bucket, ip, port`,
  prune: 'DELETE FROM CallHistory WHERE bucket < ?',
  keyChanges:
    'SELECT c.modid, c.cmdid, c.version, c.created_at_ms FROM RouteChange c ' +
    'JOIN (SELECT modid, cmdid, MAX(version) AS version FROM RouteChange GROUP BY modid, cmdid) m ' +
    'ON m.modid = c.modid AND m.cmdid = c.cmdid AND m.version = c.version ORDER BY c.modid, c.cmdid',
} as const;

/** Rows per additive upsert statement (7 parameters each). */
export const HISTORY_ROWS_PER_STATEMENT = 500;

/** `INSERT … VALUES (…),(…)` for `count` rows; the backend appends its own "add on conflict" clause. */
export function historyInsertSql(count: number): string {
  const one = `(${HISTORY_COLUMNS.map(() => '?').join(',')})`;
  return `INSERT INTO CallHistory (${HISTORY_COLUMNS.join(', ')}) VALUES ${Array.from({ length: count }, () => one).join(',')}`;
}

/** Validated, one row per (key, host, bucket) with counts summed, sorted so concurrent writers lock in one order. */
export function prepareHistoryRows(rows: readonly HistoryRow[]): HistoryRow[] {
  const byKey = new Map<string, HistoryRow>();
  rows.forEach((r, i) => {
    const at = `history row ${i}:`;
    checkInt32(`${at} modid`, r.modid);
    checkInt32(`${at} cmdid`, r.cmdid);
    checkInt32(`${at} ip`, r.ip);
    checkInt32(`${at} port`, r.port);
    checkSafeUint(`${at} bucket`, r.bucket);
    checkSafeUint(`${at} succ`, r.succ);
    checkSafeUint(`${at} err`, r.err);
    const k = `${r.modid},${r.cmdid},${r.bucket},${r.ip},${r.port}`;
    const seen = byKey.get(k);
    if (seen) byKey.set(k, { ...seen, succ: seen.succ + r.succ, err: seen.err + r.err });
    else byKey.set(k, { ...r });
  });
  return [...byKey.values()].sort((a, b) => a.modid - b.modid || a.cmdid - b.cmdid || a.bucket - b.bucket || a.ip - b.ip || a.port - b.port);
}

/**
 * Positional parameters in HISTORY_COLUMNS order. `unsigned`: the table has
 * the unsigned ip/port (200.1.2.3 → 3355509251); one not yet upgraded by
 * `lars db init` keeps getting the signed form it can hold.
 */
export function historyParams(r: HistoryRow, unsigned: boolean): number[] {
  const u = (v: number): number => (unsigned ? v >>> 0 : v);
  return [r.modid, r.cmdid, u(r.ip), u(r.port), r.bucket, r.succ, r.err];
}

export function historyFromDb(r: Record<string, unknown>): HistoryRow {
  return {
    modid: Number(r['modid']),
    cmdid: Number(r['cmdid']),
    // Back to the wire form, whichever form the columns hold.
    ip: Number(r['ip']) | 0,
    port: Number(r['port']) | 0,
    bucket: Number(r['bucket']),
    succ: Number(r['succ_cnt']),
    err: Number(r['err_cnt']),
  };
}

export function keyChangeFromDb(r: Record<string, unknown>): KeyChange {
  return { modid: Number(r['modid']), cmdid: Number(r['cmdid']), version: Number(r['version']), atMs: Number(r['created_at_ms'] ?? 0) };
}

export function checkHistoryRead(key: RouteKey, sinceS: number): void {
  checkInt32('modid', key.modid);
  checkInt32('cmdid', key.cmdid);
  checkSafeUint('sinceS', sinceS);
}
