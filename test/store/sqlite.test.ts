/** The shared store suites on SQLite (a file per test), plus what only SQLite has. */
import t from 'tap';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../store/openStore.js';
import type { FreshStore } from './suites/freshStore.js';
import { routeStoreSuite } from './suites/routeStoreSuite.js';
import { statusStoreSuite } from './suites/statusStoreSuite.js';
import { historyStoreSuite } from './suites/historyStoreSuite.js';
import { historyLeaseSuite } from './suites/historyLeaseSuite.js';
import { leaseStoreSuite } from './suites/leaseStoreSuite.js';
import { ipv4ToUint32 } from '../../runtime/net/ipv4.js';

const fresh: FreshStore = async (t, options = {}) => {
  const store = await openStore(`sqlite:${join(t.testdir(), 'lars.db')}`, options);
  t.teardown(() => store.close());
  if (!options.skipInit) await store.init();
  return store;
};

t.test('route store', (t) => {
  routeStoreSuite(t, fresh);
  t.end();
});

t.test('status store', (t) => {
  statusStoreSuite(t, fresh);
  t.end();
});

t.test('history store', (t) => {
  historyStoreSuite(t, fresh);
  t.end();
});

t.test('history lease', (t) => {
  historyLeaseSuite(t, fresh);
  t.end();
});

t.test('registration leases', (t) => {
  leaseStoreSuite(t, fresh);
  t.end();
});

t.test('file is in WAL mode with a busy timeout', async (t) => {
  const path = join(t.testdir(), 'wal.db');
  const store = await openStore(`sqlite:${path}`, { busyTimeoutMs: 1234 });
  await store.init();
  await store.close();
  const db = new Database(path, { readonly: true });
  t.teardown(() => db.close());
  t.equal(db.pragma('journal_mode', { simple: true }), 'wal');
});

t.test('two stores on one file see each other and serialise edits', async (t) => {
  const url = `sqlite:${join(t.testdir(), 'shared.db')}`;
  const one = await openStore(url);
  const two = await openStore(url);
  t.teardown(async () => {
    await one.close();
    await two.close();
  });
  await one.init();
  await two.init();
  const a = ipv4ToUint32('10.1.1.1');
  const edits = await Promise.all([one.addHost(1, 1, a, 1), two.addHost(1, 1, a, 2), one.addHost(1, 1, a, 3), two.addHost(1, 1, a, 1)]);
  t.same(edits.map((e) => e.status).sort(), ['added', 'added', 'added', 'exists']);
  t.equal(await two.getVersion(), 3);
  t.equal((await one.listHosts()).length, 3);
});

t.test('in-memory store works', async (t) => {
  const store = await openStore('sqlite::memory:');
  t.teardown(() => store.close());
  await store.init();
  t.same(await store.addHost(1, 1, 1, 1), { status: 'added', version: 1 });
});

t.test('open errors are coded', async (t) => {
  const dir = t.testdir();
  await t.rejects(openStore(`sqlite:${join(dir, 'no/such/dir/x.db')}`), { code: 'STORE_UNAVAILABLE' });
  await t.rejects(openStore(`sqlite:${join(dir, 'absent.db')}`, { createIfMissing: false }), { code: 'STORE_NO_SCHEMA' });
  await t.rejects(openStore('sqlite:'), { code: 'USAGE' });
});

t.test('history lease: a deleted lease row is put back by the first claim', async (t) => {
  const path = join(t.testdir(), 'lease.db');
  const store = await openStore(`sqlite:${path}`);
  t.teardown(() => store.close());
  await store.init();
  const db = new Database(path);
  t.teardown(() => db.close());
  db.exec('DELETE FROM HistoryLease');
  t.same(await store.claimHistoryLease('a', 1_000, 4_000), { outcome: 'taken' });
  t.same(await store.claimHistoryLease('b', 1_000, 4_000), { outcome: 'held', holder: 'a', expiresMs: 4_000 });
});
