/**
 * End to end, every role its own process over real MariaDB: a route edited
 * with `lars route add|del` reaches an application's LarsClient.getHost
 * without restarting anything; a deleted host stops being chosen; deleting
 * a key's last host makes it NOEXIST.
 */
import t from 'tap';
import { LarsClient, LarsError, type Host } from '../../client/index.js';
import { freeTcpPort, freeUdpPortTriple } from '../helpers/freePorts.js';
import { mysqlWorld, occurrences, route, startAgent, startDns } from './fixtures/cluster.js';
import { until } from './fixtures/metrics.js';

async function portsChosen(client: LarsClient, modid: number, cmdid: number, calls: number): Promise<number[]> {
  const seen = new Set<number>();
  for (let i = 0; i < calls; i++) seen.add((await client.getHost(modid, cmdid)).port);
  return [...seen].sort((a, b) => a - b);
}

const codeOf = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'OK',
    (e: unknown) => (e instanceof LarsError ? e.code : String(e)),
  );

t.test('route edits reach getHost without restarts', async (t) => {
  const w = await mysqlWorld(t);
  if (!w) return;
  const [dnsPort, basePort] = [await freeTcpPort(), await freeUdpPortTriple()];
  await route(w.storeUrl, 'add', 11, 1, '10.1.1.1', 1001);
  const dns = await startDns(t, w.storeUrl, dnsPort);
  const agent = await startAgent(t, { basePort, dnsPorts: [dnsPort], reporterPorts: [await freeTcpPort()], dir: w.dir });
  const client = new LarsClient({ basePort, timeoutMs: 3000 });
  t.teardown(() => client.close());

  t.same(await client.getHost(11, 1), { ip: '10.1.1.1', port: 1001 }, 'the first call for a key is answered with its host');
  t.equal(await codeOf(client.getHost(11, 2)), 'NOEXIST', 'a key without hosts: NOEXIST');

  await route(w.storeUrl, 'add', 11, 1, '10.1.1.2', 1002);
  await until('added host pushed to the agent', () => client.getRoute(11, 1), (h: Host[]) => h.length === 2);
  t.same(await portsChosen(client, 11, 1, 20), [1001, 1002], 'the added host is chosen too');

  await route(w.storeUrl, 'add', 11, 2, '10.1.2.1', 1201);
  const first = await until('a key that had no hosts gets one', () => codeOf(client.getHost(11, 2)), (c) => c === 'OK');
  t.equal(first, 'OK', 'NOEXIST key now answers');

  await route(w.storeUrl, 'del', 11, 1, '10.1.1.1', 1001);
  await until('deleted host pushed to the agent', () => client.getRoute(11, 1), (h: Host[]) => h.length === 1);
  t.same(await portsChosen(client, 11, 1, 20), [1002], 'the deleted host is no longer chosen');

  await route(w.storeUrl, 'del', 11, 2, '10.1.2.1', 1201);
  t.equal(await until('last host deleted', () => codeOf(client.getHost(11, 2)), (c) => c === 'NOEXIST'), 'NOEXIST', 'deleting the last host is pushed too');

  t.equal(dns.child.exitCode, null, 'dns still running');
  t.equal(agent.child.exitCode, null, 'agent still running');
  t.equal(occurrences(agent, /connected to DNS/), 1, 'one DNS connection throughout: changes came as pushes');
});
