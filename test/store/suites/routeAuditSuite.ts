/**
 * The audit trail (store/routeAudit.ts) every backend must keep; run by
 * sqlite.test.ts and mysql.test.ts. The clock is the store's `now` option.
 */
import type { Test } from 'tap';
import type { FreshStore } from './freshStore.js';
import { ipv4ToUint32 } from '../../../runtime/net/ipv4.js';

const A = ipv4ToUint32('10.0.0.1');
const B = ipv4ToUint32('200.1.2.3');
const T0 = 1_700_000_000_000;

export function routeAuditSuite(t: Test, fresh: FreshStore): void {
  t.test('every edit that changed something has one row, in its transaction, with who and what', async (t) => {
    let now = T0;
    const store = await fresh(t, { now: () => now });
    if (!store) return;
    const added = await store.addHost(1, 1, A, 80, 1, 'cli alice@build-3');
    now += 1000;
    await store.addHost(1, 1, B, 81, 7, 'console 10.0.0.9');
    now += 1000;
    t.equal((await store.addHost(1, 1, A, 80, 1, 'cli bob@h')).status, 'exists');
    const reweighed = await store.setWeight(1, 1, A, 80, 5, 'console 10.0.0.9');
    t.equal((await store.setWeight(1, 1, A, 80, 5, 'console 10.0.0.9')).status, 'unchanged');
    now += 1000;
    const drained = await store.drainHost({ modid: 1, cmdid: 1, ip: B, port: 81 }, 'cli ops@h');
    const enabled = await store.enableHost({ modid: 1, cmdid: 1, ip: B, port: 81 }, 'cli ops@h');
    const deleted = await store.delHost(1, 1, A, 80);
    t.equal((await store.delHost(1, 1, A, 80, 'x')).status, 'missing');
    await store.addHost(2, 2, A, 90, 1, 'other key');

    const edits = await store.recentEdits({ modid: 1, cmdid: 1 }, 100);
    t.same(
      edits.map((e) => [e.action, e.ip, e.port, e.detail, e.who, e.version]),
      [
        ['del', A, 80, '', 'unknown', deleted.version],
        ['enable', B, 81, '', 'cli ops@h', enabled.version],
        ['disable', B, 81, '', 'cli ops@h', drained.version],
        ['weight', A, 80, 'weight 1 -> 5', 'console 10.0.0.9', reweighed.version],
        ['add', B, 81, 'weight 7', 'console 10.0.0.9', added.version + 1],
        ['add', A, 80, '', 'cli alice@build-3', added.version],
      ],
      'newest first; edits that changed nothing left no row; a caller that did not say is "unknown"',
    );
    t.equal(edits[5]?.atMs, T0);
    t.equal(edits[4]?.atMs, T0 + 1000);
    t.same((await store.recentEdits({ modid: 1, cmdid: 1 }, 2)).map((e) => e.action), ['del', 'enable'], 'limit');
    t.same((await store.recentEdits({ modid: 9, cmdid: 9 }, 10)), []);

    const since = await store.editsSince(reweighed.version, 10);
    t.same(since.map((e) => [e.modid, e.action]), [[1, 'disable'], [1, 'enable'], [1, 'del'], [2, 'add']], 'editsSince: oldest first, every key');
    t.same((await store.editsSince(reweighed.version, 1)).map((e) => e.action), ['disable']);
  });

  t.test('who is cleaned and bounded; bad reads are refused', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    await store.addHost(1, 1, A, 80, 1, `  evil\nline\u0007 ${'x'.repeat(300)}`);
    const [e] = await store.recentEdits({ modid: 1, cmdid: 1 }, 1);
    t.equal(e?.who.length, 200);
    t.match(e?.who ?? '', /^evil line  x+$/, 'control characters cannot forge a second log line');
    await store.addHost(1, 1, B, 80, 1, '   ');
    t.equal((await store.recentEdits({ modid: 1, cmdid: 1 }, 1))[0]?.who, 'unknown');
    await t.rejects(store.recentEdits({ modid: 1, cmdid: 1 }, 0), { code: 'STORE_BAD_DATA' });
    await t.rejects(store.recentEdits({ modid: 1, cmdid: 1 }, 1001), { code: 'STORE_BAD_DATA' });
    await t.rejects(store.editsSince(-1, 10), { code: 'STORE_BAD_DATA' });
  });

  t.test('a failed edit leaves no audit row', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    await t.rejects(store.addHost(1, 1, 0, 80, 1, 'cli a@h'), { code: 'STORE_BAD_DATA' });
    t.same(await store.recentEdits({ modid: 1, cmdid: 1 }, 10), []);
  });

  t.test('pruneAudit drops rows older than the cutoff only', async (t) => {
    let now = T0;
    const store = await fresh(t, { now: () => now });
    if (!store) return;
    await store.addHost(1, 1, A, 80, 1, 'old');
    now += 10_000;
    await store.addHost(1, 1, B, 80, 1, 'new');
    t.equal(await store.pruneAudit(T0 + 5000), 1);
    t.same((await store.recentEdits({ modid: 1, cmdid: 1 }, 10)).map((e) => e.who), ['new']);
  });
}
