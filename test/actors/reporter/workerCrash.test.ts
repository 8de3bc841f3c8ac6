/**
 * A pool worker that dies or throws under a batch loses nothing: the batch
 * is put back, retried on the worker piscina starts in its place, and lands.
 * The real worker runs behind fixtures/crashingWriteWorker.ts.
 */
import t from 'tap';
import { siblingModule } from '../../../runtime/actors/moduleUrl.js';
import { openStore } from '../../../store/openStore.js';
import { checkAccounting, drained, expectedRows, sendRounds, sqliteUrl, startReporter, type KeySpace } from './fixtures/reporterFixture.js';
import { CRASH_MODES } from './fixtures/crashingWriteWorker.js';

t.test('every kind of worker failure is retried and no batch is lost', async (t) => {
  // The pool starts workers on demand and piscina unrefs them: between a death and the retry's worker
  // nothing else may hold this test process open.
  const keepAlive = setInterval(() => undefined, 1000);
  t.teardown(() => clearInterval(keepAlive));
  const url = sqliteUrl(t);
  const setupStore = await openStore(url);
  await setupStore.init();
  await setupStore.close();

  const crashPlan = new SharedArrayBuffer(8);
  const plan = new Int32Array(crashPlan);
  const { service, port } = await startReporter(
    t,
    url,
    { batch_rows: 40, retry_backoff_min_ms: 10, retry_backoff_max_ms: 50 },
    { pool: { workerUrl: siblingModule(import.meta.url, './fixtures/crashingWriteWorker'), extraWorkerData: { crashPlan } } },
  );
  const reader = await openStore(url);
  t.teardown(() => reader.close());
  const space: KeySpace = { modids: 2, hosts: 10 }; // 80 keys: two batches per round

  let round = 0;
  let failures = 0;
  for (const [modeIndex, mode] of CRASH_MODES.entries()) {
    round++;
    Atomics.store(plan, 1, modeIndex);
    Atomics.store(plan, 0, 1); // the next batch fails (each death costs a worker boot of seconds under tap)
    await sendRounds(service, port, space, round, round);
    await drained(service);
    failures += 1;
    const m = service.metrics();
    t.equal(m.workerFailures, failures, `${mode}: the failure is counted`);
    t.ok(m.retries >= 1, `${mode}: retried`);
    t.equal(m.rowsDropped, 0, `${mode}: nothing dropped`);
    t.equal(m.rowsAccepted, m.rowsWritten, `${mode}: accepted = written`);
    checkAccounting(t, m, mode);
    t.same(await reader.readStatus(), expectedRows(space, round), `${mode}: the round landed whole`);
  }
  t.equal(service.metrics().idleWorkerErrors, 0);
});
