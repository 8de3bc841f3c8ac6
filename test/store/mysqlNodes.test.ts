/**
 * MySQL store on a host list and under conflicts, against the machine's
 * MariaDB (plain, no wsrep): the first reachable host is used, a host that
 * dies mid-use is left for the next within one call, and a transaction that
 * loses a deadlock is run again inside the store; a host that hangs (a stopped
 * proxy process: no answer, no reset) is left at the query deadline. Galera readiness is proven
 * by test/cluster/galera.test.ts on a real cluster.
 */
import t from 'tap';
import { openStore } from '../../store/openStore.js';
import { withTestDatabase, testServer } from '../helpers/mysqlTestDb.js';
import { TcpProxy } from '../helpers/tcpProxy.js';
import { startTcpProxyProcess } from '../helpers/tcpProxyProcess.js';
import { freeTcpPort } from '../helpers/freePorts.js';
import { mysqlStoreError } from '../../store/mysql/mysqlErrors.js';
import type { RowDataPacket } from 'mysql2/promise';
import { until } from '../e2e/fixtures/metrics.js';

const server = testServer();

/** The test database's URL with its host replaced by a list. */
function listUrl(url: string, hosts: string[]): string {
  return url.replace(`@${server.host}:${server.port}/`, `@${hosts.join(',')}/`);
}

t.test('the first reachable host of a list is used; a dead one is skipped', async (t) => {
  const db = await withTestDatabase(t);
  if (!db) return;
  const dead = await freeTcpPort();
  const store = await openStore(listUrl(db.url, [`127.0.0.1:${dead}`, `${server.host}:${server.port}`]), { connectTimeoutMs: 1000 });
  t.teardown(() => store.close());
  await store.init();
  t.equal(await store.getVersion(), 0);
  t.same(await store.addHost(1, 1, 1, 1), { status: 'added', version: 1 });
  t.equal(store.counters.failovers, 1, 'moved off the dead host once, then stayed');
});

t.test('a host that dies mid-use is left for the next within the same call', async (t) => {
  const db = await withTestDatabase(t);
  if (!db) return;
  const a = await TcpProxy.start(server.port, server.host);
  const b = await TcpProxy.start(server.port, server.host);
  t.teardown(async () => {
    await a.close();
    await b.close();
  });
  const lines: string[] = [];
  const store = await openStore(listUrl(db.url, [`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`]), { connectTimeoutMs: 1000, log: (l) => lines.push(l) });
  t.teardown(() => store.close());
  await store.init();
  await store.addHost(1, 1, 1, 1);
  t.equal(b.accepted, 0, 'the first host serves while it is up');

  await a.cut();
  let started = Date.now();
  t.equal(await store.getVersion(), 1, 'read answered by the second host');
  t.same(await store.addHost(1, 1, 2, 2), { status: 'added', version: 2 }, 'edit too');
  t.ok(Date.now() - started < 1000, `failover took ${Date.now() - started} ms`);
  t.ok(b.accepted >= 1);
  t.match(lines.join('\n'), new RegExp(`store: now on 127\\.0\\.0\\.1:${b.port}`), 'the move is logged');

  await a.restore();
  await b.cut();
  started = Date.now();
  t.same(await store.addHost(1, 1, 3, 3), { status: 'added', version: 3 }, 'and back to the first when the second dies');
  t.ok(Date.now() - started < 1000);
  t.equal(store.counters.failovers, 2);

  await a.cut();
  await t.rejects(store.getVersion(), { code: 'STORE_UNAVAILABLE', message: /no ready node/ }, 'every host down: one coded error naming them');
});

t.test('a host that hangs is left at the query deadline: the next try of the same call goes to the next host', async (t) => {
  const db = await withTestDatabase(t);
  if (!db) return;
  const hung = await startTcpProxyProcess(t, server.port, server.host);
  const lines: string[] = [];
  // A connect timeout far above the query deadline: time spent connecting to the hung host would show.
  const store = await openStore(listUrl(db.url, [`127.0.0.1:${hung.port}`, `${server.host}:${server.port}`]), { queryTimeoutMs: 1000, connectTimeoutMs: 4000, log: (l) => lines.push(l) });
  t.teardown(() => store.close());
  await store.init();
  await store.addHost(1, 1, 1, 1);
  t.equal(store.counters.failovers, 0, 'the first host serves while it answers');

  hung.hang();
  let started = Date.now();
  t.equal(await store.getVersion(), 1, 'the read is answered by the second host');
  let took = Date.now() - started;
  t.ok(took >= 1000 && took < 2500, `read took ${took} ms: the query deadline (1000), not a connect timeout (4000) on the hung host`);
  t.equal(store.counters.failovers, 1);
  t.match(lines.join('\n'), new RegExp(`store: now on ${server.host.replace(/\./g, '\\.')}:${server.port}`), 'the move is logged');
  started = Date.now();
  t.same(await store.addHost(1, 1, 2, 2), { status: 'added', version: 2 }, 'an edit right after');
  took = Date.now() - started;
  t.ok(took < 1000, `went to the second host at once (${took} ms)`);

  hung.resume();
  t.equal(await store.getVersion(), 2, 'still served once the hung host carries on');
});

t.test('close() while a query waits on a hung host returns at once; the query fails', async (t) => {
  const db = await withTestDatabase(t);
  if (!db) return;
  const hung = await startTcpProxyProcess(t, server.port, server.host);
  const store = await openStore(listUrl(db.url, [`127.0.0.1:${hung.port}`]), { queryTimeoutMs: 20_000 });
  await store.init();
  // An edit held on the version lock is a query surely in flight when the host hangs.
  const locker = await db.pool.getConnection();
  t.teardown(() => locker.release());
  await locker.query('START TRANSACTION');
  await locker.query('SELECT version FROM RouteVersion WHERE id = 1 FOR UPDATE');
  const pending = store.addHost(1, 1, 1, 1).then(
    () => 'answered',
    (err: unknown) => err,
  );
  await until('the edit waits on the lock', async () => (await db.pool.query<RowDataPacket[]>("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE '%RouteVersion%FOR UPDATE%' AND ID <> CONNECTION_ID()", [db.name]))[0], (rows) => rows.length >= 1);
  hung.hang();
  await locker.query('ROLLBACK');
  const started = Date.now();
  const bound = new Promise<'still closing'>((resolve) => setTimeout(() => resolve('still closing'), 5000).unref());
  t.equal(await Promise.race([store.close().then(() => 'closed' as const), bound]), 'closed', 'close() did not wait behind the unanswered query');
  t.match(await pending, { code: 'STORE_CLOSED' }, 'the edit failed as closed');
  t.ok(Date.now() - started < 2000, `both within ${Date.now() - started} ms, far below the 20 s deadline`);
});

t.test('a transaction that loses a deadlock is run again inside the store', async (t) => {
  const db = await withTestDatabase(t);
  if (!db) return;
  const store = await openStore(db.url, { poolSize: 1 });
  t.teardown(() => store.close());
  await store.init();
  const locker = await db.pool.getConnection();
  t.teardown(() => locker.release());
  // The locker holds RouteChange and is heavier (more rows written), so InnoDB picks the store's edit as the victim.
  await locker.query('START TRANSACTION');
  await locker.query(`INSERT INTO ServerCallStatus (modid, cmdid, ip, port, caller, succ_cnt, err_cnt, ts, overload) VALUES ${Array.from({ length: 50 }, (_, i) => `(1, 1, 1, ${i}, 1, 0, 0, 0, '0')`).join(',')}`);
  await locker.query('SELECT id FROM RouteChange FOR UPDATE');
  const edit = store.addHost(1, 1, 9, 9);
  // Wait (on the server's own state) until the edit holds RouteVersion and waits for RouteChange: its insert shows in
  // the process list of this test's database (other suites share the server; INNODB_TRX does not always list an
  // insert waiting on a gap lock as LOCK WAIT).
  for (;;) {
    const [rows] = await db.pool.query<import('mysql2/promise').RowDataPacket[]>(
      "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE 'INSERT INTO RouteChange%'",
      [db.name],
    );
    if (Number(rows[0]?.['n']) > 0) break;
    await new Promise((r) => setImmediate(r));
  }
  await locker.query('SELECT version FROM RouteVersion WHERE id = 1 FOR UPDATE');
  await locker.query('COMMIT');
  t.same(await edit, { status: 'added', version: 1 }, 'the edit succeeded after its retry');
  t.ok(store.counters.conflicts >= 1, `conflicts counted: ${store.counters.conflicts}`);
  t.equal(await store.getVersion(), 1, 'bumped once');
});

t.test('driver errors are classed: conflicts, a node out of the primary component', async (t) => {
  const cases: [object, string][] = [
    [{ code: 'ER_LOCK_DEADLOCK', errno: 1213, message: 'Deadlock found when trying to get lock; try restarting transaction' }, 'STORE_CONFLICT'],
    [{ code: 'ER_LOCK_WAIT_TIMEOUT', errno: 1205, message: 'Lock wait timeout exceeded' }, 'STORE_CONFLICT'],
    [{ code: 'ER_QUERY_INTERRUPTED', errno: 1317, message: 'WSREP detected deadlock/conflict and aborted the transaction. Try restarting the transaction' }, 'STORE_CONFLICT'],
    [{ code: 'ER_UNKNOWN_COM_ERROR', errno: 1047, message: 'WSREP has not yet prepared node for application use' }, 'STORE_UNAVAILABLE'],
    [{ code: 'ER_UNKNOWN_COM_ERROR', errno: 1047, message: 'Unknown command' }, 'STORE_FAILED'],
  ];
  for (const [err, code] of cases) t.equal(mysqlStoreError(err, 'x').code, code, JSON.stringify(err));
});
