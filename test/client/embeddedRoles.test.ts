/**
 * The embedded client against the real DNS and reporter roles (own OS
 * processes, on MariaDB): cold getHost, route edits reaching watch and
 * pickHost without restarts (the last host deleted too), DNS killed and
 * back, DNS down at start with a snapshot, reporter rows once per key per
 * interval, and close() letting the application's process exit.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { LarsClient, type EmbeddedClientOptions, type EmbeddedLarsClient, type Host } from '../../client/index.js';
import { ipv4ToUint32 } from '../../runtime/net/ipv4.js';
import { openStore } from '../../store/openStore.js';
import type { Store } from '../../store/store.js';
import { freeTcpPort } from '../helpers/freePorts.js';
import { withTestDatabase, type TestDatabase } from '../helpers/mysqlTestDb.js';
import { RoleProcess } from '../helpers/roleProcess.js';

const CLIENT_JS = fileURLToPath(new URL('../../dist/client/index.js', import.meta.url));
const FAST_LINK = { backoff_min_ms: 20, backoff_max_ms: 200, connect_timeout_ms: 2000 };

interface World {
  db: TestDatabase;
  store: Store;
  dnsPort: number;
  reporterPort: number;
  dir: string;
}

async function world(t: Test, hosts: Array<[number, number, string, number]>): Promise<World | undefined> {
  const db = await withTestDatabase(t);
  if (!db) return undefined;
  const store = await openStore(db.url);
  t.teardown(() => store.close());
  await store.init();
  for (const [modid, cmdid, ip, port] of hosts) await store.addHost(modid, cmdid, ipv4ToUint32(ip), port);
  return { db, store, dnsPort: await freeTcpPort(), reporterPort: await freeTcpPort(), dir: t.testdir() };
}

async function startDns(t: Test, w: World): Promise<RoleProcess> {
  const dns = RoleProcess.start(t, 'dns', { 'dns.ini': `[admin]\nadmin_port = 0\n[dns]\nport = ${w.dnsPort}\npoll_interval = 0.05\n` }, ['--store', w.db.url]);
  await dns.waitFor(/serving routes/);
  return dns;
}

async function startReporter(t: Test, w: World): Promise<RoleProcess> {
  const r = RoleProcess.start(t, 'reporter', { 'reporter.ini': `[admin]\nadmin_port = 0\n[reporter]\nport = ${w.reporterPort}\nflush_interval = 0.1\n` }, ['--store', w.db.url]);
  await r.waitFor(/accepting reports/);
  return r;
}

async function embedded(t: Test, w: World, extra: Partial<EmbeddedClientOptions> = {}): Promise<EmbeddedLarsClient> {
  const client = await LarsClient.embedded({ dns: [`127.0.0.1:${w.dnsPort}`], pull_wait_ms: 3000, ...FAST_LINK, ...extra });
  t.teardown(() => client.close());
  return client;
}

async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const ports = (hosts: Host[]): number[] => hosts.map((h) => h.port).sort((a, b) => a - b);

t.test('cold getHost, then route edits reach watch and pickHost without restarts, the last host deleted too', async (t) => {
  const w = await world(t, [[1, 1, '10.1.0.1', 101], [1, 1, '200.1.0.2', 102]]);
  if (!w) return;
  await startDns(t, w);
  const client = await embedded(t, w);
  t.equal((await client.getHost(1, 1)).port, 101, 'the first call waited for the route from DNS');
  const seen = new Set([client.pickHost(1, 1), client.pickHost(1, 1)].map((h) => `${h.ip}:${h.port}`));
  t.same([...seen].sort(), ['10.1.0.1:101', '200.1.0.2:102']);

  const lists: Host[][] = [];
  client.watch(1, 1, (hosts) => lists.push(hosts));
  await until('current list', () => lists.length === 1);
  await w.store.addHost(1, 1, ipv4ToUint32('10.1.0.3'), 103);
  await until('added host pushed', () => lists.length === 2);
  t.same(ports(lists[1]!), [101, 102, 103]);
  t.ok(Array.from({ length: 3 }, () => client.pickHost(1, 1).port).includes(103), 'pickHost hands out the added host');
  // A weight is part of the route: an edit of nothing else still reaches the listeners.
  await w.store.setWeight(1, 1, ipv4ToUint32('10.1.0.3'), 103, 5);
  await until('weight edit pushed', () => lists.length === 3);
  t.same(lists[2]!.find((h) => h.port === 103), { ip: '10.1.0.3', port: 103, weight: 5 });
  t.equal(Array.from({ length: 7 }, () => client.pickHost(1, 1).port).filter((p) => p === 103).length, 5, 'pickHost uses the new weight');
  for (const [ip, port] of [['10.1.0.1', 101], ['200.1.0.2', 102]] as const) await w.store.delHost(1, 1, ipv4ToUint32(ip), port);
  await until('deletions pushed', () => lists.at(-1)?.length === 1);
  t.same(lists.at(-1), [{ ip: '10.1.0.3', port: 103, weight: 5 }]);
  t.equal(client.pickHost(1, 1).port, 103);
  await w.store.delHost(1, 1, ipv4ToUint32('10.1.0.3'), 103);
  await until('last host deleted', () => lists.at(-1)?.length === 0);
  t.throws(() => client.pickHost(1, 1), { name: 'LarsError', code: 'NOEXIST' }, 'no host left: NOEXIST');
  await t.rejects(client.getHost(1, 1), { code: 'NOEXIST' });
});

t.test('DNS killed: pickHost keeps answering, the client reconnects and resyncs', async (t) => {
  const w = await world(t, [[3, 3, '10.3.0.1', 301]]);
  if (!w) return;
  const dns = await startDns(t, w);
  const client = await embedded(t, w);
  t.equal((await client.getHost(3, 3)).port, 301);
  dns.kill();
  await dns.exited;
  await until('disconnect seen', () => !client.stats().dns.connected);
  for (let i = 0; i < 5; i++) t.equal(client.pickHost(3, 3).port, 301, 'answered from memory while DNS is gone');
  await w.store.addHost(3, 3, ipv4ToUint32('10.3.0.2'), 302);
  await startDns(t, w);
  await until('resynced', async () => ports(await client.getRoute(3, 3)).join() === '301,302');
  t.ok(client.stats().dns.counters['reconnects']! >= 1, 'reconnected');
});

t.test('DNS down at start: a snapshot from the last run is served until DNS is back', async (t) => {
  const w = await world(t, [[5, 4, '10.5.0.1', 501]]);
  if (!w) return;
  const snapshot_path = join(w.dir, 'routes.json');
  const dns = await startDns(t, w);
  const first = await embedded(t, w, { snapshot_path });
  t.equal((await first.getHost(5, 4)).port, 501);
  await first.close();
  dns.kill();
  await dns.exited;

  const second = await embedded(t, w, { snapshot_path });
  t.equal(second.stats().dns.connected, false, 'no DNS');
  t.equal(second.pickHost(5, 4).port, 501, 'served from the snapshot');
  t.equal((await second.getHost(5, 4)).port, 501);
  await w.store.addHost(5, 4, ipv4ToUint32('10.5.0.2'), 502);
  await startDns(t, w);
  await until('DNS back, route refreshed', () => second.stats().lb.hosts === 2);
});

t.test('reporter rows: one report per key per interval, with the caller and each host\'s window counts', async (t) => {
  const w = await world(t, [[7, 1, '10.7.0.1', 701], [7, 1, '10.7.0.2', 702], [7, 2, '10.7.0.3', 703]]);
  if (!w) return;
  await startDns(t, w);
  await startReporter(t, w);
  const client = await embedded(t, w, { reporter: [`127.0.0.1:${w.reporterPort}`], caller: '10.99.0.1', report_interval: 0.2 });
  await client.regInit(7, 1);
  await client.regInit(7, 2);
  await until('reporter connected', () => client.stats().reporter?.connected === true);
  const sent = (): number => client.stats().reporter?.counters['reports_sent'] ?? 0;
  for (let burst = 1; burst <= 3; burst++) {
    let failed = false;
    for (let i = 0; i < 10; i++) {
      for (const cmdid of [1, 2]) {
        const h = client.pickHost(7, cmdid);
        // The first call to 702 in each burst fails.
        const fails = h.port === 702 && !failed;
        if (fails) failed = true;
        client.report(7, cmdid, h, fails ? 'error' : 'success');
      }
    }
    await until(`burst ${burst} reported`, () => sent() >= 2 * burst);
    t.equal(sent(), 2 * burst, `burst ${burst}: one ReportStatusRequest per key, however many calls`);
  }
  const rows = async (): Promise<Array<Record<string, number>>> =>
    (await w.db.pool.query('SELECT cmdid, ip, port, caller, succ_cnt, err_cnt FROM ServerCallStatus WHERE modid = 7 ORDER BY port'))[0] as Array<Record<string, number>>;
  await until('rows written', async () => (await rows()).reduce((n, r) => n + Number(r['succ_cnt']) + Number(r['err_cnt']), 0) === 60);
  const got = (await rows()).map((r) => [Number(r['cmdid']), Number(r['port']), Number(r['caller']), Number(r['succ_cnt']), Number(r['err_cnt'])]);
  const caller = ipv4ToUint32('10.99.0.1');
  t.same(got, [
    [1, 701, caller, 15, 0],
    [1, 702, caller, 12, 3],
    [2, 703, caller, 30, 0],
  ], 'one row per host and caller, the window counts of the whole interval');
});

t.test('close() sends the last reports and lets the application\'s process exit', async (t) => {
  const w = await world(t, [[8, 1, '10.8.0.1', 801]]);
  if (!w) return;
  await startDns(t, w);
  await startReporter(t, w);
  const app = `
    import { LarsClient } from ${JSON.stringify(CLIENT_JS)};
    const client = await LarsClient.embedded({ dns: ['127.0.0.1:${w.dnsPort}'], reporter: ['127.0.0.1:${w.reporterPort}'], pull_wait_ms: 3000 });
    client.watch(8, 1, () => {});
    const host = await client.getHost(8, 1);
    for (let i = 0; i < 5; i++) client.report(8, 1, client.pickHost(8, 1), 'success');
    await client.close();
    console.log(JSON.stringify({ host, sent: client.stats().reporter.counters.reports_sent }));
  `;
  const started = Date.now();
  const r = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', app], { env: { ...process.env, NODE_OPTIONS: '' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
  t.equal(r.code, 0, `the process exited by itself: ${r.out}`);
  t.ok(Date.now() - started < 30_000);
  t.same(JSON.parse(r.out), { host: { ip: '10.8.0.1', port: 801 }, sent: 1 }, 'the last window was reported at close');
  await until('the row', async () => ((await w.db.pool.query('SELECT succ_cnt FROM ServerCallStatus WHERE modid = 8'))[0] as unknown[]).length === 1);
});
