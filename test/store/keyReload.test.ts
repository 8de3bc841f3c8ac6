/**
 * loadKeys under planner statistics that lag the data (issue 20): the
 * statement it issues reaches RouteData only through the (modid, cmdid)
 * index, where the planner left to itself scans the whole table; on the
 * original's schema (no such index) it still answers; an index dropped under
 * a running store costs one failed call, not every call after it.
 */
import t, { type Test } from 'tap';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../store/openStore.js';
import type { Store } from '../../store/store.js';
import { KEYS_PER_STATEMENT, keyIndexOf, keyParams } from '../../store/keyReload.js';
import { MYSQL_INDEX_COLUMNS_SQL, mysqlKeyIndex, mysqlLoadKeysSql } from '../../store/mysql/mysqlKeyReload.js';
import { SQLITE_INDEX_COLUMNS_SQL, sqliteKeyIndex, sqliteLoadKeysSql } from '../../store/sqlite/sqliteKeyReload.js';
import { FILLED_IP, fillKeys, fillWithStaleStatistics, filledKey, type Backend } from '../../bench/dns/routeFill.js';
import { withTestDatabase } from '../helpers/mysqlTestDb.js';
import { ORIGINAL_MYSQL, ORIGINAL_SQLITE } from '../helpers/originalSchema.js';

type Row = Record<string, unknown>;

interface Db {
  backend: Backend;
  url: string;
  query(sql: string, params?: readonly number[]): Promise<Row[]>;
}

async function mysqlDb(t: Test): Promise<Db | undefined> {
  const db = await withTestDatabase(t);
  if (!db) return undefined;
  return { backend: 'mysql', url: db.url, query: async (sql, params = []) => (await db.pool.query(sql, [...params]))[0] as Row[] };
}

async function sqliteDb(t: Test): Promise<Db> {
  const path = join(t.testdir(), 'lars.db');
  const raw = new Database(path);
  t.teardown(() => raw.close());
  return {
    backend: 'sqlite',
    url: `sqlite:${path}`,
    query: async (sql, params = []) => {
      const statement = raw.prepare(sql);
      if (statement.reader) return statement.all(...params) as Row[];
      statement.run(...params);
      return [];
    },
  };
}

async function storeOn(t: Test, url: string, init = true): Promise<Store> {
  const store = await openStore(url);
  t.teardown(() => store.close());
  if (init) await store.init();
  return store;
}

/** The statement loadKeys issued before: an OR list, the plan left to the planner. */
const orList = (n: number): string =>
  `SELECT modid, cmdid, serverip, serverport, weight FROM RouteData WHERE ${Array.from({ length: n }, () => '(modid = ? AND cmdid = ?)').join(' OR ')}`;

/** What the planner does with RouteData for `sql`: one line per plan row naming it (MySQL: type and key; SQLite: the step). */
async function routeDataPlan(db: Db, sql: string, params: readonly number[]): Promise<string[]> {
  if (db.backend === 'mysql') {
    const rows = await db.query(`EXPLAIN ${sql}`, params);
    return rows.filter((r) => r['table'] === 'd' || r['table'] === 'RouteData').map((r) => `${String(r['type'])} ${String(r['key'])}`);
  }
  const rows = await db.query(`EXPLAIN QUERY PLAN ${sql}`, params);
  return [...new Set(rows.map((r) => String(r['detail'])).filter((d) => /\b(d|RouteData)\b/.test(d)))];
}

/** Every column of ours: the shape `lars db init` leaves. */
const ALL_COLUMNS = { weight: true, meta: true };
const KEYS = 2000;
const HOSTS = 10;

for (const [name, open] of [['mysql', mysqlDb], ['sqlite', sqliteDb]] as const) {
  t.test(`${name}: stale statistics: loadKeys reaches RouteData through the index, never a scan`, async (t) => {
    const db = await open(t);
    if (!db) return;
    const store = await storeOn(t, db.url);
    await fillWithStaleStatistics((sql) => db.query(sql), db.backend, KEYS, HOSTS);
    const keys = Array.from({ length: KEYS }, (_, k) => filledKey(k));
    const first = keys.slice(0, KEYS_PER_STATEMENT);

    if (db.backend === 'mysql') {
      const planned = await routeDataPlan(db, orList(200), keyParams(keys.slice(0, 200)));
      t.same(planned, ['ALL null'], 'the scenario holds: left to itself the planner scans RouteData for 200 keys');
    }
    const index = db.backend === 'mysql' ? mysqlKeyIndex(await db.query(MYSQL_INDEX_COLUMNS_SQL)) : sqliteKeyIndex(await db.query(SQLITE_INDEX_COLUMNS_SQL));
    const sql = db.backend === 'mysql' ? mysqlLoadKeysSql(first.length, ALL_COLUMNS, index) : sqliteLoadKeysSql(first.length, ALL_COLUMNS, index);
    const plan = await routeDataPlan(db, sql, keyParams(first));
    if (db.backend === 'mysql') t.same(plan, ['ref uk_route_host'], 'one index lookup per key');
    else t.same(plan, ['SEARCH d USING INDEX sqlite_autoindex_RouteData_1 (modid=? AND cmdid=?)'], 'one index search per key');

    const loaded = await store.loadKeys(keys);
    t.equal(loaded.length, KEYS);
    t.equal(loaded.filter((k) => k.hosts.length === HOSTS).length, KEYS, `every key with its ${HOSTS} hosts`);
    t.same(loaded[0]?.hosts[0], { ip: FILLED_IP, port: 8000 });
  });

  t.test(`${name}: on the original's schema (no key index) loadKeys still answers, statement after statement`, async (t) => {
    const db = await open(t);
    if (!db) return;
    for (const sql of db.backend === 'mysql' ? ORIGINAL_MYSQL : ORIGINAL_SQLITE) await db.query(sql);
    await fillKeys((sql) => db.query(sql), KEYS_PER_STATEMENT + 5, 2);
    const store = await storeOn(t, db.url, false);
    const keys = Array.from({ length: KEYS_PER_STATEMENT + 10 }, (_, k) => filledKey(k));
    const loaded = await store.loadKeys([...keys, ...keys]);
    t.equal(loaded.length, keys.length, 'each key once');
    t.equal(loaded.filter((k) => k.hosts.length === 2).length, KEYS_PER_STATEMENT + 5);
    t.same(loaded.at(-1), { ...filledKey(KEYS_PER_STATEMENT + 9), hosts: [] });
  });

  t.test(`${name}: a key index dropped under a running store fails one loadKeys, then the next reads without it`, async (t) => {
    const db = await open(t);
    if (!db) return;
    const store = await storeOn(t, db.url);
    await fillKeys((sql) => db.query(sql), 3, 2);
    const keys = [filledKey(0), filledKey(2)];
    t.same((await store.loadKeys(keys)).map((k) => k.hosts.length), [2, 2]);
    if (db.backend === 'mysql') {
      await db.query('ALTER TABLE RouteData DROP INDEX uk_route_host');
    } else {
      // SQLite cannot drop a UNIQUE constraint's index: rebuild the table without it.
      await db.query('CREATE TABLE RouteDataPlain AS SELECT * FROM RouteData');
      await db.query('DROP TABLE RouteData');
      await db.query('ALTER TABLE RouteDataPlain RENAME TO RouteData');
    }
    await store.loadKeys(keys).then(
      () => t.pass('answered at once'),
      (err: unknown) => t.match(err, { code: /^STORE_/ }, 'a store error, not a crash'),
    );
    t.same((await store.loadKeys(keys)).map((k) => k.hosts.length), [2, 2]);
  });
}

t.test('keyIndexOf: ours first, else any index led by (modid, cmdid), else none', async (t) => {
  const cols = (index: string, ...columns: string[]) => columns.map((column, i) => ({ index, seq: i + 1, column }));
  t.equal(keyIndexOf([...cols('a_other', 'modid', 'cmdid', 'serverip'), ...cols('uk_route_host', 'modid', 'cmdid', 'serverip', 'serverport')], 'uk_route_host'), 'uk_route_host');
  t.equal(keyIndexOf([...cols('PRIMARY', 'id'), ...cols('z_key', 'MODID', 'CMDID'), ...cols('b_key', 'modid', 'cmdid')], 'uk_route_host'), 'b_key');
  t.equal(keyIndexOf([...cols('PRIMARY', 'id'), ...cols('by_cmd', 'cmdid', 'modid'), ...cols('by_mod', 'modid')], 'uk_route_host'), undefined);
  t.equal(keyIndexOf([], 'uk_route_host'), undefined);
});
