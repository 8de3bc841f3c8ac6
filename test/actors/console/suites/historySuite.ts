/** The console's call history and its writer lease on one backend; run by consoleApi.sqlite.test.ts and consoleApi.mysql.test.ts. */
import type { Test } from 'tap';
import { ipv4ToInt32, ipv4ToUint32 } from '../../../../runtime/net/ipv4.js';
import { openStore } from '../../../../store/openStore.js';
import { consoleOver, type FreshUrl } from '../fixtures/consoleFixture.js';
import { call } from '../fixtures/http.js';
import { dropTable, rawRows, status, sum } from '../fixtures/storeRows.js';

export function historySuite(t: Test, fresh: FreshUrl): void {
  t.test('history: calls between reads go to buckets, survive a console restart, no double count', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url, { history_bucket: 10 });
    const t0 = Math.floor(c.clock.ms / 1000);
    await c.store.upsertStatus([status({ succCnt: 50, errCnt: 5, ts: t0 })]);
    await c.service.pollOnce(); // baseline: calls before the first read are not known to be new
    c.clock.ms += 1000;
    await c.store.upsertStatus([status({ succCnt: 80, errCnt: 25, ts: t0 + 1 })]);
    await c.service.pollOnce(); // +30 succ, +20 err
    c.clock.ms += 1000;
    await c.service.pollOnce(); // same ts: nothing new
    c.clock.ms += 10_000;
    await c.store.upsertStatus([status({ succCnt: 4, errCnt: 1, ts: t0 + 12 })]);
    await c.service.pollOnce(); // the window restarted: all of it is new, in the next bucket
    const h = await call(c.url, 'GET', '/api/keys/1/1/history?minutes=60');
    t.equal(h.status, 200);
    const b0 = Math.floor((t0 + 1) / 10) * 10;
    const b1 = Math.floor((t0 + 12) / 10) * 10;
    t.same(h.json.hosts, [{ ip: '10.0.0.1', port: 8001, points: b0 === b1 ? [[b0, 34, 21]] : [[b0, 30, 20], [b1, 4, 1]] }]);
    t.equal(h.json.bucketS, 10);

    await c.service.stop();
    const again = await c.restart();
    await again.service.pollOnce(); // a new baseline: the rows already counted are not added again
    const h2 = await call(again.url, 'GET', '/api/keys/1/1/history?minutes=60');
    t.same(h2.json.hosts, h.json.hosts, 'a restarted console keeps the history and adds nothing twice');
  });

  t.test('two history writers on one store: one holds the lease, every call is counted once', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const a = await consoleOver(t, url, { history_bucket: 3600 });
    const b = await consoleOver(t, url, { history_bucket: 3600 }, a.clock, true);
    const t0 = Math.floor(a.clock.ms / 1000);
    let succ = 100;
    await a.store.upsertStatus([status({ succCnt: succ, ts: t0 })]);
    await a.service.pollOnce();
    await b.service.pollOnce();
    for (let i = 1; i <= 5; i++) {
      a.clock.ms += 1000;
      succ += 7 * i;
      await a.store.upsertStatus([status({ succCnt: succ, errCnt: i, ts: t0 + i })]);
      // Both read every change, in either order.
      if (i % 2 === 0) await Promise.all([b.service.pollOnce(), a.service.pollOnce()]);
      else await Promise.all([a.service.pollOnce(), b.service.pollOnce()]);
    }
    const rows = await a.store.readHistory({ modid: 1, cmdid: 1 }, 0);
    t.same([sum(rows.map((r) => r.succ)), sum(rows.map((r) => r.err))], [7 * 15, 5], 'each call once: 105 successes, the window\'s 5 errors');
    t.match(a.service.historyWriter(), { enabled: true, writer: true, holder: a.service.historyWriter().owner }, 'the first console to poll holds the lease');
    t.match(b.service.historyWriter(), { enabled: true, writer: false, holder: a.service.historyWriter().owner }, 'the other stands by and names the holder');
    const roles = await call(b.url, 'GET', '/api/roles');
    t.match(roles.json.historyWriter, { enabled: true, writer: false, owner: b.service.historyWriter().owner, holder: a.service.historyWriter().owner, leaseMs: 3000 });
    t.match(a.logs, [/history writer: took the lease as .*writes CallHistory now/], 'the holder said so');
    t.notOk(b.logs.some((l) => /took the lease/.test(l)), 'the standby did not');
  });

  t.test('history writer takeover: the standby takes over once the silent holder\'s lease expires; nothing counted twice', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const a = await consoleOver(t, url, { history_bucket: 3600 });
    const b = await consoleOver(t, url, { history_bucket: 3600 }, a.clock, true);
    const t0 = Math.floor(a.clock.ms / 1000);
    let succ = 0;
    let step = 0;
    const calls = async (n: number): Promise<void> => {
      a.clock.ms += 1000;
      succ += n;
      await a.store.upsertStatus([status({ succCnt: succ, ts: t0 + ++step })]);
    };
    await a.store.upsertStatus([status({ succCnt: 0, ts: t0 })]);
    await Promise.all([a.service.pollOnce(), b.service.pollOnce()]);
    await calls(10);
    await Promise.all([a.service.pollOnce(), b.service.pollOnce()]); // a writes 10
    // a stops polling (hung, cut off): its lease (3 polls = 3 s) ran from the last claim.
    await calls(20);
    await b.service.pollOnce();
    await calls(30);
    await b.service.pollOnce();
    t.equal(b.service.historyWriter().writer, false, 'not before the lease expired');
    await calls(40);
    await b.service.pollOnce(); // 3 s after a's claim: still a's, to the millisecond
    t.equal(b.service.historyWriter().writer, false, 'held up to its expiry instant');
    a.clock.ms += 1;
    await b.service.pollOnce(); // expired: b takes over; this read is its baseline
    t.equal(b.service.historyWriter().writer, true, 'taken after expiry');
    t.match(b.logs, [/took the lease/]);
    await calls(50);
    await b.service.pollOnce(); // b writes 50
    await a.service.pollOnce(); // a wakes up: the lease is b's, a writes nothing
    t.equal(a.service.historyWriter().writer, false, 'the old holder stands by');
    t.match(a.logs.at(-1), /held by .* stops writing CallHistory \(standby\)/);
    await calls(60);
    await Promise.all([a.service.pollOnce(), b.service.pollOnce()]); // b writes 60
    const rows = await a.store.readHistory({ modid: 1, cmdid: 1 }, 0);
    t.equal(sum(rows.map((r) => r.succ)), 10 + 50 + 60, 'the calls made while nobody wrote (20, 30, 40) are missed, none twice');
  });

  t.test('a stopping writer releases the lease: the standby takes over at its next poll', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const a = await consoleOver(t, url);
    const b = await consoleOver(t, url, {}, a.clock, true);
    await b.service.pollOnce();
    t.equal(b.service.historyWriter().writer, false);
    await a.service.stop();
    t.match(a.logs.at(-1), /lease released/);
    await b.service.pollOnce();
    t.equal(b.service.historyWriter().writer, true, 'no wait for the expiry');
  });

  t.test('history_writer = false: never claims the lease, never writes', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const off = await consoleOver(t, url, { history_writer: false });
    const t0 = Math.floor(off.clock.ms / 1000);
    await off.store.upsertStatus([status({ succCnt: 1, ts: t0 })]);
    await off.service.pollOnce();
    off.clock.ms += 1000;
    await off.store.upsertStatus([status({ succCnt: 9, ts: t0 + 1 })]);
    await off.service.pollOnce();
    t.same(await off.store.readHistory({ modid: 1, cmdid: 1 }, 0), []);
    t.match(off.service.historyWriter(), { enabled: false, writer: false, holder: null });
    t.same(await off.store.claimHistoryLease('someone', off.clock.ms, off.clock.ms + 1), { outcome: 'taken' }, 'the lease was left free');
  });

  t.test('history of a host above 128.0.0.0: stored unsigned as in ServerCallStatus, shown dotted', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url, { history_bucket: 3600 });
    const high = ipv4ToInt32('200.1.2.3');
    const t0 = Math.floor(c.clock.ms / 1000);
    await c.store.upsertStatus([status({ ip: high, port: 9000, succCnt: 10, ts: t0 })]);
    await c.service.pollOnce();
    c.clock.ms += 1000;
    await c.store.upsertStatus([status({ ip: high, port: 9000, succCnt: 17, errCnt: 2, ts: t0 + 1 })]);
    await c.service.pollOnce();
    const h = await call(c.url, 'GET', '/api/keys/1/1/history?minutes=60');
    t.same(h.json.hosts.map((x: { ip: string; port: number; points: number[][] }) => [x.ip, x.port, x.points.map((p) => p.slice(1))]), [['200.1.2.3', 9000, [[7, 2]]]]);
    const joined = await rawRows(url, 'SELECT h.ip, h.succ_cnt FROM CallHistory h JOIN ServerCallStatus s ON s.modid = h.modid AND s.cmdid = h.cmdid AND s.ip = h.ip AND s.port = h.port');
    t.same(joined.map((r) => [Number(r['ip']), Number(r['succ_cnt'])]), [[ipv4ToUint32('200.1.2.3'), 7]], 'CallHistory joins ServerCallStatus on the same unsigned ip');
  });

  t.test('history retention: buckets older than history_retention are pruned', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url, { history_retention: 600 });
    c.clock.ms += 60_000; // the start-up read pruned already; the next prune is a minute later
    const nowS = Math.floor(c.clock.ms / 1000);
    await c.store.addHistory([
      { modid: 1, cmdid: 1, ip: ipv4ToInt32('10.0.0.1'), port: 8001, bucket: nowS - 700, succ: 1, err: 0 },
      { modid: 1, cmdid: 1, ip: ipv4ToInt32('10.0.0.1'), port: 8001, bucket: nowS - 300, succ: 2, err: 0 },
    ]);
    await c.service.pollOnce();
    t.same((await c.store.readHistory({ modid: 1, cmdid: 1 }, 0)).map((r) => r.succ), [2]);
    t.equal(c.service.counters.historyRowsPruned, 1);
  });

  t.test('a store made before CallHistory: the pages say to run lars db init; the calls wait for it', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const c = await consoleOver(t, url);
    const t0 = Math.floor(c.clock.ms / 1000);
    await c.store.upsertStatus([status({ succCnt: 1, ts: t0 })]);
    await c.service.pollOnce();
    await dropTable(url, 'CallHistory');
    c.clock.ms += 1000;
    await c.store.upsertStatus([status({ succCnt: 6, ts: t0 + 1 })]);
    await c.service.pollOnce();
    const a = await call(c.url, 'GET', '/api/keys');
    t.match(a.json.problems.history, /CallHistory.*run `lars db init`/);
    await c.store.init();
    await c.service.pollOnce();
    t.same((await c.store.readHistory({ modid: 1, cmdid: 1 }, 0)).map((r) => r.succ), [5], 'the calls kept while the table was missing are written');
    t.equal((await call(c.url, 'GET', '/api/keys')).json.problems.history, undefined);
  });

  t.test('a store made before HistoryLease: no history written, the pages say to run lars db init; then the lease is taken', async (t) => {
    const url = await fresh(t);
    if (!url) return;
    const before = await openStore(url);
    await before.init();
    await before.close();
    await dropTable(url, 'HistoryLease');
    const c = await consoleOver(t, url, {}, undefined, true);
    const t0 = Math.floor(c.clock.ms / 1000);
    await c.store.upsertStatus([status({ succCnt: 1, ts: t0 })]);
    await c.service.pollOnce();
    c.clock.ms += 1000;
    await c.store.upsertStatus([status({ succCnt: 6, ts: t0 + 1 })]);
    await c.service.pollOnce();
    t.match((await call(c.url, 'GET', '/api/keys')).json.problems.history, /HistoryLease.*run `lars db init`/);
    t.same(await c.store.readHistory({ modid: 1, cmdid: 1 }, 0), [], 'without a lease nobody may write');
    t.match(c.logs, [/lease claim failed/]);
    await c.store.init();
    c.clock.ms += 1000;
    await c.service.pollOnce(); // taken: this read is the baseline
    c.clock.ms += 1000;
    await c.store.upsertStatus([status({ succCnt: 9, ts: t0 + 3 })]);
    await c.service.pollOnce();
    t.same((await c.store.readHistory({ modid: 1, cmdid: 1 }, 0)).map((r) => r.succ), [3], 'written once the lease is held');
    t.equal((await call(c.url, 'GET', '/api/keys')).json.problems.history, undefined);
  });
}
