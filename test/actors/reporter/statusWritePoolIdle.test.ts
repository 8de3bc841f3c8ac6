/**
 * Issue 23: the reporter's write pool holds no thread while idle. It starts
 * empty, grows to at most `threads` under load, and each worker exits once
 * idle for idleTimeoutMs (awaited through piscina's workerDestroy, no sleep).
 */
import t from 'tap';
import { openStore } from '../../../store/openStore.js';
import { packRows } from '../../../actors/reporter/packedRows.js';
import { StatusWritePool } from '../../../actors/reporter/statusWritePool.js';
import { sqliteUrl } from './fixtures/reporterFixture.js';

const row = (i: number): Parameters<typeof packRows>[0][number] => ({ modid: 1, cmdid: 1, ip: i, port: 80, caller: 0, succCnt: 1, errCnt: 0, ts: 1, overload: false });

t.test('starts with no thread, grows under load up to its bound, idles back to none', async (t) => {
  const url = sqliteUrl(t);
  const setup = await openStore(url);
  await setup.init();
  await setup.close();
  const pool = new StatusWritePool({ storeUrl: url, threads: 2, idleTimeoutMs: 200 });
  t.teardown(() => pool.destroy());
  t.equal(pool.threads, 0, 'no thread before the first batch');
  // Listening from the start: under tap a worker can idle out while another still boots.
  const idle = new Promise<void>((resolve) =>
    pool.onWorkerExit(() => {
      if (pool.threads === 0) resolve();
    }),
  );

  const writes = Array.from({ length: 6 }, (_, i) => pool.write(packRows([row(i)])));
  t.ok(pool.threads >= 1 && pool.threads <= 2, `grew under load (${pool.threads} threads, bound 2)`);
  await Promise.all(writes);

  // piscina unrefs its workers and idle timers: keep the test process alive while it waits.
  const keepAlive = setInterval(() => undefined, 1000);
  await idle;
  clearInterval(keepAlive);
  t.equal(pool.threads, 0, 'every idle worker exited');

  await pool.write(packRows([row(99)]));
  t.equal(pool.threads, 1, 'the next batch starts a worker again');
});
