/** The route-watcher against both real stores: SQLite in a temp file and MariaDB in a database of its own. */
import t, { type Test } from 'tap';
import { watcherOn } from '../../helpers/routeWatcherFixture.js';
import { join } from 'node:path';
import { openStore } from '../../../store/openStore.js';
import type { Store } from '../../../store/store.js';
import { ipv4ToInt32, ipv4ToUint32 } from '../../../runtime/net/ipv4.js';
import { testServer, withTestDatabase, type TestDatabase } from '../../helpers/mysqlTestDb.js';
import { TcpProxy } from '../../helpers/tcpProxy.js';
import { parseRule } from '../../../proto/routeRule.js';
import { startTcpProxyProcess } from '../../helpers/tcpProxyProcess.js';

type Open = (t: Test) => Promise<Store | undefined>;


const host = (ip: string, port: number): { ip: number; port: number } => ({ ip: ipv4ToInt32(ip), port });

function suite(t: Test, open: Open): void {
  t.test('first poll publishes the whole table, then only changed keys', async (t) => {
    const store = await open(t);
    if (!store) return;
    await store.addHost(1, 1, ipv4ToUint32('10.0.0.1'), 80);
    await store.addHost(1, 1, ipv4ToUint32('200.1.2.3'), 81);
    await store.addHost(2, 5, ipv4ToUint32('10.0.0.2'), 90);
    const { watcher, published, clock } = watcherOn(store);

    t.equal(await watcher.poll(), 1000, 'next poll after poll_interval');
    t.equal(published.length, 1);
    const reset = published[0];
    t.equal(reset?.type, 'routesReset');
    t.equal(reset?.type === 'routesReset' ? reset.version : -1, 3);
    if (reset?.type !== 'routesReset') return;
    t.same(reset.routes, [
      { modid: 1, cmdid: 1, hosts: [host('10.0.0.1', 80), host('200.1.2.3', 81)] },
      { modid: 2, cmdid: 5, hosts: [host('10.0.0.2', 90)] },
    ]);
    t.ok((reset.routes[0]?.hosts[1]?.ip ?? 0) < 0, 'wire form: 200.1.2.3 is negative');
    t.equal(watcher.keyCount, 2);
    t.equal(watcher.hostCount, 3);

    clock.now += 1000;
    await watcher.poll();
    t.equal(published.length, 1, 'nothing changed: nothing published');

    await store.addHost(3, 3, ipv4ToUint32('10.0.0.3'), 1);
    await store.delHost(1, 1, ipv4ToUint32('10.0.0.1'), 80);
    clock.now += 1000;
    await watcher.poll();
    t.same(published[1], {
      type: 'routesChanged',
      version: 5,
      changes: [
        { modid: 3, cmdid: 3, hosts: [host('10.0.0.3', 1)] },
        { modid: 1, cmdid: 1, hosts: [host('200.1.2.3', 81)] },
      ],
      seenAt: 1_700_000_000_000 + clock.now,
    });

    await store.delHost(2, 5, ipv4ToUint32('10.0.0.2'), 90);
    clock.now += 1000;
    await watcher.poll();
    t.same(published[2], { type: 'routesChanged', version: 6, changes: [{ modid: 2, cmdid: 5, hosts: [] }], seenAt: 1_700_000_000_000 + clock.now }, 'the last host going is published as an empty list');
    t.same(watcher.current()?.routes.map((r) => `${r.modid}/${r.cmdid}`).sort(), ['1/1', '3/3']);
  });

  t.test('an add and a delete of the same host between polls publishes nothing', async (t) => {
    const store = await open(t);
    if (!store) return;
    await store.addHost(1, 1, 1, 1);
    const { watcher, published, clock } = watcherOn(store);
    await watcher.poll();
    await store.addHost(1, 1, 2, 2);
    await store.delHost(1, 1, 2, 2);
    clock.now += 1000;
    await watcher.poll();
    t.equal(published.length, 2, 'a version-only message moves servers to the new version');
    t.same(published[1]?.type === 'routesChanged' ? published[1].changes : undefined, []);
    t.equal(watcher.version, 3);
  });

  t.test('a change the log cannot explain is caught by the periodic full reload', async (t) => {
    const store = await open(t);
    if (!store) return;
    await store.addHost(1, 1, 1, 1);
    await store.addHost(2, 2, 2, 2);
    const { watcher, published, clock } = watcherOn(store);
    await watcher.poll();
    // Prune the log of everything, then edit: the watcher cannot bridge from
    // its version through the log and must reload everything.
    t.ok((await store.pruneChanges(Date.now() + 86_400_000)) >= 2);
    await store.delHost(2, 2, 2, 2);
    await store.pruneChanges(Date.now() + 86_400_000);
    await store.addHost(4, 4, 4, 4);
    clock.now += 1000;
    await watcher.poll();
    const last = published.at(-1);
    t.equal(last?.type, 'routesChanged');
    if (last?.type !== 'routesChanged') return;
    t.same(
      last.changes.map((c) => `${c.modid}/${c.cmdid}:${c.hosts.length}`).sort(),
      ['2/2:0', '4/4:1'],
      'deleted key published empty, new key published',
    );
    t.ok(watcher.stats.fullReloads >= 2);
  });

  t.test("a key's routing rules go out with its hosts: on the first load, when only they change, and when they go", async (t) => {
    const store = await open(t);
    if (!store) return;
    await store.addHost(1, 1, ipv4ToUint32('10.0.0.1'), 80);
    await store.addHost(2, 2, ipv4ToUint32('10.0.0.2'), 80);
    await store.setRules({ modid: 1, cmdid: 1 }, [parseRule('split version=v2 5%'), parseRule('match env=test -> env=test')]);
    const { watcher, published, clock } = watcherOn(store);
    await watcher.poll();
    const reset = published[0];
    if (reset?.type !== 'routesReset') return t.fail('no reset');
    t.same(reset.routes, [
      { modid: 1, cmdid: 1, hosts: [host('10.0.0.1', 80)], rules: ['split version=v2 5%', 'match env=test -> env=test'] },
      { modid: 2, cmdid: 2, hosts: [host('10.0.0.2', 80)] },
    ], 'rules as their text; a key without rules has no field');

    await store.setRules({ modid: 2, cmdid: 2 }, [parseRule('split pool=b 50%')]);
    clock.now += 1000;
    await watcher.poll();
    t.match(published[1], { type: 'routesChanged', changes: [{ modid: 2, cmdid: 2, hosts: [host('10.0.0.2', 80)], rules: ['split pool=b 50%'] }] }, 'a rule edit alone is a change of its key');

    await store.setRules({ modid: 1, cmdid: 1 }, []);
    clock.now += 1000;
    await watcher.poll();
    const gone = published[2];
    t.same(gone?.type === 'routesChanged' ? gone.changes : undefined, [{ modid: 1, cmdid: 1, hosts: [host('10.0.0.1', 80)] }], 'rules removed: the key goes out without them');
    clock.now += 1000;
    await watcher.poll();
    t.equal(published.length, 3, 'nothing more');
  });
}

t.test('SQLite', (t) => {
  suite(t, async (t) => {
    const store = await openStore(`sqlite:${join(t.testdir(), 'lars.db')}`);
    t.teardown(() => store.close());
    await store.init();
    return store;
  });
  t.end();
});

/** A store on a MariaDB database of its own, and that database for direct SQL. */
async function mariaDb(t: Test): Promise<{ store: Store; db: TestDatabase } | undefined> {
  const db = await withTestDatabase(t);
  if (!db) return undefined;
  const store = await openStore(db.url);
  t.teardown(() => store.close());
  await store.init();
  return { store, db };
}

t.test('MariaDB', (t) => {
  suite(t, async (t) => (await mariaDb(t))?.store);
  t.end();
});

t.test('MariaDB: a weight of 0 (the column has no CHECK there) reads as 1, so 0 → 1 changes no key', async (t) => {
  const opened = await mariaDb(t);
  if (!opened) return;
  const { store, db } = opened;
  await store.addHost(1, 1, ipv4ToUint32('10.0.0.1'), 80);
  const { watcher, published, clock } = watcherOn(store);
  await watcher.poll();
  await db.pool.query('UPDATE RouteData SET weight = 0');
  clock.now += 60_000; // the edit bypassed the change log: the periodic full reload reads it
  await watcher.poll();
  t.equal(published.length, 1, 'the full reload found no change');
  t.same(watcher.current()?.routes, [{ modid: 1, cmdid: 1, hosts: [host('10.0.0.1', 80)] }], 'served without a weight field');
  t.match(await store.setWeight(1, 1, ipv4ToUint32('10.0.0.1'), 80, 1), { status: 'updated' });
  clock.now += 1000;
  await watcher.poll();
  t.same(published.slice(1).map((m) => (m.type === 'routesChanged' ? m.changes : m.type)), [[]], 'only the version moves: no key to push');
});

t.test('MariaDB cut for step_aside_after: the servers are told to step aside, and back once a read succeeds', async (t) => {
  const db = await withTestDatabase(t);
  if (!db) return;
  const proxy = await TcpProxy.start(testServer().port, testServer().host);
  t.teardown(() => proxy.close());
  const store = await openStore(db.url.replace(/@[^/]+\//, `@127.0.0.1:${proxy.port}/`), { connectTimeoutMs: 1000 });
  t.teardown(() => store.close());
  await store.init();
  await store.addHost(1, 1, 1, 1);
  const { watcher, published, clock } = watcherOn(store);
  await watcher.poll();
  await proxy.cut();
  const types = (): string[] => published.map((m) => m.type);

  clock.now = 1000;
  t.ok((await watcher.poll()) <= 5000, 'first failure');
  clock.now = 5999;
  t.equal(await watcher.poll(), 1, 'still failing: the next poll is due exactly when stepping aside is');
  t.same(types(), ['routesReset'], 'not yet');
  t.equal(watcher.steppedAside, undefined);
  clock.now = 6000;
  await watcher.poll();
  t.same(types(), ['routesReset', 'stepAside'], 'after step_aside_after (5 s) without a successful read');
  t.match(published[1], { type: 'stepAside', reason: /stepped aside: no working store for 5 s/ });
  t.match(watcher.steppedAside, /stepped aside/);
  t.equal(watcher.stats.steppedAside, 1);
  clock.now = 9000;
  await watcher.poll();
  t.same(types(), ['routesReset', 'stepAside'], 'told once');

  await proxy.restore();
  t.same(await store.addHost(1, 1, 2, 2), { status: 'added', version: 2 }, 'an edit made once the store is back');
  clock.now = 10_000;
  await watcher.poll();
  t.same(types().slice(2), ['routesChanged', 'stepBack'], 'the routes first, then back to serving');
  t.equal(watcher.steppedAside, undefined);
});

t.test('MariaDB node hangs mid-poll: degraded at the query deadline and aside at step_aside_after, both while the poll still runs', async (t) => {
  const db = await withTestDatabase(t);
  if (!db) return;
  const hung = await startTcpProxyProcess(t, testServer().port, testServer().host);
  // A store deadline far off, so the poll is still running whatever this test's clock says.
  const store = await openStore(db.url.replace(/@[^/]+\//, `@127.0.0.1:${hung.port}/`), { queryTimeoutMs: 60_000 });
  t.teardown(() => store.close());
  await store.init();
  await store.addHost(1, 1, 1, 1);
  const { watcher, published, clock } = watcherOn(store);
  await watcher.poll();
  t.equal(watcher.watchdogDueInMs(), undefined, 'no poll running: nothing to watch');
  hung.hang();
  const types = (): string[] => published.map((m) => m.type);

  clock.now = 1000;
  let settled = false;
  const stuck = watcher.poll().finally(() => (settled = true));
  t.equal(watcher.watchdogDueInMs(), 3000, 'the stall is due 3 s (stallAfterMs) after the poll started');
  clock.now = 3999;
  watcher.watchdog();
  t.equal(watcher.degraded, undefined, 'not yet');
  clock.now = 4000;
  watcher.watchdog();
  t.match(watcher.degraded, /store unanswered for 3000 ms/, 'degraded (/healthz 503) while the poll runs');
  t.equal(watcher.stats.stalledPolls, 1);
  t.equal(watcher.watchdogDueInMs(), 2000, 'next: the step-aside, 5 s after the poll started');
  clock.now = 6000;
  watcher.watchdog();
  t.same(types(), ['routesReset', 'stepAside'], 'stepped aside without waiting for the poll');
  t.match(published[1], { type: 'stepAside', reason: /no working store for 5 s/ });
  t.equal(watcher.watchdogDueInMs(), undefined, 'nothing left to decide until the poll ends');
  t.notOk(settled, 'the poll was running all along');

  hung.resume();
  t.equal(await stuck, 1000, 'the held answer arrives: next poll after poll_interval');
  t.same(types(), ['routesReset', 'stepAside', 'stepBack'], 'back to serving');
  t.equal(watcher.degraded, undefined);
});
