/**
 * The dns role as a real process over both stores: route edits made with
 * `lars route` reach subscribers as pushes (deletions included), the store
 * going away keeps the last table in service and changes made meanwhile are
 * pushed when it returns, and two replicas over one database both serve and push.
 */
import t, { type Test } from 'tap';
import { join } from 'node:path';
import { lars } from '../../../proto/generated/lars.js';
import { ipv4ToInt32 } from '../../../runtime/net/ipv4.js';
import { openStore } from '../../../store/openStore.js';
import { ipv4ToUint32 } from '../../../runtime/net/ipv4.js';
import { FramedSocket } from '../../helpers/framedSocket.js';
import { withTestDatabase, testServer } from '../../helpers/mysqlTestDb.js';
import { RoleProcess } from '../../helpers/roleProcess.js';
import { runLars } from '../../helpers/runLars.js';
import { TcpProxy } from '../../helpers/tcpProxy.js';

const DNS_INI = '[admin]\nadmin_port = 0\n[dns]\nport = 0\npoll_interval = 0.05\nstore_retry_max = 0.2\n';

async function startDns(t: Test, store: string): Promise<{ dns: RoleProcess; port: number }> {
  const dns = RoleProcess.start(t, 'dns', { 'dns.ini': DNS_INI }, ['--store', store]);
  const port = Number((await dns.waitFor(/serving routes version -?\d+ on 127\.0\.0\.1:(\d+)/))[1]);
  return { dns, port };
}

async function getRoute(c: FramedSocket, modid: number, cmdid: number): Promise<Array<[number, number]>> {
  c.send(lars.MessageId.ID_GetRouteRequest, lars.GetRouteRequest.encode({ modid, cmdid }).finish());
  return nextRoute(c, modid, cmdid);
}

async function nextRoute(c: FramedSocket, modid: number, cmdid: number): Promise<Array<[number, number]>> {
  const f = await c.next();
  if (!f) throw new Error('DNS closed the connection');
  const r = lars.GetRouteResponse.decode(f.body);
  if (f.msgid !== lars.MessageId.ID_GetRouteResponse || r.modid !== modid || r.cmdid !== cmdid) throw new Error(`unexpected frame ${f.msgid} ${r.modid}/${r.cmdid}`);
  return r.host.map((h) => [h.ip ?? 0, h.port ?? 0]);
}

async function route(store: string, op: 'add' | 'del', modid: number, cmdid: number, ip: string, port: number): Promise<void> {
  const r = await runLars(['route', op, '--modid', String(modid), '--cmdid', String(cmdid), '--ip', ip, '--port', String(port), '--store', store]);
  if (r.code !== 0) throw new Error(`lars route ${op}: ${r.stderr}`);
}

function pushSuite(t: Test, storeFor: (t: Test) => Promise<string | undefined>): void {
  t.test('route edits reach subscribers, deletions included', async (t) => {
    const store = await storeFor(t);
    if (!store) return;
    await route(store, 'add', 1, 1, '10.0.0.1', 80);
    const { dns, port } = await startDns(t, store);
    const c = await FramedSocket.open(port);
    t.same(await getRoute(c, 1, 1), [[ipv4ToInt32('10.0.0.1'), 80]]);
    t.same(await getRoute(c, 9, 9), [], 'unknown key: empty');

    await route(store, 'add', 1, 1, '200.1.2.3', 8080);
    t.same(await nextRoute(c, 1, 1), [[ipv4ToInt32('10.0.0.1'), 80], [ipv4ToInt32('200.1.2.3'), 8080]], 'add pushed; 200.1.2.3 negative on the wire');
    await route(store, 'add', 9, 9, '10.0.0.9', 99);
    t.same(await nextRoute(c, 9, 9), [[ipv4ToInt32('10.0.0.9'), 99]], 'a key subscribed while empty gets its first host pushed');
    await route(store, 'del', 1, 1, '10.0.0.1', 80);
    t.same(await nextRoute(c, 1, 1), [[ipv4ToInt32('200.1.2.3'), 8080]], 'delete pushed');
    await route(store, 'del', 1, 1, '200.1.2.3', 8080);
    t.same(await nextRoute(c, 1, 1), [], 'deleting the last host pushes an empty list');
    const metrics = await (await fetch(`http://127.0.0.1:${await dns.adminPort()}/metrics`)).text();
    const pushes = Number(/lars_dns_push_lag_seconds_count\{role="dns",actor="dns-server"\} (\d+)/.exec(metrics)?.[1]);
    t.ok(pushes >= 4, `push lag histogram has the ${pushes} pushes`);
    t.match(metrics, /lars_dns_subscribers\{role="dns",actor="dns-server"\} 1/);
    c.destroy();
  });

  t.test('two replicas over one database both serve and both push', async (t) => {
    const store = await storeFor(t);
    if (!store) return;
    await route(store, 'add', 5, 5, '10.0.5.1', 500);
    const [a, b] = await Promise.all([startDns(t, store), startDns(t, store)]);
    t.not(a.port, b.port);
    const ca = await FramedSocket.open(a.port);
    const cb = await FramedSocket.open(b.port);
    t.same(await getRoute(ca, 5, 5), [[ipv4ToInt32('10.0.5.1'), 500]]);
    t.same(await getRoute(cb, 5, 5), [[ipv4ToInt32('10.0.5.1'), 500]]);
    await route(store, 'add', 5, 5, '10.0.5.2', 501);
    const want = [[ipv4ToInt32('10.0.5.1'), 500], [ipv4ToInt32('10.0.5.2'), 501]];
    t.same(await nextRoute(ca, 5, 5), want, 'replica A pushed');
    t.same(await nextRoute(cb, 5, 5), want, 'replica B pushed');
    ca.destroy();
    cb.destroy();
  });
}

t.test('SQLite', (t) => {
  pushSuite(t, async (t) => {
    const url = `sqlite:${join(t.testdir(), 'lars.db')}`;
    const r = await runLars(['db', 'init', '--store', url]);
    t.equal(r.code, 0);
    return url;
  });
  t.end();
});

t.test('MariaDB', (t) => {
  pushSuite(t, async (t) => {
    const db = await withTestDatabase(t);
    if (!db) return undefined;
    const r = await runLars(['db', 'init', '--store', db.url]);
    t.equal(r.code, 0);
    return db.url;
  });

  t.test('store outage: the last table keeps serving, changes made meanwhile are pushed on return', async (t) => {
    const db = await withTestDatabase(t);
    if (!db) return;
    const direct = await openStore(db.url);
    t.teardown(() => direct.close());
    await direct.init();
    await direct.addHost(7, 7, ipv4ToUint32('10.0.7.1'), 700);
    const proxy = await TcpProxy.start(testServer().port);
    t.teardown(() => proxy.close());
    const viaProxy = db.url.replace(/@[^/]+\//, `@127.0.0.1:${proxy.port}/`);
    const { dns } = await startDns(t, viaProxy);
    const port = Number((await dns.waitFor(/serving routes version -?\d+ on 127\.0\.0\.1:(\d+)/))[1]);
    const admin = await dns.adminPort();
    const c = await FramedSocket.open(port);
    t.same(await getRoute(c, 7, 7), [[ipv4ToInt32('10.0.7.1'), 700]]);

    await proxy.cut();
    await dns.waitFor(/store unavailable, serving version \d+/);
    t.same(await getRoute(c, 7, 7), [[ipv4ToInt32('10.0.7.1'), 700]], 'still answering from the snapshot');
    const metrics = await (await fetch(`http://127.0.0.1:${admin}/metrics`)).text();
    t.match(metrics, /lars_dns_store_degraded\{[^}]*actor="route-watcher"[^}]*\} 1/);
    const health = await fetch(`http://127.0.0.1:${admin}/healthz`);
    t.equal(health.status, 503, '/healthz reports the degraded store');
    t.match(await health.text(), /degraded|store/);

    await direct.addHost(7, 7, ipv4ToUint32('10.0.7.2'), 701); // made while the DNS cannot see the store
    await proxy.restore();
    t.same(await nextRoute(c, 7, 7), [[ipv4ToInt32('10.0.7.1'), 700], [ipv4ToInt32('10.0.7.2'), 701]], 'pushed once the store is back');
    await dns.waitFor(/store answers again/);
    t.equal((await fetch(`http://127.0.0.1:${admin}/healthz`)).status, 200, 'healthy again');
    c.destroy();
  });
  t.end();
});
