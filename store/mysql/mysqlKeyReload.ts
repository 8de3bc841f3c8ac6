/** loadKeys on MySQL/MariaDB: the asked keys joined to RouteData through the named index (see keyReload.ts). */
import { KEYS_PER_STATEMENT, keyIndexOf, keyParams, type IndexColumn } from '../keyReload.js';
import { hostColumns, routeRowFromDb } from '../routeSql.js';
import type { RouteColumns } from '../liveSchema.js';
import type { RouteKey, RouteRow } from '../routeTypes.js';
import { chunk } from '../statusBatch.js';
import type { MysqlSession } from './mysqlConnection.js';

/** Our schema's index (sql/mysql.sql); any other that starts with (modid, cmdid) serves too. */
const OUR_KEY_INDEX = 'uk_route_host';

export const MYSQL_INDEX_COLUMNS_SQL =
  'SELECT INDEX_NAME AS index_name, SEQ_IN_INDEX AS seq, COLUMN_NAME AS column_name FROM information_schema.STATISTICS ' +
  "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'RouteData'";

export function mysqlKeyIndex(rows: readonly Record<string, unknown>[]): string | undefined {
  const columns: IndexColumn[] = rows.map((r) => ({ index: String(r['index_name']), seq: Number(r['seq']), column: String(r['column_name']) }));
  return keyIndexOf(columns, OUR_KEY_INDEX);
}

/**
 * One statement for `count` keys (2 parameters each). The keys come first
 * (STRAIGHT_JOIN keeps that order) and RouteData is reached only through the
 * index (FORCE INDEX: a scan is not an option), so the plan is `ref` on that
 * index for any statistics. A UNION ALL list rather than an IN list:
 * MariaDB turns an IN list of 1,000 values or more (in_predicate_conversion_threshold)
 * into a subquery and scans RouteData for it, index hint or not.
 */
export function mysqlLoadKeysSql(count: number, cols: RouteColumns, index: string | undefined): string {
  const columns = `d.modid, d.cmdid, d.serverip, d.serverport, ${hostColumns(cols, 'd.')}`;
  if (index === undefined) {
    return `SELECT ${columns} FROM RouteData d WHERE (d.modid, d.cmdid) IN (${Array.from({ length: count }, () => '(?, ?)').join(', ')})`;
  }
  const keys = `SELECT ? AS modid, ? AS cmdid${' UNION ALL SELECT ?, ?'.repeat(count - 1)}`;
  return `SELECT STRAIGHT_JOIN ${columns} FROM (${keys}) k JOIN RouteData d FORCE INDEX (\`${index.replaceAll('`', '``')}\`) ON d.modid = k.modid AND d.cmdid = k.cmdid`;
}

/** The rows of these (distinct, checked) keys, KEYS_PER_STATEMENT keys a statement on one connection. */
export async function mysqlKeyRows(s: MysqlSession, keys: readonly RouteKey[], cols: RouteColumns, index: string | undefined): Promise<RouteRow[]> {
  const found: RouteRow[] = [];
  for (const part of chunk(keys, KEYS_PER_STATEMENT)) {
    for (const r of await s.rows(mysqlLoadKeysSql(part.length, cols, index), keyParams(part))) found.push(routeRowFromDb(r));
  }
  return found;
}
