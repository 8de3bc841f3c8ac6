/** The reporter's store probe on a real MariaDB store behind a proxy process that hangs, with a hand-moved clock. */
import t from 'tap';
import { StoreProbe } from '../../../actors/reporter/storeProbe.js';
import { openStore } from '../../../store/openStore.js';
import { testServer, withTestDatabase } from '../../helpers/mysqlTestDb.js';
import { startTcpProxyProcess } from '../../helpers/tcpProxyProcess.js';

t.test('a probe unanswered for stallAfterMs makes the store degraded while it still runs; the answer clears it', async (t) => {
  const db = await withTestDatabase(t);
  if (!db) return;
  const server = testServer();
  const hung = await startTcpProxyProcess(t, server.port, server.host);
  // A store deadline far off, so the probe is still running whatever this test's clock says.
  const store = await openStore(db.url.replace(`@${server.host}:${server.port}/`, `@127.0.0.1:${hung.port}/`), { queryTimeoutMs: 60_000 });
  t.teardown(() => store.close());
  await store.init();
  const clock = { now: 0 };
  const lines: string[] = [];
  const probe = new StoreProbe(store, 'mysql://db', (line) => lines.push(line), { stallAfterMs: 3000, now: () => clock.now });
  await probe.probe();
  t.equal(probe.degraded, undefined, 'answers');

  hung.hang();
  clock.now = 1000;
  let settled = false;
  const running = probe.probe().finally(() => (settled = true));
  t.equal(probe.probe(), probe.probe(), 'later asks join the probe running');
  clock.now = 3999;
  t.equal(probe.degraded, undefined, 'within the deadline: no verdict yet');
  clock.now = 4000;
  t.equal(probe.degraded, 'store mysql://db: unanswered for 3000 ms', 'past it: degraded (/healthz 503) before the probe ends');
  t.notOk(settled);

  hung.resume();
  await running;
  t.equal(probe.degraded, undefined, 'the held answer arrives: healthy again');
});
