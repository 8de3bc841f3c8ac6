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
import { routeAuditSuite } from './suites/routeAuditSuite.js';
import { keyNameSuite } from './suites/keyNameSuite.js';
import { routeRuleSuite } from './suites/routeRuleSuite.js';
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

t.test('audit trail', (t) => {
  routeAuditSuite(t, fresh);
  t.end();
});

t.test('service names', (t) => {
  keyNameSuite(t, fresh);
  t.end();
});

t.test('routing rules', (t) => {
  routeRuleSuite(t, fresh);
  t.end();
});

t.test('a file without RouteAudit (made before it) takes edits unaudited until db init adds the table', async (t) => {
  const path = join(t.testdir(), 'noaudit.db');
  const first = await openStore(`sqlite:${path}`);
  await first.init();
  await first.close();
  const raw = new Database(path);
  raw.exec('DROP TABLE RouteAudit');
  raw.close();
  const store = await openStore(`sqlite:${path}`);
  t.teardown(() => store.close());
  t.equal((await store.addHost(1, 1, ipv4ToUint32('10.0.0.1'), 80, 1, 'cli a@h')).status, 'added');
  t.same(await store.recentEdits({ modid: 1, cmdid: 1 }, 10), []);
  t.equal(await store.pruneAudit(Date.now()), 0);
  await store.init();
  await store.delHost(1, 1, ipv4ToUint32('10.0.0.1'), 80, 'cli a@h');
  t.same((await store.recentEdits({ modid: 1, cmdid: 1 }, 10)).map((e) => e.action), ['del'], 'audited from the upgrade on, no restart');
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
