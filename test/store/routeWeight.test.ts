/**
 * RouteData.weight on MariaDB and SQLite: added in place by `lars db init`,
 * edited by addHost/setWeight (one transaction with a RouteChange, like every
 * edit), read by the DNS route-watcher, and absent on the original's schema,
 * where every weight reads as 1 and nothing else changes.
 */
import t from 'tap';
import { watcherOn } from '../helpers/routeWatcherFixture.js';
import { ipv4ToInt32, ipv4ToUint32 } from '../../runtime/net/ipv4.js';
import { ROUTE_BACKENDS, storeOn } from '../helpers/routeBackends.js';

const A = ipv4ToUint32('10.0.0.1');
const B = ipv4ToUint32('200.1.2.3');

for (const [name, open, original] of ROUTE_BACKENDS) {
  t.test(`${name}: weights are stored, edited in one versioned transaction and published by the route-watcher`, async (t) => {
    const db = await open(t);
    if (!db) return;
    const store = await storeOn(t, db.url);
    await store.init();
    t.same(await store.addHost(1, 1, A, 80, 4), { status: 'added', version: 1 });
    t.same(await store.addHost(1, 1, B, 81), { status: 'added', version: 2 });
    t.same(await store.listHosts(), [
      { modid: 1, cmdid: 1, ip: A, port: 80, weight: 4 },
      { modid: 1, cmdid: 1, ip: B, port: 81 },
    ], 'weight only when not 1, as on the wire');
    const { watcher, published, clock } = watcherOn(store);
    await watcher.poll();
    t.same(published[0]?.type === 'routesReset' && published[0].routes, [
      { modid: 1, cmdid: 1, hosts: [{ ip: ipv4ToInt32('10.0.0.1'), port: 80, weight: 4 }, { ip: ipv4ToInt32('200.1.2.3'), port: 81 }] },
    ]);

    t.same(await store.setWeight(1, 1, B, 81, 7), { status: 'updated', version: 3 });
    t.same(await store.setWeight(1, 1, B, 81, 7), { status: 'unchanged', version: 3 });
    t.same(await store.setWeight(1, 1, B, 99, 7), { status: 'missing', version: 3 });
    t.same(await store.changesSince(2), { version: 3, keys: [{ modid: 1, cmdid: 1 }], complete: true });
    clock.now += 1000;
    await watcher.poll();
    t.same(published[1]?.type === 'routesChanged' && published[1].changes, [
      { modid: 1, cmdid: 1, hosts: [{ ip: ipv4ToInt32('10.0.0.1'), port: 80, weight: 4 }, { ip: ipv4ToInt32('200.1.2.3'), port: 81, weight: 7 }] },
    ], 'a weight change alone is a change DNS pushes');
    t.same(await store.setWeight(1, 1, A, 80, 1), { status: 'updated', version: 4 });
    t.same((await store.loadKeys([{ modid: 1, cmdid: 1 }]))[0]?.hosts, [{ ip: A, port: 80 }, { ip: B, port: 81, weight: 7 }]);

    for (const bad of [0, 1001, 2.5, -1, Number.NaN]) {
      await t.rejects(store.addHost(2, 2, A, 80, bad), { code: 'STORE_BAD_DATA', message: /weight/ }, `addHost weight ${bad}`);
      await t.rejects(store.setWeight(1, 1, A, 80, bad), { code: 'STORE_BAD_DATA', message: /weight/ }, `setWeight weight ${bad}`);
    }
    t.equal(await store.getVersion(), 4, 'refused edits wrote nothing');
  });

  t.test(`${name}: on the original's schema every weight is 1 until lars db init adds the column`, async (t) => {
    const db = await open(t);
    if (!db) return;
    for (const sql of original) await db.exec(sql);
    await db.exec(`INSERT INTO RouteData (modid, cmdid, serverip, serverport) VALUES (5, 6, ${B}, 9000)`);
    const running = await storeOn(t, db.url);
    t.same(await running.listHosts(), [{ modid: 5, cmdid: 6, ip: B, port: 9000 }]);
    t.same((await running.loadAll()).routes, [{ modid: 5, cmdid: 6, hosts: [{ ip: B, port: 9000 }] }]);
    t.same((await running.setWeight(5, 6, B, 9000, 1)).status, 'unchanged', 'weight 1 is what every host has');
    t.same((await running.setWeight(5, 6, A, 9000, 1)).status, 'missing');
    await t.rejects(running.addHost(5, 6, A, 81, 3), { code: 'STORE_NO_SCHEMA', message: /lars db init/ });
    await t.rejects(running.setWeight(5, 6, B, 9000, 3), { code: 'STORE_NO_SCHEMA', message: /lars db init/ });

    const init = await storeOn(t, db.url);
    t.same(await init.init(), ['route-change-created-at', 'route-weight', 'route-zone-tags']);
    t.same(await init.init(), [], 'idempotent');
    t.same((await running.addHost(5, 6, A, 80, 3)).status, 'added', 'the running store sees the new column without a restart');
    t.same((await running.loadKeys([{ modid: 5, cmdid: 6 }]))[0]?.hosts, [{ ip: A, port: 80, weight: 3 }, { ip: B, port: 9000 }], 'old rows read weight 1');
    t.same((await running.setWeight(5, 6, B, 9000, 2)).status, 'updated');
  });
}
