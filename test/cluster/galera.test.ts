/**
 * Scale-out on a real 3-node MariaDB Galera cluster (bench/scaleout/
 * galeraCluster.ts: free loopback ports, a temporary directory): two DNS
 * replicas and two reporters, each on a different node through a host list,
 * and two agents with both replicas in their lists (opposite orders).
 *
 *   - a route edit on node 3 reaches getHost through either replica;
 *   - a node that is up but not Synced (desynced) is not used;
 *   - kill -9 of the node under agent 1's replicas: a route edit made then
 *     reaches agent 1 within poll_interval + 3 s, and reports sent before,
 *     during and after all land (rows = what was sent; accepted = written,
 *     nothing dropped at the default bounds);
 *   - registrations live through that kill (registrationsLive.ts): 100 instances on
 *     replica A, renewals move to node 2, no push at replica B drops one;
 *   - the killed node rejoins (IST) and the cluster is back to 3;
 *   - 20 concurrent route edits over the three nodes all succeed, each bumps
 *     RouteVersion once, versions unique;
 *   - node 2 partitioned away (gmcast.isolate): replica B leaves it and a
 *     route edit still reaches agent 2 within poll_interval + 3 s;
 *   - node 1 hangs (SIGSTOP: no answer, no reset): a replica listing it first
 *     pushes an edit made meanwhile within poll_interval + 3 s and a
 *     reporter's writes resume on another node within 5 s, every row at its
 *     final value; the replica and reporter that have only node 1 answer
 *     /healthz 503 within 5 s; SIGCONT: node 1 rejoins and they recover.
 *
 * Under CI=true a machine without Galera fails this suite instead of skipping.
 */
import t from 'tap';
import { LarsClient, type Host } from '../../client/index.js';
import { ipv4ToUint32 } from '../../runtime/net/ipv4.js';
import { openStore } from '../../store/openStore.js';
import type { Store } from '../../store/store.js';
import { GaleraCluster, galeraUnavailableReason } from '../../bench/scaleout/galeraCluster.js';
import { freeTcpPort, freeUdpPortTriple } from '../helpers/freePorts.js';
import { RoleProcess } from '../helpers/roleProcess.js';
import { startAgent } from '../e2e/fixtures/cluster.js';
import { scrape, until } from '../e2e/fixtures/metrics.js';
import { statusMatches, Traffic, type Key } from '../e2e/fixtures/traffic.js';
import { hungNodeCase } from './hungNode.js';
import { startRegistrations } from './registrationsLive.js';

const POLL_S = 0.5;
const LAG_BOUND_MS = POLL_S * 1000 + 3000;

// Cluster start-up and the role processes take a while on a loaded 2-core machine; each step still awaits an event.
t.setTimeout(420_000);

const why = galeraUnavailableReason();
if (why !== undefined) {
  if (process.env['CI'] === 'true') t.fail(`Galera cluster suite cannot run: ${why}; CI=true requires it`);
  else t.plan(0, `skipped: ${why}`);
} else {
  t.test('a 3-node Galera cluster under two DNS replicas, two reporters and two agents', { timeout: 400_000 }, async (t) => {
    const started = Date.now();
    const cluster = await GaleraCluster.start({ log: (line) => t.comment(line) });
    t.teardown(() => cluster.stop());
    t.comment(`cluster up in ${Date.now() - started} ms`);
    const openOn = async (order: number[]): Promise<Store> => {
      const s = await openStore(cluster.url('lars', order), { connectTimeoutMs: 1000 });
      t.teardown(() => s.close());
      return s;
    };
    const admin = await openOn([1, 2, 3]);
    await admin.init();
    const [on1, on2, on3] = [await openOn([1]), await openOn([2]), await openOn([3])];

    const A_KEYS: Key[] = [0, 1].map((c) => [21, c] as const);
    const B_KEYS: Key[] = [0, 1].map((c) => [22, c] as const);
    for (const [m, c] of [...A_KEYS, ...B_KEYS]) await on1.addHost(m, c, ipv4ToUint32(`10.${m}.${c}.1`), 2000 + c);

    const [dA, dB, rA, rB] = [await freeTcpPort(), await freeTcpPort(), await freeTcpPort(), await freeTcpPort()];
    const [dnsA, dnsB, repA, repB] = await Promise.all([
      startDns(t, cluster.url('lars', [1, 2, 3]), dA),
      startDns(t, cluster.url('lars', [2, 3, 1]), dB),
      startReporter(t, cluster.url('lars', [1, 2, 3]), rA),
      startReporter(t, cluster.url('lars', [2, 3, 1]), rB),
    ]);
    const [base1, base2] = [await freeUdpPortTriple(), await freeUdpPortTriple()];
    const [agent1, agent2] = await Promise.all([
      startAgent(t, { basePort: base1, dnsPorts: [dA, dB], reporterPorts: [rA, rB], dir: t.testdir() }),
      startAgent(t, { basePort: base2, dnsPorts: [dB, dA], reporterPorts: [rB, rA], dir: `${t.testdir()}-2` }),
    ]);
    await agent1.waitFor(new RegExp(`connected to DNS 127\\.0\\.0\\.1:${dA}`));
    await agent2.waitFor(new RegExp(`connected to DNS 127\\.0\\.0\\.1:${dB}`));
    const c1 = new LarsClient({ basePort: base1, timeoutMs: 3000 });
    const c2 = new LarsClient({ basePort: base2, timeoutMs: 3000 });
    t.teardown(() => (c1.close(), c2.close()));
    const [tr1, tr2] = [new Traffic(c1), new Traffic(c2)];
    const traffic = async (): Promise<void> => {
      await tr1.round(A_KEYS);
      await tr2.round(B_KEYS);
    };
    t.comment(`roles up at ${Date.now() - started} ms`);

    await t.test('a route edit on node 3 reaches getHost through either replica', async (t) => {
      await traffic();
      await on3.addHost(21, 0, ipv4ToUint32('10.21.0.2'), 2100);
      await on3.addHost(22, 0, ipv4ToUint32('10.22.0.2'), 2200);
      const via1 = await until('agent 1 (replica A on node 1)', () => c1.getRoute(21, 0), (h: Host[]) => h.length === 2);
      const via2 = await until('agent 2 (replica B on node 2)', () => c2.getRoute(22, 0), (h: Host[]) => h.length === 2);
      t.same(via1.map((h) => h.port).sort(), [2000, 2100]);
      t.same(via2.map((h) => h.port).sort(), [2000, 2200]);
      const seen = new Set<number>();
      for (let i = 0; i < 10; i++) seen.add((await c1.getHost(21, 0)).port);
      t.ok(seen.has(2100), 'getHost hands out the new host');
    });

    await t.test('a node that is up but not Synced is not used', async (t) => {
      const s = await openOn([2, 1, 3]);
      t.equal(await s.getVersion(), await admin.getVersion(), 'node 2 serves while Synced');
      t.equal(s.counters.failovers, 0);
      const conn = await cluster.connect(2);
      t.teardown(() => conn.end());
      await conn.query('SET GLOBAL wsrep_desync = ON');
      t.teardown(() => conn.query('SET GLOBAL wsrep_desync = OFF'));
      t.equal((await cluster.status(2)).state, 'Donor/Desynced', 'node 2 accepts queries but may lag');
      await s.getVersion();
      t.equal(s.counters.failovers, 1, 'the store moved to the next host of its list');
      await conn.query('SET GLOBAL wsrep_desync = OFF');
      await cluster.waitSynced(2);
    });

    // Held by the whole suite's test: its agents and subscriber live until hold() or the end.
    const registrations = await startRegistrations(t, cluster, dA, dB);

    let killedAt = 0;
    await t.test('kill -9 of node 1: replica A fails over, a route edit reaches agent 1 in time, no report lost', async (t) => {
      for (let i = 0; i < 3; i++) await traffic();
      await until('reports before the kill written', () => statusMatches(admin, tr1, 21), (s) => s.ok);
      const during = traffic();
      killedAt = Date.now();
      await cluster.kill(1);
      await during;
      const t0 = Date.now();
      await on3.addHost(21, 1, ipv4ToUint32('10.21.1.2'), 2101);
      const committed = Date.now();
      t.comment(`edit on node 3 committed ${committed - t0} ms after the kill (Galera evicts the dead node first)`);
      await until('agent 1 sees the edit', async () => (await traffic(), c1.getRoute(21, 1)), (h: Host[]) => h.length === 2, 20_000);
      const lag = Date.now() - committed;
      t.ok(lag <= LAG_BOUND_MS, `route change reached agent 1 ${lag} ms after commit (bound ${LAG_BOUND_MS})`);
      await dnsA.waitFor(/store: now on 127\.0\.0\.1:/);
      t.equal(dnsA.child.exitCode, null, 'replica A never stopped');
      for (let i = 0; i < 3; i++) await traffic();
      for (const [modid, tr] of [[21, tr1], [22, tr2]] as const) {
        const s = await until(`reports of modid ${modid} landed`, () => statusMatches(admin, tr, modid), (s) => s.ok, 30_000);
        t.same(s.got, s.want, `modid ${modid}: rows hold every success reported before, during and after (${tr.calls} calls)`);
      }
    });

    await t.test('registrations live through the kill: renewals moved to node 2, nothing disappeared at B', (t) => registrations.hold(t, killedAt, 2));

    await t.test('the killed node rejoins by IST and the cluster is back to 3', async (t) => {
      const t0 = Date.now();
      await cluster.rejoin(1);
      await cluster.waitSize(3);
      t.comment(`rejoined in ${Date.now() - t0} ms`);
      t.equal((await cluster.status(1)).clusterSize, 3);
    });

    await t.test('20 concurrent route edits over the three nodes all succeed, one version each', async (t) => {
      const before = await admin.getVersion();
      const stores = [on1, on2, on3];
      const conflictsBefore = stores.reduce((n, s) => n + s.counters.conflicts, 0);
      const edits = await Promise.all(Array.from({ length: 20 }, (_, i) => (stores[i % 3] as Store).addHost(30, i, ipv4ToUint32(`10.30.0.${i + 1}`), 3000 + i)));
      t.ok(edits.every((e) => e.status === 'added'), 'every edit succeeded');
      const versions = edits.map((e) => e.version).sort((a, b) => a - b);
      t.same(versions, Array.from({ length: 20 }, (_, i) => before + 1 + i), 'versions unique and consecutive');
      t.equal(await admin.getVersion(), before + 20, 'RouteVersion bumped once per edit');
      t.equal((await admin.listHosts({ modid: 30 })).length, 20);
      t.comment(`${stores.reduce((n, s) => n + s.counters.conflicts, 0) - conflictsBefore} certification conflicts retried inside the store`);
    });

    await t.test('node 2 partitioned away: replica B leaves it, edits still reach agent 2', async (t) => {
      await cluster.isolate(2, true);
      t.teardown(() => cluster.isolate(2, false).catch(() => undefined));
      await until('node 2 out of the primary component', () => cluster.status(2), (s) => s.ready === 'OFF');
      const t0 = Date.now();
      await on1.addHost(22, 1, ipv4ToUint32('10.22.1.2'), 2201);
      const committed = Date.now();
      t.comment(`edit on node 1 committed ${committed - t0} ms after the partition was seen`);
      await until('agent 2 sees the edit', async () => (await traffic(), c2.getRoute(22, 1)), (h: Host[]) => h.length === 2, 20_000);
      const lag = Date.now() - committed;
      t.ok(lag <= LAG_BOUND_MS, `route change reached agent 2 ${lag} ms after commit (bound ${LAG_BOUND_MS})`);
      await dnsB.waitFor(/store: now on 127\.0\.0\.1:/);
      t.pass('replica B moved off the partitioned node');
      await cluster.isolate(2, false);
      await cluster.waitSize(3);
    });

    await t.test('every report accepted was written, none dropped', async (t) => {
      await traffic();
      for (const [modid, tr] of [[21, tr1], [22, tr2]] as const) {
        const s = await until(`reports of modid ${modid} landed`, () => statusMatches(admin, tr, modid), (s) => s.ok, 30_000);
        t.same(s.got, s.want, `modid ${modid}: rows = what was sent`);
      }
      for (const [name, rep] of [['A', repA], ['B', repB]] as const) {
        const port = await rep.adminPort();
        const m = await until(`reporter ${name} drained`, () => scrape(port), (m) => m.gauge(/^reporter-server/, 'rowsPending') + m.gauge(/^reporter-server/, 'rowsInFlight') === 0);
        const accepted = m.gauge(/^reporter-server/, 'rowsAccepted');
        const written = m.counter(/^reporter-server/, 'rowsWritten');
        const dropped = m.counter(/^reporter-server/, 'rowsDropped');
        t.equal(accepted, written + dropped, `reporter ${name}: accepted ${accepted} = written ${written} + dropped ${dropped}`);
        t.equal(dropped, 0, `reporter ${name}: nothing dropped at the default bounds`);
        t.comment(`reporter ${name}: dbConflicts ${m.counter(/^reporter-server/, 'dbConflicts')}, dbErrors ${m.counter(/^reporter-server/, 'dbErrors')}`);
      }
      t.equal(dnsB.child.exitCode, null);
    });
    await t.test('node 1 hangs: replicas move on in time, the ones with only node 1 say 503, SIGCONT recovers', (t) =>
      hungNodeCase(t, { cluster, admin, editor: on2, startDns, startReporter, lagBoundMs: LAG_BOUND_MS }),
    );
    t.comment(`suite wall time ${Date.now() - started} ms`);
  });
}

async function startDns(t: Parameters<typeof startAgent>[0], storeUrl: string, port: number): Promise<RoleProcess> {
  const p = RoleProcess.start(t, 'dns', { 'dns.ini': `[admin]\nadmin_port = 0\n[dns]\nport = ${port}\npoll_interval = ${POLL_S}\nstore_retry_max = 0.5\n` }, ['--store', storeUrl]);
  await p.waitFor(/serving routes version -?\d+ on/);
  return p;
}

async function startReporter(t: Parameters<typeof startAgent>[0], storeUrl: string, port: number): Promise<RoleProcess> {
  const p = RoleProcess.start(t, 'reporter', { 'reporter.ini': `[admin]\nadmin_port = 0\n[reporter]\nport = ${port}\nflush_interval = 0.2\n` }, ['--store', storeUrl]);
  await p.waitFor(/accepting reports on/);
  return p;
}
