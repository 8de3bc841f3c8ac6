/** HistoryLeaseStore behaviour every backend must show; run by sqlite.test.ts and mysql.test.ts. Times are given, never read. */
import type { Test } from 'tap';
import type { FreshStore } from './freshStore.js';

const LEASE = 3_000;

export function historyLeaseSuite(t: Test, fresh: FreshStore): void {
  t.test('a fresh store: the first claim takes the lease, a second owner finds it held', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    t.same(await store.claimHistoryLease('a', 1_000, 1_000 + LEASE), { outcome: 'taken' });
    t.same(await store.claimHistoryLease('b', 1_000, 1_000 + LEASE), { outcome: 'held', holder: 'a', expiresMs: 4_000 });
    t.same(await store.claimHistoryLease('a', 1_000, 1_000 + LEASE), { outcome: 'renewed' }, 'a renewal to the same expiry still counts as matched');
  });

  t.test('owners racing for a free lease: exactly one wins', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    const owners = ['a', 'b', 'c', 'd', 'e', 'f'];
    const claims = await Promise.all(owners.map((o) => store.claimHistoryLease(o, 1_000, 1_000 + LEASE)));
    const winners = owners.filter((_, i) => claims[i]?.outcome === 'taken');
    t.equal(winners.length, 1, `one winner (${winners.join(', ')})`);
    t.same(new Set(claims.filter((c) => c.outcome === 'held').map((c) => (c.outcome === 'held' ? c.holder : ''))), new Set(winners), 'the others name it');
  });

  t.test('the holder renews; the other takes over only once the lease has expired', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    await store.claimHistoryLease('a', 1_000, 4_000);
    t.same(await store.claimHistoryLease('a', 2_000, 5_000), { outcome: 'renewed' });
    t.same(await store.claimHistoryLease('b', 4_500, 7_500), { outcome: 'held', holder: 'a', expiresMs: 5_000 }, 'the renewal moved the expiry');
    t.same(await store.claimHistoryLease('b', 5_000, 8_000), { outcome: 'held', holder: 'a', expiresMs: 5_000 }, 'still held at the expiry instant');
    t.same(await store.claimHistoryLease('b', 5_001, 8_001), { outcome: 'taken' }, 'a stopped renewing: b takes over');
    t.same(await store.claimHistoryLease('a', 5_002, 8_002), { outcome: 'held', holder: 'b', expiresMs: 8_001 }, 'a comes back as the standby');
    t.same(await store.claimHistoryLease('b', 9_000, 12_000), { outcome: 'renewed' }, 'a late renewal nobody raced is still a renewal');
  });

  t.test('release: the next claim of another owner takes it at once; a non-holder cannot release', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    await store.claimHistoryLease('a', 1_000, 4_000);
    await store.releaseHistoryLease('b');
    t.match(await store.claimHistoryLease('b', 1_100, 4_100), { outcome: 'held', holder: 'a' });
    await store.releaseHistoryLease('a');
    t.same(await store.claimHistoryLease('b', 1_200, 4_200), { outcome: 'taken' });
  });

  t.test('bad claims are STORE_BAD_DATA', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    await t.rejects(store.claimHistoryLease('', 1_000, 4_000), { code: 'STORE_BAD_DATA' });
    await t.rejects(store.claimHistoryLease('x'.repeat(101), 1_000, 4_000), { code: 'STORE_BAD_DATA' });
    await t.rejects(store.claimHistoryLease('a', 4_000, 4_000), { code: 'STORE_BAD_DATA' });
    await t.rejects(store.claimHistoryLease('a', -1, 4_000), { code: 'STORE_BAD_DATA' });
    await t.rejects(store.releaseHistoryLease(''), { code: 'STORE_BAD_DATA' });
    t.same(await store.claimHistoryLease('a', 1_000, 4_000), { outcome: 'taken' }, 'nothing was claimed by them');
  });
}
