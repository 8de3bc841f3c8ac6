/** StatusStore behaviour every backend must show; run by sqlite.test.ts and mysql.test.ts. */
import type { Test } from 'tap';
import type { FreshStore } from './freshStore.js';
import type { StatusRow } from '../../../store/statusStore.js';
import { ipv4ToInt32 } from '../../../runtime/net/ipv4.js';

function row(over: Partial<StatusRow>): StatusRow {
  return { modid: 1, cmdid: 1, ip: ipv4ToInt32('10.0.0.1'), port: 80, caller: 7, succCnt: 0, errCnt: 0, ts: 1_700_000_000, overload: false, ...over };
}

export function statusStoreSuite(t: Test, fresh: FreshStore): void {
  t.test('multi-row upsert inserts and reads back', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    const rows = [
      row({ ip: ipv4ToInt32('200.1.2.3'), succCnt: 10, errCnt: 1, overload: true }),
      row({ port: 81, succCnt: 4_294_967_295 }),
      row({ modid: 2, caller: -5, ts: 2 ** 40 }),
    ];
    await store.upsertStatus(rows);
    t.same(await store.readStatus(), [rows[1], rows[0], rows[2]], 'sorted by key as stored: 200.1.2.3 is unsigned (3355509251), so after 10.0.0.1; read back in the wire form');
    t.same(await store.readStatus({ modid: 2 }), [rows[2]]);
    t.same((await store.readStatus({ modid: 1, cmdid: 1 })).length, 2);
  });

  t.test('a later upsert replaces the values of the same key only', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    await store.upsertStatus([row({ succCnt: 1 }), row({ port: 81, succCnt: 1 })]);
    await store.upsertStatus([row({ succCnt: 50, errCnt: 3, ts: 1_700_000_099, overload: true })]);
    t.same(await store.readStatus(), [row({ succCnt: 50, errCnt: 3, ts: 1_700_000_099, overload: true }), row({ port: 81, succCnt: 1 })]);
  });

  t.test('an older ts never replaces a row; an equal or newer one does', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    await store.upsertStatus([row({ succCnt: 5, ts: 100 }), row({ port: 81, succCnt: 5, ts: 100 })]);
    await store.upsertStatus([row({ succCnt: 1, errCnt: 9, overload: true, ts: 99 }), row({ port: 81, succCnt: 6, ts: 101 })]);
    t.same(await store.readStatus(), [row({ succCnt: 5, ts: 100 }), row({ port: 81, succCnt: 6, ts: 101 })], 'the slower writer lost, the newer won');
    await store.upsertStatus([row({ succCnt: 7, errCnt: 1, overload: true, ts: 100 })]);
    t.same((await store.readStatus())[0], row({ succCnt: 7, errCnt: 1, overload: true, ts: 100 }), 'an equal ts replaces (the next window of the same second)');
  });

  t.test('duplicate keys in one call: the last wins', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    await store.upsertStatus([row({ succCnt: 1 }), row({ succCnt: 2 }), row({ succCnt: 3, overload: true })]);
    t.same(await store.readStatus(), [row({ succCnt: 3, overload: true })]);
  });

  t.test('a batch larger than one statement is written whole', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    const first = Array.from({ length: 2500 }, (_, i) => row({ cmdid: i % 10, port: 1000 + i, succCnt: i }));
    await store.upsertStatus(first);
    await store.upsertStatus(first.map((r) => ({ ...r, errCnt: r.succCnt + 1 })));
    const read = await store.readStatus();
    t.equal(read.length, 2500);
    t.ok(read.every((r) => r.errCnt === r.succCnt + 1 && r.port === 1000 + r.succCnt), 'every row replaced');
  });

  t.test('a bad row rejects the whole call with STORE_BAD_DATA', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    for (const bad of [{ ip: 2 ** 31 }, { succCnt: -1 }, { errCnt: 2 ** 32 }, { ts: -1 }, { caller: 0.5 }]) {
      await t.rejects(store.upsertStatus([row({ port: 1 }), row(bad)]), { code: 'STORE_BAD_DATA' }, JSON.stringify(bad));
    }
    t.same(await store.readStatus(), [], 'the good row of each call was not written either');
    await store.upsertStatus([]);
    t.same(await store.readStatus(), []);
  });
}
