/**
 * A big change and a small one read in the same poll (issue 20.2): the
 * watcher publishes the small edit's key in its first part, before it reads
 * the big edit's keys, and sends the rest in parts of KEYS_PER_APPLY; parts
 * before the last keep the version already applied, the last moves it.
 * On a real SQLite store; the big edit is one transaction written by SQL.
 */
import t from 'tap';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { KEYS_PER_APPLY } from '../../../actors/dns/routeWatcher.js';
import type { RoutesChanged } from '../../../actors/dns/dnsProtocol.js';
import { openStore } from '../../../store/openStore.js';
import { watcherOn } from '../../helpers/routeWatcherFixture.js';

const BIG = Math.round(KEYS_PER_APPLY * 2.5);
const OTHER = { modid: 7, cmdid: 7 };

t.test('the one-host edit goes out in the first part; the big edit follows in parts, the last moving the version', async (t) => {
  const path = join(t.testdir(), 'lars.db');
  const store = await openStore(`sqlite:${path}`);
  t.teardown(() => store.close());
  await store.init();
  await store.addHost(OTHER.modid, OTHER.cmdid, 0x0a000001, 80);
  const { watcher, published } = watcherOn(store);
  await watcher.poll();
  t.equal(published.length, 1, 'the table, loaded');
  const before = watcher.version;

  const raw = new Database(path);
  t.teardown(() => raw.close());
  raw.transaction(() => {
    const version = before + 1;
    for (let k = 0; k < BIG; k++) {
      raw.prepare('INSERT INTO RouteData (modid, cmdid, serverip, serverport) VALUES (?, ?, ?, ?)').run(1000 + k, 1, 0x0b000001, 9000);
      raw.prepare('INSERT INTO RouteChange (modid, cmdid, version, created_at_ms) VALUES (?, ?, ?, ?)').run(1000 + k, 1, version, Date.now());
    }
    raw.prepare('UPDATE RouteVersion SET version = ? WHERE id = 1').run(version);
  })();
  const small = await store.addHost(OTHER.modid, OTHER.cmdid, 0x0a000002, 81);
  t.equal(small.version, before + 2);

  await watcher.poll();
  const parts = published.slice(1) as RoutesChanged[];
  t.same(parts.map((p) => p.type), ['routesChanged', 'routesChanged', 'routesChanged']);
  t.same(parts.map((p) => p.changes.length), [KEYS_PER_APPLY, KEYS_PER_APPLY, BIG + 1 - 2 * KEYS_PER_APPLY], 'parts of KEYS_PER_APPLY keys');
  t.same(parts[0]?.changes[0], { ...OTHER, hosts: [{ ip: 0x0a000001, port: 80 }, { ip: 0x0a000002, port: 81 }] }, 'the one-host edit first');
  t.same(parts.map((p) => p.version), [before, before, before + 2], 'the version held until the last part');
  t.equal(watcher.version, before + 2);
  t.equal(new Set(parts.flatMap((p) => p.changes.map((c) => `${c.modid}/${c.cmdid}`))).size, BIG + 1, 'every changed key once');
});

t.test('an edit committed while a big one is read goes ahead of the rest of it', async (t) => {
  const path = join(t.testdir(), 'lars.db');
  const store = await openStore(`sqlite:${path}`);
  t.teardown(() => store.close());
  await store.init();
  await store.addHost(OTHER.modid, OTHER.cmdid, 0x0a000001, 80);
  // The real store; its first loadKeys commits the one-host edit before it answers, as a writer racing the read would.
  let raced = false;
  const racing = new Proxy(store, {
    get(target, prop) {
      if (prop === 'loadKeys') {
        return async (keys: Parameters<typeof store.loadKeys>[0]) => {
          const found = await target.loadKeys(keys);
          if (watcherReading && !raced) {
            raced = true;
            await target.addHost(OTHER.modid, OTHER.cmdid, 0x0a000002, 81);
          }
          return found;
        };
      }
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  let watcherReading = false;
  const { watcher, published } = watcherOn(racing);
  await watcher.poll();
  const before = watcher.version;
  const raw = new Database(path);
  t.teardown(() => raw.close());
  raw.transaction(() => {
    for (let k = 0; k < BIG; k++) {
      raw.prepare('INSERT INTO RouteData (modid, cmdid, serverip, serverport) VALUES (?, ?, ?, ?)').run(1000 + k, 1, 0x0b000001, 9000);
      raw.prepare('INSERT INTO RouteChange (modid, cmdid, version, created_at_ms) VALUES (?, ?, ?, ?)').run(1000 + k, 1, before + 1, Date.now());
    }
    raw.prepare('UPDATE RouteVersion SET version = ? WHERE id = 1').run(before + 1);
  })();
  watcherReading = true;
  await watcher.poll();
  const parts = published.slice(1) as RoutesChanged[];
  t.ok(raced, 'the edit was committed during the read');
  t.same(parts.map((p) => p.changes.length), [KEYS_PER_APPLY, KEYS_PER_APPLY, BIG + 1 - 2 * KEYS_PER_APPLY]);
  t.same(parts[1]?.changes[0], { ...OTHER, hosts: [{ ip: 0x0a000001, port: 80 }, { ip: 0x0a000002, port: 81 }] }, 'the edit leads the next part');
  t.same(parts.map((p) => p.version), [before, before, before + 2], 'and the last part moves the version past it');
});
