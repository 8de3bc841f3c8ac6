/**
 * Service names of keys (store/keyNameStore.ts) every backend must keep; run
 * by sqlite.test.ts and mysql.test.ts. One store per test: MySQL makes a
 * database for each.
 */
import type { Test } from 'tap';
import type { FreshStore } from './freshStore.js';
import { ipv4ToUint32 } from '../../../runtime/net/ipv4.js';

const A = ipv4ToUint32('10.0.0.1');
const T0 = 1_700_000_000_000;

export function keyNameSuite(t: Test, fresh: FreshStore): void {
  t.test('a key is named, renamed and cleared, each an audited edit with a version; a name is on one key at most', async (t) => {
    let now = T0;
    const store = await fresh(t, { now: () => now });
    if (!store) return;
    const k11 = { modid: 1, cmdid: 1 };
    const k12 = { modid: 1, cmdid: 2 };
    t.same(await store.listKeyNames(), []);
    await store.addHost(1, 1, A, 80, 1, 'cli a@h');
    const before = await store.listHosts();

    t.same(await store.setKeyName(k11, 'orders.get', 'cli alice@build-3'), { status: 'set', version: 2 });
    now += 1000;
    t.same(await store.setKeyName(k11, 'orders.get', 'x'), { status: 'unchanged', version: 2, previous: 'orders.get' }, 'the same name again writes nothing');
    t.same(await store.setKeyName(k12, 'orders.get', 'x'), { status: 'taken', version: 2, holder: k11 }, 'a name on another key is refused, nothing written');
    t.same(await store.setKeyName(k12, 'orders.put', 'console 10.0.0.9'), { status: 'set', version: 3 }, 'a key without hosts can be named before its first host');
    t.same(await store.setKeyName({ modid: -5, cmdid: 2147483647 }, '0-a_b.c'), { status: 'set', version: 4 });
    t.same(await store.setKeyName(k11, 'orders.read', 'cli bob@h'), { status: 'set', version: 5, previous: 'orders.get' }, 'one name per key: a second is a rename');
    t.same(await store.listKeyNames(), [
      { modid: -5, cmdid: 2147483647, name: '0-a_b.c' },
      { modid: 1, cmdid: 1, name: 'orders.read' },
      { modid: 1, cmdid: 2, name: 'orders.put' },
    ]);
    t.same(await store.keyOfName('orders.read'), k11);
    t.equal(await store.keyOfName('orders.get'), undefined, 'the old name is free again');
    t.same(await store.setKeyName(k12, 'orders.get'), { status: 'set', version: 6, previous: 'orders.put' }, 'and another key may take it');

    t.same(await store.clearKeyName(k11, 'cli bob@h'), { status: 'cleared', version: 7, previous: 'orders.read' });
    t.same(await store.clearKeyName(k11), { status: 'missing', version: 7 });
    t.equal(await store.keyOfName('orders.read'), undefined);

    const changes = await store.changesSince(1);
    t.same([changes.version, changes.complete], [7, true], 'each edit left a RouteChange row: the change log explains every version');
    t.same(changes.keys.slice(0, 2), [k11, k12]);
    t.same(await store.listHosts(), before, 'the hosts are untouched');
    t.same(
      (await store.recentEdits(k11, 10)).map((e) => [e.action, e.detail, e.who, e.version, e.ip, e.port]),
      [
        ['name', 'name orders.read -> (none)', 'cli bob@h', 7, 0, 0],
        ['name', 'name orders.get -> orders.read', 'cli bob@h', 5, 0, 0],
        ['name', 'name orders.get', 'cli alice@build-3', 2, 0, 0],
        ['add', '', 'cli a@h', 1, A, 80],
      ],
      'newest first, with who; refused and unchanged edits left no row',
    );
    t.equal((await store.recentEdits(k11, 10))[2]?.atMs, T0);
  });

  t.test('a name that breaks the rule is bad data, before any SQL, quoting the text', async (t) => {
    const store = await fresh(t);
    if (!store) return;
    const key = { modid: 1, cmdid: 1 };
    for (const bad of ['', 'Orders', '-x', '.x', 'a b', 'a/b', 'é', 'x'.repeat(65)]) {
      await t.rejects(store.setKeyName(key, bad), { code: 'STORE_BAD_DATA', message: new RegExp(`^service name ${JSON.stringify(bad.slice(0, 10)).slice(0, -1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }, `refused: ${JSON.stringify(bad)}`);
    }
    await t.rejects(store.keyOfName('Orders'), { code: 'STORE_BAD_DATA', message: /lower case \("orders"\?\)/ });
    await t.rejects(store.setKeyName({ modid: 2 ** 31, cmdid: 1 }, 'ok'), { code: 'STORE_BAD_DATA' });
    t.equal((await store.setKeyName(key, 'x'.repeat(64))).status, 'set', '64 characters is the most');
    t.equal(await store.getVersion(), 1, 'only the good edit bumped the version');
  });
}
