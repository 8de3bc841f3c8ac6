/** HistoryStore behaviour every backend must show; run by sqlite.test.ts and mysql.test.ts. */
import type { Test } from 'tap';
import type { FreshStore } from './freshStore.js';
import type { HistoryRow } from '../../../store/historyStore.js';
import { ipv4ToInt32, ipv4ToUint32 } from '../../../runtime/net/ipv4.js';

function row(over: Partial<HistoryRow>): HistoryRow {
  return { modid: 1, cmdid: 1, ip: ipv4ToInt32('10.0.0.1'), port: 80, bucket: 1_700_000_000, succ: 0, err: 0, ...over };
}

export function historyStoreSuite(t: Test, fresh: FreshStore): void {
  t.test('buckets add up across calls and within one call', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    await store.addHistory([row({ succ: 5, err: 1 }), row({ succ: 2 }), row({ port: 81, succ: 9 })]);
    await store.addHistory([row({ succ: 10, err: 3 }), row({ bucket: 1_700_000_010, err: 4 })]);
    t.same(await store.readHistory({ modid: 1, cmdid: 1 }, 0), [
      row({ succ: 17, err: 4 }),
      row({ port: 81, succ: 9 }),
      row({ bucket: 1_700_000_010, err: 4 }),
    ]);
  });

  t.test('reads one key from a bucket on; negative wire IPs keep their form', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    const high = ipv4ToInt32('200.1.2.3');
    await store.addHistory([row({ succ: 1 }), row({ modid: 2, succ: 1 }), row({ bucket: 1_700_000_060, ip: high, succ: 2_000_000_000_000 })]);
    t.same(await store.readHistory({ modid: 1, cmdid: 1 }, 1_700_000_030), [row({ bucket: 1_700_000_060, ip: high, succ: 2_000_000_000_000 })]);
    t.same(await store.readHistory({ modid: 9, cmdid: 9 }, 0), []);
  });

  t.test('prune drops buckets older than the cutoff only', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    await store.addHistory([row({ bucket: 100, succ: 1 }), row({ bucket: 200, succ: 1 }), row({ bucket: 300, succ: 1 })]);
    t.equal(await store.pruneHistory(200), 1);
    t.same((await store.readHistory({ modid: 1, cmdid: 1 }, 0)).map((r) => r.bucket), [200, 300]);
  });

  t.test('bad rows are STORE_BAD_DATA and write nothing', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    await t.rejects(store.addHistory([row({ succ: 1 }), row({ err: -1 })]), { code: 'STORE_BAD_DATA' });
    await t.rejects(store.addHistory([row({ modid: 2 ** 31 })]), { code: 'STORE_BAD_DATA' });
    await t.rejects(store.readHistory({ modid: 1, cmdid: 1 }, -5), { code: 'STORE_BAD_DATA' });
    t.same(await store.readHistory({ modid: 1, cmdid: 1 }, 0), []);
  });

  t.test('keyChanges: the newest change of each key with its time', async (t) => {
    let now = 1_000;
    const store = await fresh(t, { now: () => now });
    if (!store) return;
    const ip = ipv4ToUint32('10.0.0.1');
    await store.addHost(1, 1, ip, 80);
    now = 2_000;
    await store.addHost(2, 5, ip, 80);
    now = 3_000;
    await store.addHost(1, 1, ip, 81);
    t.same(await store.keyChanges(), [
      { modid: 1, cmdid: 1, version: 3, atMs: 3_000 },
      { modid: 2, cmdid: 5, version: 2, atMs: 2_000 },
    ]);
  });
}
