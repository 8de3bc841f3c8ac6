/**
 * The reporter end to end against MariaDB (a database per test), and through
 * a TCP proxy the test controls so the database can vanish mid-stream.
 */
import t, { type Test } from 'tap';
import { openStore } from '../../../store/openStore.js';
import { withTestDatabase, testServer, type TestDatabase } from '../../helpers/mysqlTestDb.js';
import { TcpProxy } from '../../helpers/tcpProxy.js';
import { freeTcpPort } from '../../helpers/freePorts.js';
import { checkAccounting, drained, expectedRows, keyCount, sendRounds, startReporter, until, type KeySpace } from './fixtures/reporterFixture.js';
import { finalValuesScenario, type FreshUrl } from './fixtures/scenarios.js';

async function initSchema(url: string): Promise<void> {
  const store = await openStore(url);
  try {
    await store.init();
  } finally {
    await store.close();
  }
}

const fresh: FreshUrl = async (t) => {
  const db = await withTestDatabase(t);
  if (!db) return undefined;
  await initSchema(db.url);
  return db.url;
};

/** A fresh database reached through a proxy: [url through the proxy, proxy, db]. */
async function proxied(t: Test): Promise<[string, TcpProxy, TestDatabase] | undefined> {
  const db = await withTestDatabase(t);
  if (!db) return undefined;
  await initSchema(db.url);
  const server = testServer();
  const proxy = await TcpProxy.start(server.port, server.host);
  t.teardown(() => proxy.close());
  return [db.url.replace(`@${server.host}:${server.port}/`, `@127.0.0.1:${proxy.port}/`), proxy, db];
}

const OUTAGE_CONFIG = { batch_rows: 50, retry_backoff_min_ms: 10, retry_backoff_max_ms: 100 };

const available = await withTestDatabase(t);
if (available) {
  finalValuesScenario(t, fresh);

  t.test('database cut mid-stream and restored: every accepted row lands', async (t) => {
    const setup = await proxied(t);
    if (!setup) return;
    const [url, proxy] = setup;
    const space: KeySpace = { modids: 5, hosts: 10 }; // 200 keys
    const { service, port } = await startReporter(t, url, { ...OUTAGE_CONFIG, db_thread_cnt: 2 });

    // Cut as soon as the first batch of round 1 is committed: others are in flight or pending.
    const firstWrite = until(service, () => service.writer.rowsWritten > 0);
    await sendRounds(service, port, space, 1, 1);
    await firstWrite;
    await proxy.cut();
    t.ok(service.metrics().rowsWritten < keyCount(space), 'cut mid-stream: round 1 not all written');

    await sendRounds(service, port, space, 2, 4);
    await until(service, () => service.writer.batchesFailed >= 3 && service.writer.retries >= 1);
    const during = service.metrics();
    t.ok(during.rowsPending + during.rowsInFlight > 0, 'rows wait while the database is gone');
    t.ok((during.dbErrorsByCode['STORE_UNAVAILABLE'] ?? 0) >= 1, 'failures classified as unavailable');
    checkAccounting(t, during, 'during the outage');

    await proxy.restore();
    await drained(service);
    const m = service.metrics();
    t.equal(m.rowsDropped, 0);
    t.equal(m.rowsAccepted, m.rowsWritten, 'accepted = written');
    checkAccounting(t, m, 'after the outage');
    const reader = await openStore(setup[2].url);
    t.teardown(() => reader.close());
    t.same(await reader.readStatus(), expectedRows(space, 4), 'the table holds the last round, nothing lost');
  });

  t.test('an outage beyond max_pending_rows: the excess is dropped and counted, accepted = written + dropped', async (t) => {
    const setup = await proxied(t);
    if (!setup) return;
    const [url, proxy, db] = setup;
    const space: KeySpace = { modids: 5, hosts: 10 }; // 200 keys per round
    const { service, port } = await startReporter(t, url, { ...OUTAGE_CONFIG, max_pending_rows: 120 });

    const firstWrite = until(service, () => service.writer.rowsWritten > 0);
    await sendRounds(service, port, space, 1, 1);
    await firstWrite;
    await proxy.cut();
    await sendRounds(service, port, space, 2, 3);
    await until(service, () => service.writer.batchesFailed >= 2);
    const during = service.metrics();
    t.ok(during.rowsDroppedOverflow > 0, `${during.rowsDroppedOverflow} rows dropped over the bound`);
    t.ok(during.rowsPending <= 120, 'pending stays within the bound');
    checkAccounting(t, during, 'during the outage');

    await proxy.restore();
    await drained(service);
    const after = service.metrics();
    t.equal(after.rowsAccepted, after.rowsWritten + after.rowsDropped, 'accepted = written + dropped, exactly');
    t.ok(after.rowsWritten > 0);

    // Recovered: a round of 80 keys (within the bound) lands whole.
    const part: KeySpace = { modids: 2, hosts: 10 };
    await sendRounds(service, port, part, 4, 4);
    await drained(service);
    const m = service.metrics();
    t.equal(m.rowsAccepted, m.rowsWritten + m.rowsDropped);
    t.equal(m.rowsDropped, after.rowsDropped, 'no drops once the database is back');
    const reader = await openStore(db.url);
    t.teardown(() => reader.close());
    const landed = (await reader.readStatus()).filter((r) => r.modid <= part.modids);
    t.same(landed, expectedRows(part, 4));
  });

  t.test('a write worker whose first host is dead moves to the next: logged and counted like the reporter\'s own', async (t) => {
    const db = await withTestDatabase(t);
    if (!db) return;
    await initSchema(db.url);
    const server = testServer();
    const dead = await freeTcpPort();
    const url = db.url.replace(`@${server.host}:${server.port}/`, `@127.0.0.1:${dead},${server.host}:${server.port}/`);
    const lines: string[] = [];
    const { service, port } = await startReporter(t, url, {}, { log: (line, level) => lines.push(`${level ?? 'info'} ${line}`) });
    const space: KeySpace = { modids: 1, hosts: 2 };
    await sendRounds(service, port, space, 1, 2);
    await drained(service);
    const m = service.metrics();
    t.equal(m.storeFailovers, 1, 'one node switch, counted');
    t.equal(m.rowsWritten, m.rowsAccepted, 'every row written on the live node');
    const switches = lines.filter((l) => l.includes('now on'));
    t.equal(switches.length, 1, `one warning: ${JSON.stringify(switches)}`);
    t.match(switches[0], new RegExp(`^warn write worker: store: now on ${server.host.replace(/\./g, '\\.')}:${server.port} \\(127\\.0\\.0\\.1:${dead}: `), 'naming the node it moved to and why');
  });
}
