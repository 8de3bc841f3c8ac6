/**
 * Turns a caller's status rows into what both backends write: validated,
 * one row per key (last wins), sorted by key so concurrent writers lock rows
 * in the same order (fewer InnoDB deadlocks), cut into statement-sized chunks.
 */
import type { StatusFilter, StatusRow } from './statusStore.js';
import { keyFilterWhere } from './keyFilterSql.js';
import { checkInt32, checkSafeUint, checkUint32 } from './validateValues.js';

export const STATUS_COLUMNS = ['modid', 'cmdid', 'ip', 'port', 'caller', 'succ_cnt', 'err_cnt', 'ts', 'overload'] as const;

function checkRow(row: StatusRow, i: number): void {
  const at = `status row ${i}:`;
  checkInt32(`${at} modid`, row.modid);
  checkInt32(`${at} cmdid`, row.cmdid);
  checkInt32(`${at} ip`, row.ip);
  checkInt32(`${at} port`, row.port);
  checkInt32(`${at} caller`, row.caller);
  checkUint32(`${at} succCnt`, row.succCnt);
  checkUint32(`${at} errCnt`, row.errCnt);
  checkSafeUint(`${at} ts`, row.ts);
}

function compareKeys(a: StatusRow, b: StatusRow): number {
  return a.modid - b.modid || a.cmdid - b.cmdid || a.ip - b.ip || a.port - b.port || a.caller - b.caller;
}

export function prepareStatusRows(rows: readonly StatusRow[]): StatusRow[] {
  const byKey = new Map<string, StatusRow>();
  rows.forEach((row, i) => {
    checkRow(row, i);
    byKey.set(`${row.modid},${row.cmdid},${row.ip},${row.port},${row.caller}`, row);
  });
  return [...byKey.values()].sort(compareKeys);
}

/**
 * Positional parameters of one row, in STATUS_COLUMNS order. `unsigned`: the
 * table declares ip/port/caller unsigned (the original's shape), so the
 * wire's int32 goes in read as uint32 (200.1.2.3 → 3355509251); a table not
 * yet upgraded by `lars db init` keeps getting the signed form it can hold.
 */
export function statusParams(row: StatusRow, unsigned: boolean): (number | string)[] {
  const u = (v: number): number => (unsigned ? v >>> 0 : v);
  return [row.modid, row.cmdid, u(row.ip), u(row.port), u(row.caller), row.succCnt, row.errCnt, row.ts, row.overload ? '1' : '0'];
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `(?,?,…),(?,?,…)` for `rowCount` rows. */
export function valuesPlaceholders(rowCount: number): string {
  const one = `(${STATUS_COLUMNS.map(() => '?').join(',')})`;
  return Array.from({ length: rowCount }, () => one).join(',');
}

/** A row back in the wire's int32 form, whichever form the columns hold. */
export function statusFromDb(r: Record<string, unknown>): StatusRow {
  return {
    modid: Number(r['modid']),
    cmdid: Number(r['cmdid']),
    ip: Number(r['ip']) | 0,
    port: Number(r['port']) | 0,
    caller: Number(r['caller']) | 0,
    succCnt: Number(r['succ_cnt']),
    errCnt: Number(r['err_cnt']),
    ts: Number(r['ts']),
    overload: r['overload'] === '1',
  };
}

export function readStatusSql(filter?: StatusFilter): { sql: string; params: number[] } {
  const { clause, params } = keyFilterWhere(filter);
  return { sql: `SELECT ${STATUS_COLUMNS.join(', ')} FROM ServerCallStatus${clause} ORDER BY modid, cmdid, ip, port, caller`, params };
}
