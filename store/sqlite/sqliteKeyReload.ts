/** loadKeys on SQLite: the asked keys joined to RouteData through the named index (see keyReload.ts). */
import type Database from 'better-sqlite3';
import { KEYS_PER_STATEMENT, keyIndexOf, keyParams, type IndexColumn } from '../keyReload.js';
import { hostColumns, routeRowFromDb } from '../routeSql.js';
import type { RouteColumns } from '../liveSchema.js';
import type { RouteKey, RouteRow } from '../routeTypes.js';
import { chunk } from '../statusBatch.js';

/** The index SQLite makes for our schema's UNIQUE (modid, cmdid, serverip, serverport); any other that starts with (modid, cmdid) serves too. */
const OUR_KEY_INDEX = 'sqlite_autoindex_RouteData_1';

/** Partial indexes are left out: INDEXED BY one fails wherever its WHERE does not cover the query. */
export const SQLITE_INDEX_COLUMNS_SQL =
  "SELECT l.name AS index_name, i.seqno + 1 AS seq, i.name AS column_name FROM pragma_index_list('RouteData') l, pragma_index_info(l.name) i " +
  'WHERE l.partial = 0 AND i.name IS NOT NULL';

export function sqliteKeyIndex(rows: readonly Record<string, unknown>[]): string | undefined {
  const columns: IndexColumn[] = rows.map((r) => ({ index: String(r['index_name']), seq: Number(r['seq']), column: String(r['column_name']) }));
  return keyIndexOf(columns, OUR_KEY_INDEX);
}

/**
 * One statement for `count` keys (2 parameters each): CROSS JOIN keeps the
 * VALUES list as the outer loop and INDEXED BY leaves SQLite only the index
 * for RouteData (it fails the statement rather than scan), so each key is one
 * index search for any sqlite_stat1.
 */
export function sqliteLoadKeysSql(count: number, cols: RouteColumns, index: string | undefined): string {
  const columns = `d.modid, d.cmdid, d.serverip, d.serverport, ${hostColumns(cols, 'd.')}`;
  const values = `VALUES ${Array.from({ length: count }, () => '(?, ?)').join(', ')}`;
  if (index === undefined) return `SELECT ${columns} FROM RouteData d WHERE (d.modid, d.cmdid) IN (${values})`;
  return `SELECT ${columns} FROM (${values}) AS k CROSS JOIN RouteData AS d INDEXED BY "${index.replaceAll('"', '""')}" ON d.modid = k.column1 AND d.cmdid = k.column2`;
}

/**
 * The rows of these (distinct, checked) keys, KEYS_PER_STATEMENT keys a
 * statement; run it in one transaction for one consistent read. `prepare`
 * gets `cache` true for the full-chunk statement only: remainders come in
 * every size and would grow a cache without bound.
 */
export function sqliteKeyRows(prepare: (sql: string, cache: boolean) => Database.Statement, keys: readonly RouteKey[], cols: RouteColumns, index: string | undefined): RouteRow[] {
  return chunk(keys, KEYS_PER_STATEMENT).flatMap((part) => {
    const rows = prepare(sqliteLoadKeysSql(part.length, cols, index), part.length === KEYS_PER_STATEMENT).all(keyParams(part));
    return (rows as Record<string, unknown>[]).map(routeRowFromDb);
  });
}
