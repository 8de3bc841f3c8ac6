/**
 * The reporter against MariaDB behind a proxy process that hangs (SIGSTOP: no
 * answer, no reset, as a host that lost power): a batch stuck there is
 * written again on the next host of the list, and with no host left the
 * stuck writes show on health and lead to the step-aside before they end.
 */
import t, { type Test } from 'tap';
import { openStore } from '../../../store/openStore.js';
import { testServer, withTestDatabase, type TestDatabase } from '../../helpers/mysqlTestDb.js';
import { startTcpProxyProcess, type TcpProxyProcess } from '../../helpers/tcpProxyProcess.js';
import { until as poll } from '../../e2e/fixtures/metrics.js';
import { checkAccounting, drained, expectedRows, sendRounds, startReporter, until, type KeySpace } from './fixtures/reporterFixture.js';

/** A fresh database whose URL lists a proxy process first, then (when `direct`) the server itself: [url, proxy, db]. */
async function behindHangingProxy(t: Test, direct: boolean): Promise<[string, TcpProxyProcess, TestDatabase] | undefined> {
  const db = await withTestDatabase(t);
  if (!db) return undefined;
  const schema = await openStore(db.url);
  await schema.init().finally(() => schema.close());
  const server = testServer();
  const proxy = await startTcpProxyProcess(t, server.port, server.host);
  const hosts = [`127.0.0.1:${proxy.port}`, ...(direct ? [`${server.host}:${server.port}`] : [])];
  return [db.url.replace(`@${server.host}:${server.port}/`, `@${hosts.join(',')}/`), proxy, db];
}

t.test('the first host hangs mid-stream: the stuck batch is written again on the next host within 5 s, every row at its final value', async (t) => {
  const setup = await behindHangingProxy(t, true);
  if (!setup) return;
  const [url, proxy, db] = setup;
  const space: KeySpace = { modids: 5, hosts: 10 }; // 200 keys
  // Default deadlines (store_query_timeout_ms 3000): the goal is about them.
  const { service, port } = await startReporter(t, url, { batch_rows: 50 });
  await sendRounds(service, port, space, 1, 1);
  await drained(service);
  t.equal(service.metrics().storeFailovers, 0, 'written through the first host while it answers');

  proxy.hang();
  const hungAt = Date.now();
  const written = service.writer.rowsWritten;
  const resumed = until(service, () => service.writer.rowsWritten > written);
  await sendRounds(service, port, space, 2, 3);
  await resumed;
  const took = Date.now() - hungAt;
  t.ok(took <= 5000, `writes resumed on the next host ${took} ms after the hang (goal 5000)`);
  await drained(service);
  const m = service.metrics();
  t.equal(m.storeFailovers, 1, 'one node switch');
  t.equal(m.rowsDropped, 0);
  t.equal(m.rowsAccepted, m.rowsWritten, 'accepted = written');
  checkAccounting(t, m);
  const reader = await openStore(db.url);
  t.teardown(() => reader.close());
  t.same(await reader.readStatus(), expectedRows(space, 3), 'every row at its last round, nothing lost');
});

t.test('the only host hangs: stuck writes show at the deadline and the reporter steps aside while the batch still waits; SIGCONT: it all lands', async (t) => {
  const setup = await behindHangingProxy(t, false);
  if (!setup) return;
  const [url, proxy, db] = setup;
  const space: KeySpace = { modids: 2, hosts: 5 }; // 40 keys
  // A connect timeout far above the query deadline keeps the batch in its retry for the whole check.
  const { service, port } = await startReporter(t, url, { store_query_timeout_ms: 1000, store_connect_timeout_ms: 20_000, step_aside_after: 2 });
  await sendRounds(service, port, space, 1, 1);
  await drained(service);

  proxy.hang();
  const hungAt = Date.now();
  await sendRounds(service, port, space, 2, 2);
  t.equal(service.writesStuck(), undefined, 'not stuck before the deadline');
  const stuck = await poll('writes seen stuck', async () => service.writesStuck(), (why) => why !== undefined, 10_000);
  const stuckAfter = Date.now() - hungAt;
  t.match(stuck, /database write unanswered for \d+ ms, 40 rows waiting/);
  t.ok(stuckAfter >= 1000 && stuckAfter < 2500, `stuck ${stuckAfter} ms after the hang (deadline 1000)`);
  await poll('stepped aside', async () => service.aside.steppedAside, (aside) => aside, 10_000);
  const asideAfter = Date.now() - hungAt;
  t.ok(asideAfter >= 2000 && asideAfter < 4000, `stepped aside ${asideAfter} ms after the hang (step_aside_after 2 s)`);
  t.equal(service.writer.batchesFailed, 0, 'the batch had not even failed yet: nothing waited for it');
  t.match(service.aside.reason, /no working store for 2 s \(database write unanswered/);

  proxy.resume();
  await drained(service);
  await poll('back to serving', async () => service.aside.steppedAside, (aside) => !aside);
  const m = service.metrics();
  t.equal(m.rowsDropped, 0);
  t.equal(m.rowsAccepted, m.rowsWritten);
  const reader = await openStore(db.url);
  t.teardown(() => reader.close());
  t.same(await reader.readStatus(), expectedRows(space, 2), 'every row at its last round');
});
