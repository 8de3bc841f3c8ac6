/**
 * The scale-out path: two DNS replicas and two reporters over one MariaDB
 * database, an agent whose [dnsserver] and [reporter] list both. SIGKILL
 * the one of each the agent is connected to: it fails over to the other,
 * route changes keep arriving (pushed by the surviving replica), and the
 * status rows end up holding every success reported, none lost.
 */
import t from 'tap';
import { LarsClient, type Host } from '../../client/index.js';
import { ipv4ToUint32 } from '../../runtime/net/ipv4.js';
import { freeTcpPort, freeUdpPortTriple } from '../helpers/freePorts.js';
import { mysqlWorld, route, startAgent, startDns, startReporter } from './fixtures/cluster.js';
import { scrape, until } from './fixtures/metrics.js';
import { statusMatches, Traffic, type Key } from './fixtures/traffic.js';

t.test('two DNS replicas and two reporters: kill one of each, clients fail over, nothing lost', async (t) => {
  const w = await mysqlWorld(t);
  if (!w) return;
  const [d1, d2, r1, r2] = [await freeTcpPort(), await freeTcpPort(), await freeTcpPort(), await freeTcpPort()];
  const basePort = await freeUdpPortTriple();
  const keys: Key[] = [0, 1, 2].map((c) => [15, c] as const);
  for (const [m, c] of keys) for (let h = 1; h <= 2; h++) await w.store.addHost(m, c, ipv4ToUint32(`10.15.${c}.${h}`), 1500 + h);
  const [dnsA, dnsB, repA, repB] = await Promise.all([
    startDns(t, w.storeUrl, d1),
    startDns(t, w.storeUrl, d2),
    startReporter(t, w.storeUrl, r1),
    startReporter(t, w.storeUrl, r2),
  ]);
  const agent = await startAgent(t, { basePort, dnsPorts: [d1, d2], reporterPorts: [r1, r2], dir: w.dir });
  await agent.waitFor(new RegExp(`connected to DNS 127\\.0\\.0\\.1:${d1}`));
  await agent.waitFor(new RegExp(`connected to reporter 127\\.0\\.0\\.1:${r1}`));
  const client = new LarsClient({ basePort, timeoutMs: 3000 });
  t.teardown(() => client.close());
  const traffic = new Traffic(client);
  for (let i = 0; i < 5; i++) await traffic.round(keys);
  await until('rows written through the first reporter', () => statusMatches(w.store, traffic, 15), (s) => s.ok);

  dnsA.kill();
  repA.kill();
  await Promise.all([dnsA.exited, repA.exited]);
  await agent.waitFor(new RegExp(`connected to DNS 127\\.0\\.0\\.1:${d2}`));
  t.pass('dns-client failed over to the second replica');

  // Calls go on; the reporter link notices the dead reporter when it next writes.
  const failedOver = new RegExp(`connected to reporter 127\\.0\\.0\\.1:${r2}`);
  await until(
    'reporter-client failed over',
    async () => {
      await traffic.round(keys);
      return failedOver.test(agent.output);
    },
    (ok) => ok,
  );
  t.pass('reporter-client failed over to the second reporter');

  await route(w.storeUrl, 'add', 15, 0, '10.15.0.3', 1503);
  const hosts = await until('route change pushed by the surviving replica', () => client.getRoute(15, 0), (h: Host[]) => h.length === 3);
  t.equal(hosts.length, 3, 'a route added after the failover reaches the agent');
  for (let i = 0; i < 5; i++) await traffic.round(keys);

  const s = await until('every success reported is in the status rows', () => statusMatches(w.store, traffic, 15), (s) => s.ok);
  t.same(s.got, s.want, `${traffic.calls} calls, all accounted for`);
  const b = await scrape(await repB.adminPort());
  t.ok(b.counter(/^reporter-server/, 'rowsWritten') > 0, 'the second reporter wrote rows');
  t.equal(dnsB.child.exitCode, null, 'surviving DNS replica alive');
  t.equal(agent.child.exitCode, null, 'agent alive');
});
