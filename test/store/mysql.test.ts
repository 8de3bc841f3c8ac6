/**
 * The shared store suites on MariaDB/MySQL (a database per test, see
 * test/helpers/mysqlTestDb.ts), plus what only MySQL has: connection loss,
 * unreachable server, database creation, migration of the original schema.
 */
import t from 'tap';
import type { RowDataPacket } from 'mysql2/promise';
import { openStore } from '../../store/openStore.js';
import type { FreshStore } from './suites/freshStore.js';
import { routeStoreSuite } from './suites/routeStoreSuite.js';
import { statusStoreSuite } from './suites/statusStoreSuite.js';
import { historyStoreSuite } from './suites/historyStoreSuite.js';
import { historyLeaseSuite } from './suites/historyLeaseSuite.js';
import { leaseStoreSuite } from './suites/leaseStoreSuite.js';
import { routeAuditSuite } from './suites/routeAuditSuite.js';
import { keyNameSuite } from './suites/keyNameSuite.js';
import { routeRuleSuite } from './suites/routeRuleSuite.js';
import { withTestDatabase } from '../helpers/mysqlTestDb.js';
import { ipv4ToUint32 } from '../../runtime/net/ipv4.js';

const fresh: FreshStore = async (t, options = {}) => {
  const db = await withTestDatabase(t);
  if (!db) return undefined;
  const store = await openStore(db.url, options);
  t.teardown(() => store.close());
  if (!options.skipInit) await store.init();
  return store;
};

const available = await withTestDatabase(t);
if (available) {
  t.test('route store', (t) => {
    routeStoreSuite(t, fresh);
    t.end();
  });

  t.test('status store', (t) => {
    statusStoreSuite(t, fresh);
    t.end();
  });

  t.test('history store', (t) => {
    historyStoreSuite(t, fresh);
    t.end();
  });

  t.test('history lease', (t) => {
    historyLeaseSuite(t, fresh);
    t.end();
  });

  t.test('registration leases', (t) => {
    leaseStoreSuite(t, fresh);
    t.end();
  });

  t.test('audit trail', (t) => {
    routeAuditSuite(t, fresh);
    t.end();
  });

  t.test('service names', (t) => {
    keyNameSuite(t, fresh);
    t.end();
  });

  t.test('routing rules', (t) => {
    routeRuleSuite(t, fresh);
    t.end();
  });

  t.test('a killed connection does not wedge the pool', async (t) => {
    const db = await withTestDatabase(t);
    if (!db) return;
    const store = await openStore(db.url, { poolSize: 1 });
    t.teardown(() => store.close());
    await store.init();
    await store.addHost(1, 1, 1, 1);
    for (let round = 0; round < 3; round++) {
      const [ids] = await db.pool.query<RowDataPacket[]>(
        'SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()',
        [db.name],
      );
      t.ok(ids.length >= 1, `round ${round}: the store holds a connection`);
      for (const { id } of ids) await db.pool.query('KILL CONNECTION ?', [id]);
      t.equal(await store.getVersion(), 1 + round, `round ${round}: read works after its connection was killed`);
      t.same(await store.addHost(1, 1, 2 + round, 1), { status: 'added', version: 2 + round }, `round ${round}: edit works too`);
    }
  });

  t.test('a query stuck past queryTimeoutMs fails as STORE_UNAVAILABLE and the pool carries on', async (t) => {
    const db = await withTestDatabase(t);
    if (!db) return;
    const store = await openStore(db.url, { poolSize: 1, queryTimeoutMs: 300 });
    t.teardown(() => store.close());
    await store.init();
    const locker = await db.pool.getConnection();
    await locker.query('START TRANSACTION');
    await locker.query('SELECT version FROM RouteVersion WHERE id = 1 FOR UPDATE');
    const started = Date.now();
    await t.rejects(store.addHost(1, 1, 1, 1), { code: 'STORE_UNAVAILABLE' }, 'edit blocked on the version lock times out');
    t.ok(Date.now() - started < 5000, 'well before the server lock wait timeout');
    await locker.query('ROLLBACK');
    locker.release();
    t.same(await store.addHost(1, 1, 1, 1), { status: 'added', version: 1 }, 'the timed-out edit left nothing behind');
  });

  t.test('unreachable server and refused login are coded', async (t) => {
    const down = await openStore('mysql://root@127.0.0.1:1/lars', { connectTimeoutMs: 1000 });
    t.teardown(() => down.close());
    const err = await down.getVersion().catch((e: unknown) => e);
    t.match(err, { code: 'STORE_UNAVAILABLE', retryable: true });
    const denied = await openStore('mysql://lars_no_such_user:wrong@127.0.0.1:3306/test');
    t.teardown(() => denied.close());
    await t.rejects(denied.getVersion(), { code: 'STORE_ACCESS_DENIED' });
  });

  t.test('init creates a missing database', async (t) => {
    const db = await withTestDatabase(t);
    if (!db) return;
    const name = `${db.name}_new`;
    t.teardown(async () => {
      await db.pool.query(`DROP DATABASE IF EXISTS \`${name}\``);
    });
    const store = await openStore(db.url.replace(db.name, name));
    t.teardown(() => store.close());
    await t.rejects(store.getVersion(), { code: 'STORE_NO_SCHEMA' });
    await store.init();
    t.equal(await store.getVersion(), 0);
  });

  t.test('init upgrades the original schema (RouteChange without created_at_ms)', async (t) => {
    const db = await withTestDatabase(t);
    if (!db) return;
    await db.pool.query(
      'CREATE TABLE RouteChange (id int NOT NULL AUTO_INCREMENT, modid int NOT NULL, cmdid int NOT NULL, version bigint unsigned NOT NULL, PRIMARY KEY (id))',
    );
    await db.pool.query('INSERT INTO RouteChange (modid, cmdid, version) VALUES (9, 9, 0)');
    const store = await openStore(db.url, { now: () => 5000 });
    t.teardown(() => store.close());
    await store.init();
    await store.init();
    t.same(await store.addHost(1, 1, ipv4ToUint32('1.2.3.4'), 80), { status: 'added', version: 1 });
    t.equal(await store.pruneChanges(1), 1, 'the legacy row counts as oldest');
    t.same(await store.changesSince(0), { version: 1, keys: [{ modid: 1, cmdid: 1 }], complete: true });
  });
  t.test('history lease: a deleted lease row is put back by the first claim', async (t) => {
    const db = await withTestDatabase(t);
    if (!db) return;
    const store = await openStore(db.url);
    t.teardown(() => store.close());
    await store.init();
    await db.pool.query('DELETE FROM HistoryLease');
    t.same(await store.claimHistoryLease('a', 1_000, 4_000), { outcome: 'taken' });
    t.same(await store.claimHistoryLease('b', 1_000, 4_000), { outcome: 'held', holder: 'a', expiresMs: 4_000 });
  });
}
