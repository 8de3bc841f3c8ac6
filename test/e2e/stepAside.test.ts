/**
 * Replicas that cannot use the store step aside: a DNS replica and a
 * reporter whose database is cut (a proxy between them and MariaDB) close
 * their agent connections and ports after step_aside_after, so the agent
 * moves to the replicas that can; it shows in the log, /metrics and
 * /healthz; once the store answers they listen again.
 */
import t from 'tap';
import { connect } from 'node:net';
import { LarsClient, type Host } from '../../client/index.js';
import { ipv4ToUint32 } from '../../runtime/net/ipv4.js';
import { freeTcpPort, freeUdpPortTriple } from '../helpers/freePorts.js';
import { testServer } from '../helpers/mysqlTestDb.js';
import { TcpProxy } from '../helpers/tcpProxy.js';
import { mysqlWorld, route, startAgent, startDns, startReporter } from './fixtures/cluster.js';
import { healthStatus, scrape, until } from './fixtures/metrics.js';
import { statusMatches, Traffic, type Key } from './fixtures/traffic.js';

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });
}

t.test('DNS and reporter cut from the store step aside; the agent fails over; both come back', async (t) => {
  const w = await mysqlWorld(t);
  if (!w) return;
  const proxy = await TcpProxy.start(testServer().port, testServer().host);
  t.teardown(() => proxy.close());
  const viaProxy = w.storeUrl.replace(/@[^/]+\//, `@127.0.0.1:${proxy.port}/`);
  const [dA, dB, rA, rB, basePort] = [await freeTcpPort(), await freeTcpPort(), await freeTcpPort(), await freeTcpPort(), await freeUdpPortTriple()];
  const keys: Key[] = [0, 1].map((c) => [16, c] as const);
  for (const [m, c] of keys) await w.store.addHost(m, c, ipv4ToUint32(`10.16.${c}.1`), 1601);
  const aside = 'step_aside_after = 1\n';
  const [dnsA, , repA] = await Promise.all([
    startDns(t, viaProxy, dA, aside),
    startDns(t, w.storeUrl, dB, aside),
    startReporter(t, viaProxy, rA, aside),
    startReporter(t, w.storeUrl, rB, aside),
  ]);
  const agent = await startAgent(t, { basePort, dnsPorts: [dA, dB], reporterPorts: [rA, rB], dir: w.dir });
  await agent.waitFor(new RegExp(`connected to DNS 127\\.0\\.0\\.1:${dA}`));
  await agent.waitFor(new RegExp(`connected to reporter 127\\.0\\.0\\.1:${rA}`));
  const client = new LarsClient({ basePort, timeoutMs: 3000 });
  t.teardown(() => client.close());
  const traffic = new Traffic(client);
  await traffic.round(keys);
  await until('rows written through the first reporter', () => statusMatches(w.store, traffic, 16), (s) => s.ok);
  const [dnsAdmin, repAdmin] = [await dnsA.adminPort(), await repA.adminPort()];

  await proxy.cut();
  await dnsA.waitFor(/stepped aside: closed \d+ agent connections/);
  await agent.waitFor(new RegExp(`connected to DNS 127\\.0\\.0\\.1:${dB}`));
  t.equal(await accepts(dA), false, 'the stepped-aside DNS replica refuses connections');
  const dnsHealth = await healthStatus(dnsAdmin);
  t.equal(dnsHealth.status, 503);
  t.match(dnsHealth.body, /stepped aside: no working store/, '/healthz says why');
  t.equal((await scrape(dnsAdmin)).gauge(/^dns-server/, 'stepped_aside'), 1, 'and /metrics');
  await route(w.storeUrl, 'add', 16, 0, '10.16.0.2', 1602);
  await until('a route change reaches the agent through the other replica', () => client.getRoute(16, 0), (h: Host[]) => h.length === 2);

  // The reporter steps aside once its writes have failed for 1 s: traffic keeps it writing.
  await until('reporter stepped aside', async () => (await traffic.round(keys), /reporter stepped aside/.test(repA.output)), (ok) => ok);
  await until('agent moved to the other reporter', async () => (await traffic.round(keys), new RegExp(`connected to reporter 127\\.0\\.0\\.1:${rB}`).test(agent.output)), (ok) => ok);
  t.equal(await accepts(rA), false, 'the stepped-aside reporter refuses connections');
  t.match((await healthStatus(repAdmin)).body, /stepped aside/);
  t.equal((await scrape(repAdmin)).gauge(/^reporter-server/, 'steppedAside'), 1);
  await traffic.round(keys);
  const s = await until('every success lands through the other reporter', () => statusMatches(w.store, traffic, 16), (s) => s.ok);
  t.same(s.got, s.want);

  await proxy.restore();
  await dnsA.waitFor(/serving again/);
  await until('DNS replica listens again', () => accepts(dA), (ok) => ok);
  await repA.waitFor(/reporter: store works again/);
  await until('reporter listens again', () => accepts(rA), (ok) => ok);
  t.equal((await healthStatus(dnsAdmin)).status, 200, 'healthy again');
  const m = await scrape(repAdmin);
  t.equal(m.gauge(/^reporter-server/, 'steppedAside'), 0);
  t.equal(m.counter(/^reporter-server/, 'rowsDropped'), 0, 'the rows it held were written when the store came back, none dropped');
});
