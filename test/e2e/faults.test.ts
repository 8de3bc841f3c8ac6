/**
 * Faults across real processes over MariaDB: the DNS process SIGKILLed, the
 * reporter SIGKILLed, the database cut by a proxy between the roles and
 * MariaDB. The application (LarsClient) keeps getting hosts throughout, and
 * once the fault is gone everything catches up: routes resync, status rows
 * hold exactly what was reported.
 *
 * "Agent restarted while DNS is down serves its snapshot" is covered by
 * test/actors/lb/agentRole.test.ts ("an agent restarted while DNS is down
 * serves the routes of its snapshot"), on the same real processes.
 */
import t from 'tap';
import { LarsClient, type Host } from '../../client/index.js';
import { ipv4ToUint32 } from '../../runtime/net/ipv4.js';
import { freeTcpPort, freeUdpPortTriple } from '../helpers/freePorts.js';
import { testServer } from '../helpers/mysqlTestDb.js';
import { TcpProxy } from '../helpers/tcpProxy.js';
import { mysqlWorld, occurrences, route, startAgent, startDns, startReporter } from './fixtures/cluster.js';
import { healthStatus, scrape, until } from './fixtures/metrics.js';
import { statusMatches, Traffic, type Key } from './fixtures/traffic.js';

const REPORTER_CLIENT = /^reporter-client/;
const REPORTER_SERVER = /^reporter-server/;

t.test('DNS SIGKILLed: the agent keeps answering from its tables, reconnects and resyncs', async (t) => {
  const w = await mysqlWorld(t);
  if (!w) return;
  const [dnsPort, basePort] = [await freeTcpPort(), await freeUdpPortTriple()];
  await w.store.addHost(12, 1, ipv4ToUint32('10.12.0.1'), 1201);
  await w.store.addHost(12, 1, ipv4ToUint32('10.12.0.2'), 1202);
  const dns = await startDns(t, w.storeUrl, dnsPort);
  const agent = await startAgent(t, { basePort, dnsPorts: [dnsPort], reporterPorts: [await freeTcpPort()], dir: w.dir });
  const client = new LarsClient({ basePort, timeoutMs: 3000 });
  t.teardown(() => client.close());
  t.equal((await client.getRoute(12, 1)).length, 2);

  dns.kill();
  t.equal(await dns.exited, null, 'killed by SIGKILL');
  await agent.waitFor(/DNS connection lost/);
  const ports = new Set<number>();
  for (let i = 0; i < 20; i++) ports.add((await client.getHost(12, 1)).port);
  t.same([...ports].sort(), [1201, 1202], 'every call answered from the agent table while DNS is gone');

  await route(w.storeUrl, 'add', 12, 1, '10.12.0.3', 1203); // DNS sees it only once it is back
  await startDns(t, w.storeUrl, dnsPort);
  await until('agent reconnected', async () => occurrences(agent, /connected to DNS/), (n) => n >= 2);
  const hosts = await until('agent resynced', () => client.getRoute(12, 1), (h: Host[]) => h.length === 3);
  t.same(hosts.map((h) => h.port).sort(), [1201, 1202, 1203], 'the change made while DNS was down arrived on reconnect');
  t.equal(agent.child.exitCode, null, 'agent never restarted');
});

t.test('reporter SIGKILLed: the agent buffer stays bounded, drops are counted, reporting resumes', async (t) => {
  const w = await mysqlWorld(t);
  if (!w) return;
  const [dnsPort, reporterPort, basePort] = [await freeTcpPort(), await freeTcpPort(), await freeUdpPortTriple()];
  const keys: Key[] = Array.from({ length: 12 }, (_, i) => [13, i] as const);
  for (const [m, c] of keys) await w.store.addHost(m, c, ipv4ToUint32(`10.13.0.${c + 1}`), 1300 + c);
  await startDns(t, w.storeUrl, dnsPort);
  const reporter = await startReporter(t, w.storeUrl, reporterPort);
  const maxQueued = 5;
  const agent = await startAgent(t, { basePort, dnsPorts: [dnsPort], reporterPorts: [reporterPort], dir: w.dir, reporter: `max_queued_reports = ${maxQueued}` });
  await agent.waitFor(/connected to reporter/);
  const admin = await agent.adminPort();
  const client = new LarsClient({ basePort, timeoutMs: 3000 });
  t.teardown(() => client.close());
  const traffic = new Traffic(client);

  await traffic.round(keys);
  await until('first reports written', () => statusMatches(w.store, traffic, 13), (s) => s.ok);

  reporter.kill();
  await reporter.exited;
  await agent.waitFor(/reporter connection lost/);
  let queuedHigh = 0;
  const dropped = await until(
    'reports dropped over the bound',
    async () => {
      await traffic.round(keys); // 12 keys → 12 reports per interval, over a bound of 5
      const m = await scrape(admin);
      queuedHigh = Math.max(queuedHigh, m.gauge(REPORTER_CLIENT, 'reports_queued'));
      return m.counter(REPORTER_CLIENT, 'reports_dropped');
    },
    (n) => n > 0,
  );
  t.ok(dropped > 0, `${dropped} reports dropped and counted`);
  t.ok(queuedHigh <= maxQueued, `queue stayed within max_queued_reports (high mark ${queuedHigh} ≤ ${maxQueued})`);
  const m = await scrape(admin);
  t.ok(m.gauge(REPORTER_CLIENT, 'reports_queued') <= maxQueued, 'and is within it now');

  await startReporter(t, w.storeUrl, reporterPort);
  await until('agent reconnected to the reporter', async () => occurrences(agent, /connected to reporter/), (n) => n >= 2);
  await traffic.round(keys);
  const s = await until('reporting resumed and caught up', () => statusMatches(w.store, traffic, 13), (s) => s.ok);
  t.same(s.got, s.want, `rows hold every success reported (${traffic.calls} calls), drops included: each report carries the window totals`);
});

t.test('database cut: DNS serves its snapshot, the reporter accepts within its bound; both catch up', async (t) => {
  const w = await mysqlWorld(t);
  if (!w) return;
  const proxy = await TcpProxy.start(testServer().port);
  t.teardown(() => proxy.close());
  const viaProxy = w.storeUrl.replace(/@[^/]+\//, `@127.0.0.1:${proxy.port}/`);
  const [dnsPort, reporterPort, basePort] = [await freeTcpPort(), await freeTcpPort(), await freeUdpPortTriple()];
  const keys: Key[] = [0, 1, 2, 3].map((c) => [14, c] as const);
  for (const [m, c] of keys) for (let h = 1; h <= 3; h++) await w.store.addHost(m, c, ipv4ToUint32(`10.14.${c}.${h}`), 1400 + h);
  await w.store.addHost(14, 9, ipv4ToUint32('10.14.9.1'), 1409); // asked for only during the cut
  const dns = await startDns(t, viaProxy, dnsPort);
  const maxPending = 8;
  const reporter = await startReporter(t, viaProxy, reporterPort, `max_pending_rows = ${maxPending}\nbatch_rows = 4\n`);
  const agent = await startAgent(t, { basePort, dnsPorts: [dnsPort], reporterPorts: [reporterPort], dir: w.dir });
  await agent.waitFor(/connected to reporter/);
  const [dnsAdmin, reporterAdmin] = [await dns.adminPort(), await reporter.adminPort()];
  const client = new LarsClient({ basePort, timeoutMs: 3000 });
  t.teardown(() => client.close());
  const traffic = new Traffic(client);
  await traffic.round(keys);
  await until('rows written before the cut', () => statusMatches(w.store, traffic, 14), (s) => s.ok);

  await proxy.cut();
  await dns.waitFor(/store unavailable/);
  t.same(await client.getHost(14, 9), { ip: '10.14.9.1', port: 1409 }, 'a key first asked during the cut: DNS answers from its snapshot');
  await w.store.addHost(14, 0, ipv4ToUint32('10.14.0.4'), 1404); // straight to MariaDB: DNS cannot see it yet
  let pendingHigh = 0;
  const before = (await scrape(reporterAdmin)).counter(REPORTER_SERVER, 'requestsReceived');
  const overflow = await until(
    'reporter drops the oldest rows over max_pending_rows',
    async () => {
      await traffic.round(keys); // 4 keys × 3 hosts = 12 distinct rows, over a bound of 8
      const m = await scrape(reporterAdmin);
      // In-flight rows (a failing batch being retried) are bounded by batch_rows × db_thread_cnt, not by this.
      pendingHigh = Math.max(pendingHigh, m.gauge(REPORTER_SERVER, 'rowsPending'));
      return m.counter(REPORTER_SERVER, 'rowsDroppedOverflow');
    },
    (n) => n > 0,
  );
  const during = await scrape(reporterAdmin);
  t.ok(during.counter(REPORTER_SERVER, 'requestsReceived') > before, 'reports keep being accepted during the cut');
  t.ok(overflow > 0, `${overflow} rows dropped over the bound, counted`);
  t.ok(pendingHigh <= maxPending, `rows waiting stayed within the bound (high mark ${pendingHigh} ≤ ${maxPending})`);
  t.equal((await healthStatus(dnsAdmin)).status, 503, 'DNS /healthz says degraded');
  t.equal((await until('reporter degraded', () => healthStatus(reporterAdmin), (h) => h.status === 503)).status, 503, 'reporter /healthz says degraded');

  await proxy.restore();
  await dns.waitFor(/store answers again/);
  const hosts = await until('route change made during the cut pushed', () => client.getRoute(14, 0), (h: Host[]) => h.length === 4);
  t.equal(hosts.length, 4, 'DNS caught up and pushed');
  await until('reporter healthy again', () => healthStatus(reporterAdmin), (h) => h.status === 200);
  await traffic.round(keys);
  const s = await until('status rows caught up', () => statusMatches(w.store, traffic, 14), (s) => s.ok);
  t.same(s.got, s.want, 'after the cut the rows hold every success reported');
  t.equal((await healthStatus(dnsAdmin)).status, 200, 'DNS healthy again');
});
