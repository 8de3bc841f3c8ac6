/**
 * `lars db init` upgrades older databases in place, on MariaDB and SQLite:
 * the steps are chosen from the live schema, run once, survive an interrupted
 * or concurrent run, and the reporter's writes follow the table's shape.
 */
import t, { type Test } from 'tap';
import { parseRule } from '../../proto/routeRule.js';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { RowDataPacket } from 'mysql2/promise';
import { openStore } from '../../store/openStore.js';
import type { Store } from '../../store/store.js';
import type { StatusRow } from '../../store/statusStore.js';
import type { HistoryRow } from '../../store/historyStore.js';
import { LiveSchema } from '../../store/liveSchema.js';
import { SCHEMA_STEPS, pendingSteps, upgradeSchema, type SchemaStep } from '../../store/schemaUpgrade.js';
import { ipv4ToInt32, ipv4ToUint32 } from '../../runtime/net/ipv4.js';
import { withTestDatabase } from '../helpers/mysqlTestDb.js';
import { OLD_TS_STATUS_MYSQL, OLD_TS_STATUS_SQLITE, ORIGINAL_MYSQL, ORIGINAL_SQLITE } from '../helpers/originalSchema.js';

type Raw = Record<string, unknown>;

/** A database of one backend, reached both through our store and directly. */
interface Backend {
  url: string;
  exec(sql: string, params?: unknown[]): Promise<void>;
  rows(sql: string): Promise<Raw[]>;
  columnType(table: string, column: string): Promise<string>;
}

async function mysqlBackend(t: Test): Promise<Backend | undefined> {
  const db = await withTestDatabase(t);
  if (!db) return undefined;
  return {
    url: db.url,
    exec: async (sql, params = []) => void (await db.pool.query(sql, params)),
    rows: async (sql) => (await db.pool.query<RowDataPacket[]>(sql))[0],
    columnType: async (table, column) => {
      const [rows] = await db.pool.query<RowDataPacket[]>(
        'SELECT COLUMN_TYPE AS t FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?',
        [table, column],
      );
      return String(rows[0]?.['t']);
    },
  };
}

async function sqliteBackend(t: Test): Promise<Backend> {
  const path = join(t.testdir(), 'lars.db');
  const db = new Database(path);
  t.teardown(() => db.close());
  return {
    url: `sqlite:${path}`,
    exec: async (sql, params = []) => void db.prepare(sql).run(...params),
    rows: async (sql) => db.prepare(sql).all() as Raw[],
    columnType: async (table, column) => String((db.prepare(`SELECT type FROM pragma_table_info('${table}') WHERE name = ?`).get(column) as Raw | undefined)?.['type']),
  };
}

async function storeOn(t: Test, b: Backend): Promise<Store> {
  const store = await openStore(b.url);
  t.teardown(() => store.close());
  return store;
}

function status(ip: string, over: Partial<StatusRow> = {}): StatusRow {
  return { modid: 1, cmdid: 1, ip: ipv4ToInt32(ip), port: 80, caller: 7, succCnt: 1, errCnt: 0, ts: 1_700_000_000, overload: false, ...over };
}

const HIGH = '200.1.2.3';

/** CallHistory as Lars-TS created it before the history-unsigned upgrade (the wire's signed ip and port). */
const OLD_HISTORY_COLUMNS = 'modid INT NOT NULL, cmdid INT NOT NULL, ip INT NOT NULL, port INT NOT NULL, bucket BIGINT NOT NULL, succ_cnt BIGINT NOT NULL, err_cnt BIGINT NOT NULL, PRIMARY KEY (modid, cmdid, bucket, ip, port)';
const OLD_HISTORY = {
  mysql: `CREATE TABLE CallHistory (${OLD_HISTORY_COLUMNS}, KEY idx_history_bucket (bucket)) ENGINE = InnoDB`,
  sqlite: `CREATE TABLE CallHistory (${OLD_HISTORY_COLUMNS.replace(/\b(INT|BIGINT)\b/g, 'INTEGER')}) WITHOUT ROWID`,
};

function history(ip: string, over: Partial<HistoryRow> = {}): HistoryRow {
  return { modid: 1, cmdid: 1, ip: ipv4ToInt32(ip), port: 80, bucket: 100, succ: 1, err: 0, ...over };
}

async function rawHistory(b: Backend): Promise<number[][]> {
  const rows = await b.rows('SELECT ip, port, bucket, succ_cnt, err_cnt FROM CallHistory ORDER BY bucket, ip, port');
  return rows.map((r) => [Number(r['ip']), Number(r['port']), Number(r['bucket']), Number(r['succ_cnt']), Number(r['err_cnt'])]);
}

const backends: Array<[string, (t: Test) => Promise<Backend | undefined>, { oldStatus: string; oldHistory: string; original: readonly string[] }]> = [
  ['mysql', mysqlBackend, { oldStatus: OLD_TS_STATUS_MYSQL, oldHistory: OLD_HISTORY.mysql, original: ORIGINAL_MYSQL }],
  ['sqlite', sqliteBackend, { oldStatus: OLD_TS_STATUS_SQLITE, oldHistory: OLD_HISTORY.sqlite, original: ORIGINAL_SQLITE }],
];

for (const [name, open, schema] of backends) {
  t.test(`${name}: a signed ServerCallStatus is upgraded in place, once`, async (t) => {
    const b = await open(t);
    if (!b) return;
    await b.exec(schema.oldStatus);
    await b.exec('INSERT INTO ServerCallStatus VALUES (1, 1, ?, 80, ?, 3, 1, 5, ?)', [ipv4ToInt32(HIGH), -5, '1']);
    await b.exec('INSERT INTO ServerCallStatus VALUES (1, 1, ?, 81, 7, 4, 0, 5, ?)', [ipv4ToInt32('10.0.0.1'), '0']);
    const store = await storeOn(t, b);
    t.same(await store.init(), ['status-unsigned']);
    for (const c of ['ip', 'port', 'caller']) t.match(await b.columnType('ServerCallStatus', c), /unsigned/i, `${c} declared unsigned`);
    const raw = await b.rows('SELECT ip, port, caller FROM ServerCallStatus ORDER BY ip');
    t.same(raw.map((r) => [Number(r['ip']), Number(r['port']), Number(r['caller'])]), [
      [ipv4ToUint32('10.0.0.1'), 81, 7],
      [ipv4ToUint32(HIGH), 80, 4_294_967_291],
    ], 'negative values read as uint32, the rest unchanged');
    t.same((await store.readStatus()).map((r) => [r.ip, r.caller, r.succCnt]), [[ipv4ToInt32('10.0.0.1'), 7, 4], [ipv4ToInt32(HIGH), -5, 3]], 'read back in the wire form');
    t.same(await store.init(), [], 'a second init finds nothing to do');
    await store.upsertStatus([status('200.1.2.4', { caller: -1 })]);
    const written = await b.rows('SELECT ip, caller FROM ServerCallStatus WHERE port = 80 ORDER BY ip DESC');
    t.same([Number(written[0]?.['ip']), Number(written[0]?.['caller'])], [ipv4ToUint32('200.1.2.4'), 4_294_967_295], 'the reporter writes the unsigned value');
  });

  t.test(`${name}: a table not upgraded yet keeps taking writes, and follows an upgrade made under it`, async (t) => {
    const b = await open(t);
    if (!b) return;
    const running = await storeOn(t, b);
    await b.exec(schema.oldStatus);
    await running.upsertStatus([status(HIGH)]);
    t.equal(Number((await b.rows('SELECT ip FROM ServerCallStatus'))[0]?.['ip']), ipv4ToInt32(HIGH), 'signed form into the signed column');
    const initTool = await storeOn(t, b);
    t.same(await initTool.init(), ['status-unsigned']);
    // The running store learns the new shape from its first failed write (a reporter retries failed batches).
    const retried = await running.upsertStatus([status(HIGH, { succCnt: 9 })]).then(
      () => 'first try',
      async () => (await running.upsertStatus([status(HIGH, { succCnt: 9 })]), 'after one retry'),
    );
    t.ok(retried, `written ${retried}`);
    const rows = await b.rows('SELECT ip, succ_cnt FROM ServerCallStatus');
    t.same(rows.map((r) => [Number(r['ip']), Number(r['succ_cnt'])]), [[ipv4ToUint32(HIGH), 9]], 'one row, unsigned, updated in place');
  });

  t.test(`${name}: a signed CallHistory is upgraded in place, once; counts kept, new calls add to the converted rows`, async (t) => {
    const b = await open(t);
    if (!b) return;
    await b.exec(schema.oldHistory);
    const insert = 'INSERT INTO CallHistory (modid, cmdid, ip, port, bucket, succ_cnt, err_cnt) VALUES (1, 1, ?, ?, ?, ?, ?)';
    await b.exec(insert, [ipv4ToInt32(HIGH), 80, 100, 5, 1]);
    await b.exec(insert, [ipv4ToInt32(HIGH), 80, 110, 3, 0]);
    await b.exec(insert, [ipv4ToInt32('10.0.0.1'), 81, 100, 2, 0]);
    await b.exec(insert, [ipv4ToInt32('10.0.0.2'), -1, 100, 1, 1]);
    const store = await storeOn(t, b);
    const before = await store.readHistory({ modid: 1, cmdid: 1 }, 0);
    t.same(await store.init(), ['history-unsigned']);
    for (const c of ['ip', 'port']) t.match(await b.columnType('CallHistory', c), /unsigned/i, `${c} declared unsigned`);
    t.same(await rawHistory(b), [
      [ipv4ToUint32('10.0.0.1'), 81, 100, 2, 0],
      [ipv4ToUint32('10.0.0.2'), 4_294_967_295, 100, 1, 1],
      [ipv4ToUint32(HIGH), 80, 100, 5, 1],
      [ipv4ToUint32(HIGH), 80, 110, 3, 0],
    ], 'negative values read as uint32, counts unchanged');
    const after = await store.readHistory({ modid: 1, cmdid: 1 }, 0);
    const byHost = (rows: HistoryRow[]): string[] => rows.map((r) => `${r.bucket} ${r.ip}:${r.port} ${r.succ}/${r.err}`).sort();
    t.same(byHost(after), byHost(before), 'read back in the wire form, as before the upgrade');
    t.same(await store.init(), [], 'a second init finds nothing to do');
    await store.addHistory([history(HIGH, { succ: 4 })]);
    t.same((await rawHistory(b)).find((r) => r[0] === ipv4ToUint32(HIGH) && r[2] === 100), [ipv4ToUint32(HIGH), 80, 100, 9, 1], 'the console adds to the converted row');
    t.ok((await b.rows("SELECT 1 AS x FROM CallHistory WHERE bucket = 110")).length === 1, 'the bucket index still serves (and the table is whole)');
  });

  t.test(`${name}: a console on a signed CallHistory keeps writing, and follows an upgrade made under it`, async (t) => {
    const b = await open(t);
    if (!b) return;
    await b.exec(schema.oldHistory);
    const running = await storeOn(t, b);
    await running.addHistory([history(HIGH, { succ: 2 })]);
    t.same(await rawHistory(b), [[ipv4ToInt32(HIGH), 80, 100, 2, 0]], 'signed form into the signed column');
    const initTool = await storeOn(t, b);
    t.same(await initTool.init(), ['history-unsigned']);
    // A console keeps a failed write for its next poll: the retry finds the new shape.
    const retried = await running.addHistory([history(HIGH, { succ: 5 })]).then(
      () => 'first try',
      async () => (await running.addHistory([history(HIGH, { succ: 5 })]), 'after one retry'),
    );
    t.ok(retried, `written ${retried}`);
    t.same(await rawHistory(b), [[ipv4ToUint32(HIGH), 80, 100, 7, 0]], 'one row, unsigned, added to in place');
  });

  t.test(`${name}: the original's schema gets only what it lacks; its data stays`, async (t) => {
    const b = await open(t);
    if (!b) return;
    for (const sql of schema.original) await b.exec(sql);
    await b.exec('INSERT INTO RouteData (modid, cmdid, serverip, serverport) VALUES (5, 6, ?, 9000)', [ipv4ToUint32(HIGH)]);
    const version = Number((await b.rows('SELECT version FROM RouteVersion WHERE id = 1'))[0]?.['version']);
    const store = await storeOn(t, b);
    t.equal(await store.pruneChanges(Date.now()), 0, 'before the upgrade: nothing to prune by, no error');
    t.same(await store.listKeyNames(), [], 'before the upgrade: no service names, no error');
    await t.rejects(store.setKeyName({ modid: 5, cmdid: 6 }, 'orders.get'), { code: 'STORE_NO_SCHEMA', message: /lars db init/ });
    t.same(await store.listRules(), [], 'before the upgrade: no routing rules, no error');
    await t.rejects(store.setRules({ modid: 5, cmdid: 6 }, [parseRule('split v=2 5%')]), { code: 'STORE_NO_SCHEMA', message: /lars db init/ });
    t.same(await store.init(), ['route-change-created-at', 'route-weight', 'route-zone-tags'], 'status columns were unsigned already');
    t.same(await store.init(), []);
    t.equal(await store.getVersion(), version, 'version kept');
    t.same(await store.listHosts(), [{ modid: 5, cmdid: 6, ip: ipv4ToUint32(HIGH), port: 9000 }], 'weight 1 (the column default) is left out');
    t.same(await store.claimHistoryLease('console-1', 1_000, 4_000), { outcome: 'taken' }, 'the history lease table and its row were added');
    const lease = { modid: 5, cmdid: 6, ip: ipv4ToUint32('10.9.9.9'), port: 80, weight: 1, ttlMs: 10_000, passing: true, detail: '' };
    const registered = await store.applyLeases('dns test', [{ type: 'register', owner: 'agent h1', instance: lease }, { type: 'register', owner: 'agent h1', instance: { ...lease, ip: ipv4ToUint32(HIGH), port: 9000 } }]);
    t.same(registered.results.map((r) => r.outcome), ['registered', 'registered'], 'registration leases and drains work on the upgraded original');
    t.same((await store.listHosts()).length, 2, 'the static host was not duplicated by its registration (that table has no unique key)');
    t.same((await store.listHostStates()).map((h) => [h.static, h.lease?.owner]), [[false, 'agent h1'], [true, 'agent h1']]);
    t.same(await store.drainHost(lease, 'ops'), { status: 'drained', version: registered.version + 1 });
    t.same((await store.recentEdits({ modid: 5, cmdid: 6 }, 10)).map((e) => [e.action, e.who]), [['disable', 'ops']], 'the audit table was added and the drain is in it');
    t.same(await store.setKeyName({ modid: 5, cmdid: 6 }, 'orders.get', 'ops'), { status: 'set', version: registered.version + 2 }, 'the name table was added: the same store names a key without a restart');
    t.same(await store.keyOfName('orders.get'), { modid: 5, cmdid: 6 });
    t.same(await store.setRules({ modid: 5, cmdid: 6 }, [parseRule('split v=2 5%')], 'ops'), { status: 'set', version: registered.version + 3, previous: [] }, 'the rule table was added too');
  });
}

t.test('mysql: an upgrade interrupted after its first statement completes on the next init', async (t) => {
  const b = await mysqlBackend(t);
  if (!b) return;
  await b.exec(OLD_TS_STATUS_MYSQL);
  await b.exec('INSERT INTO ServerCallStatus VALUES (1, 1, ?, 80, 7, 3, 1, 5, ?)', [ipv4ToInt32(HIGH), '1']);
  const step = SCHEMA_STEPS.find((s) => s.name === 'status-unsigned');
  await b.exec(step?.mysql[0] ?? 'missing step');
  const store = await storeOn(t, b);
  t.same(await store.init(), ['status-unsigned']);
  t.equal(Number((await b.rows('SELECT ip FROM ServerCallStatus'))[0]?.['ip']), ipv4ToUint32(HIGH));
  t.match(await b.columnType('ServerCallStatus', 'ip'), /^int(\(\d+\))? unsigned$/);
});

t.test('mysql: a history upgrade interrupted after widening merges rows a signed writer added meanwhile', async (t) => {
  const b = await mysqlBackend(t);
  if (!b) return;
  await b.exec(OLD_HISTORY.mysql);
  const insert = 'INSERT INTO CallHistory (modid, cmdid, ip, port, bucket, succ_cnt, err_cnt) VALUES (1, 1, ?, 80, 100, ?, 0)';
  await b.exec(insert, [ipv4ToInt32(HIGH), 5]);
  const step = SCHEMA_STEPS.find((s) => s.name === 'history-unsigned');
  await b.exec(step?.mysql[0] ?? 'missing step');
  // As if a first run had moved the row and a console with the old shape cached then wrote the signed form again.
  await b.exec(insert, [ipv4ToUint32(HIGH), 3]);
  const store = await storeOn(t, b);
  t.same(await store.init(), ['history-unsigned']);
  t.same(await rawHistory(b), [[ipv4ToUint32(HIGH), 80, 100, 8, 0]], 'both forms of the host merged into one unsigned row');
  t.match(await b.columnType('CallHistory', 'ip'), /^int(\(\d+\))? unsigned$/);
  t.same((await store.readHistory({ modid: 1, cmdid: 1 }, 0)).map((r) => [r.ip, r.succ]), [[ipv4ToInt32(HIGH), 8]]);
});

t.test('mysql: two concurrent inits on an old database both succeed', async (t) => {
  const b = await mysqlBackend(t);
  if (!b) return;
  for (const sql of ORIGINAL_MYSQL) await b.exec(sql);
  await b.exec('DROP TABLE ServerCallStatus');
  await b.exec(OLD_TS_STATUS_MYSQL);
  await b.exec(OLD_HISTORY.mysql);
  await b.exec('INSERT INTO CallHistory VALUES (1, 1, ?, 80, 100, 5, 1)', [ipv4ToInt32(HIGH)]);
  const [one, two] = [await storeOn(t, b), await storeOn(t, b)];
  const applied = await Promise.all([one.init(), two.init()]);
  t.same([...new Set(applied.flat())].sort(), ['history-unsigned', 'route-change-created-at', 'route-weight', 'route-zone-tags', 'status-unsigned'], 'each step applied by one of them (or both)');
  t.same(await one.init(), []);
  t.same(await rawHistory(b), [[ipv4ToUint32(HIGH), 80, 100, 5, 1]], 'the history row converted once');
});

t.test('the runner: ordered, reads the live schema before each step, tolerates a step another init finished', async (t) => {
  let live = new LiveSchema([{ table: 'A', column: 'x', type: 'int' }]);
  const ran: string[] = [];
  const step = (name: string, column: string): SchemaStep => ({
    name,
    summary: name,
    needed: (l) => l.lacksColumn('A', column),
    mysql: [name],
    sqlite: [name],
  });
  const engine = {
    backend: 'sqlite' as const,
    readLive: async () => live,
    apply: async ([sql]: readonly string[]) => {
      ran.push(String(sql));
      const column = String(sql).slice(-1);
      live = new LiveSchema([{ table: 'A', column: 'x', type: 'int' }, { table: 'A', column: 'y', type: 'int' }, ...(column === 'z' ? [{ table: 'A', column: 'z', type: 'int' }] : [])]);
      if (sql === 'add-z') throw new Error('duplicate column (another init won)');
      if (sql === 'bad-w') throw new Error('broken');
    },
  };
  const steps = [step('add-y', 'y'), step('again-y', 'y'), step('add-z', 'z')];
  t.same(pendingSteps(live, steps), ['add-y', 'again-y', 'add-z']);
  t.same(await upgradeSchema(engine, steps), ['add-y'], 'add-z failed but is no longer needed: not an error, not counted as ours');
  t.same(ran, ['add-y', 'add-z'], 'again-y saw the column add-y added');
  await t.rejects(upgradeSchema(engine, [step('bad-w', 'w')]), /broken/, 'a step still needed after failing is an error');
  t.same(pendingSteps(new LiveSchema([]), SCHEMA_STEPS), [], 'an empty database needs no step: the schema file creates everything');
});
