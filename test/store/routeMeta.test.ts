/**
 * RouteData.zone and RouteData.tags on MariaDB and SQLite: added in place by
 * `lars db init` (to the original's schema and to ours from before them),
 * written by addHost/setHost in one versioned, audited transaction, checked
 * by proto/hostMeta.ts's rules, read by the DNS route-watcher into the
 * HostInfo it pushes.
 */
import t from 'tap';
import { watcherOn } from '../helpers/routeWatcherFixture.js';
import { ipv4ToInt32, ipv4ToUint32 } from '../../runtime/net/ipv4.js';
import type { Store } from '../../store/store.js';
import { ROUTE_BACKENDS, storeOn } from '../helpers/routeBackends.js';

const A = ipv4ToUint32('10.0.0.1');
const B = ipv4ToUint32('200.1.2.3');

for (const [name, open, original] of ROUTE_BACKENDS) {
  t.test(`${name}: zone and tags are stored, edited in one versioned transaction and published`, async (t) => {
    const db = await open(t);
    if (!db) return;
    const store = await storeOn(t, db.url);
    await store.init();
    t.same(await store.addHost(1, 1, A, 80, 1, 'cli t@h', { zone: 'eu-1', tags: ['version=v2', 'canary=yes'] }), { status: 'added', version: 1 });
    t.same(await store.addHost(1, 1, B, 81), { status: 'added', version: 2 });
    t.same(await store.listHosts(), [
      { modid: 1, cmdid: 1, ip: A, port: 80, zone: 'eu-1', tags: ['canary=yes', 'version=v2'] },
      { modid: 1, cmdid: 1, ip: B, port: 81 },
    ], 'zone and tags only when set, tags sorted by key');
    const { watcher, published, clock } = watcherOn(store);
    await watcher.poll();
    t.same(published[0]?.type === 'routesReset' && published[0].routes, [
      { modid: 1, cmdid: 1, hosts: [{ ip: ipv4ToInt32('10.0.0.1'), port: 80, zone: 'eu-1', tags: ['canary=yes', 'version=v2'] }, { ip: ipv4ToInt32('200.1.2.3'), port: 81 }] },
    ]);

    t.same(await store.setHost(1, 1, B, 81, { zone: 'us-2', tags: ['version=v1'] }, 'cli t@h'), { status: 'updated', version: 3 });
    t.same(await store.setHost(1, 1, B, 81, { zone: 'us-2' }), { status: 'unchanged', version: 3 });
    t.same(await store.setHost(1, 1, B, 99, { zone: 'us-2' }), { status: 'missing', version: 3 });
    clock.now += 1000;
    await watcher.poll();
    t.same(published[1]?.type === 'routesChanged' && published[1].changes, [
      { modid: 1, cmdid: 1, hosts: [{ ip: ipv4ToInt32('10.0.0.1'), port: 80, zone: 'eu-1', tags: ['canary=yes', 'version=v2'] }, { ip: ipv4ToInt32('200.1.2.3'), port: 81, zone: 'us-2', tags: ['version=v1'] }] },
    ], 'a zone or tag change alone is a change DNS pushes');

    t.same(await store.setHost(1, 1, A, 80, { zone: null, tags: [], weight: 3 }, 'console 10.0.0.9'), { status: 'updated', version: 4 });
    t.same((await store.loadKeys([{ modid: 1, cmdid: 1 }]))[0]?.hosts, [{ ip: A, port: 80, weight: 3 }, { ip: B, port: 81, zone: 'us-2', tags: ['version=v1'] }], 'cleared');
    t.same(await store.setWeight(1, 1, A, 80, 3), { status: 'unchanged', version: 4 }, 'setWeight is setHost with a weight');
    t.same((await store.recentEdits({ modid: 1, cmdid: 1 }, 10)).map((e) => [e.action, e.detail, e.who]), [
      ['set', 'weight 1 -> 3, zone eu-1 -> none, tags canary=yes,version=v2 -> none', 'console 10.0.0.9'],
      ['set', 'zone none -> us-2, tags none -> version=v1', 'cli t@h'],
      ['add', '', 'unknown'],
      ['add', 'zone eu-1, tags canary=yes,version=v2', 'cli t@h'],
    ], 'each edit audited with what changed');

    const bad: Array<[Parameters<Store['setHost']>[4], RegExp]> = [
      [{ zone: 'eu west' }, /^zone "eu west"/],
      [{ tags: ['version'] }, /^tag "version" is not key=value/],
      [{ tags: ['a=1', 'a=2'] }, /given twice/],
      [{ zone: 5 as unknown as string }, /^zone: expected text/],
    ];
    for (const [change, re] of bad) {
      await t.rejects(store.setHost(1, 1, A, 80, change), { code: 'STORE_BAD_DATA', message: re }, `setHost ${JSON.stringify(change)}`);
      await t.rejects(store.addHost(2, 2, A, 80, 1, undefined, { zone: change.zone ?? undefined, tags: change.tags ?? undefined }), { code: 'STORE_BAD_DATA', message: re }, `addHost ${JSON.stringify(change)}`);
    }
    t.equal(await store.getVersion(), 4, 'refused edits wrote nothing');
  });

  t.test(`${name}: on the original's schema no host has a zone until lars db init adds the columns`, async (t) => {
    const db = await open(t);
    if (!db) return;
    for (const sql of original) await db.exec(sql);
    await db.exec(`INSERT INTO RouteData (modid, cmdid, serverip, serverport) VALUES (5, 6, ${B}, 9000)`);
    const running = await storeOn(t, db.url);
    t.same(await running.listHosts(), [{ modid: 5, cmdid: 6, ip: B, port: 9000 }]);
    t.same((await running.setHost(5, 6, B, 9000, { zone: '', tags: [] })).status, 'unchanged', 'no zone is what every host has');
    await t.rejects(running.addHost(5, 6, A, 81, 1, undefined, { zone: 'eu-1' }), { code: 'STORE_NO_SCHEMA', message: /zone and tags columns.*lars db init/ });
    await t.rejects(running.setHost(5, 6, B, 9000, { tags: ['a=1'] }), { code: 'STORE_NO_SCHEMA', message: /lars db init/ });

    const init = await storeOn(t, db.url);
    t.same(await init.init(), ['route-change-created-at', 'route-weight', 'route-zone-tags']);
    t.same(await init.init(), [], 'idempotent');
    t.same((await running.setHost(5, 6, B, 9000, { zone: 'eu-1' })).status, 'updated', 'the running store sees the new columns without a restart');
    t.same((await running.addHost(5, 6, A, 82)).status, 'added');
    t.same((await running.loadKeys([{ modid: 5, cmdid: 6 }]))[0]?.hosts, [{ ip: A, port: 82 }, { ip: B, port: 9000, zone: 'eu-1' }], 'rows without them read no zone, no tags');
  });

  t.test(`${name}: a Lars-TS database from before zones gets only the two columns`, async (t) => {
    const db = await open(t);
    if (!db) return;
    const store = await storeOn(t, db.url);
    await store.init();
    await store.addHost(7, 7, A, 80, 5);
    await db.exec('ALTER TABLE RouteData DROP COLUMN zone');
    await db.exec('ALTER TABLE RouteData DROP COLUMN tags');
    const again = await storeOn(t, db.url);
    t.same(await again.init(), ['route-zone-tags']);
    t.same(await again.listHosts(), [{ modid: 7, cmdid: 7, ip: A, port: 80, weight: 5 }], 'weight kept');
  });
}
