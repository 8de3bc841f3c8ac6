/** LarsClient against a real agent UDP service on three ports: every call and its answers. */
import t from 'tap';
import { LarsClient, LarsError } from '../../client/index.js';
import { AgentFixture } from '../helpers/agentFixture.js';

const HOSTS = [
  { ip: '10.0.0.1', port: 8001 },
  { ip: '200.1.2.3', port: 8002 }, // negative on the wire
];

t.test('getHost, getRoute, regInit and report against the agent', async (t) => {
  const agent = await AgentFixture.start({ routes: [{ modid: 1, cmdid: 1, hosts: HOSTS }] });
  t.teardown(() => agent.close());
  const client = new LarsClient({ basePort: agent.basePort, timeoutMs: 2000 });
  t.teardown(() => client.close());

  t.equal(await client.regInit(1, 1), true, 'regInit: the agent has hosts');
  t.same(await client.getRoute(1, 1), HOSTS.map((h) => ({ ...h, weight: 1 })), 'getRoute: every host, dotted, weight 1 when DNS sends none');

  const picked = new Set<string>();
  for (let i = 0; i < 4; i++) {
    const h = await client.getHost(1, 1);
    picked.add(`${h.ip}:${h.port}`);
    client.report(1, 1, h, 'success');
  }
  t.same([...picked].sort(), ['10.0.0.1:8001', '200.1.2.3:8002'], 'getHost rotates over both hosts, addresses dotted');
  const tagged = await client.getHost(1, 1, { tags: ['version=v2', 'env=test'] });
  t.ok(HOSTS.some((h) => h.ip === tagged.ip && h.port === tagged.port), 'a call with caller tags is answered (no rules on the key: any host)');
  client.report(1, 1, tagged, 'success');
  for (const tags of [['env'], ['a=1', 'a=2'], 'env=test', [7]]) {
    await t.rejects(client.getHost(1, 1, { tags } as never), { name: 'LarsArgumentError', message: /options\.tags/ }, `tags ${JSON.stringify(tags)} refused before sending`);
  }

  const s = client.stats();
  t.equal(s.getHost.calls, 5, 'refused arguments are not calls');
  t.equal(s.getHost.ok, 5);
  t.equal(s.getRoute.calls, 2, 'regInit counts as a getRoute');
  t.equal(s.reports, 5);
  t.equal(s.inFlight, 0);
  t.equal(s.socketsOpen, 1, 'one key, one agent port, one socket');
});

t.test('keys go to the port the agent rule names and share one socket per port', async (t) => {
  const routes = [0, 1, 2].map((cmdid) => ({ modid: 3, cmdid, hosts: [{ ip: '10.1.0.1', port: 9000 + cmdid }] }));
  const agent = await AgentFixture.start({ routes });
  t.teardown(() => agent.close());
  const client = new LarsClient({ basePort: agent.basePort, timeoutMs: 2000 });
  t.teardown(() => client.close());
  const ports = await Promise.all([0, 1, 2, 0, 1, 2].map(async (cmdid) => (await client.getHost(3, cmdid)).port));
  t.same(ports, [9000, 9001, 9002, 9000, 9001, 9002], 'each key answered by the service that holds its route');
  t.equal(client.stats().socketsOpen, 3);
});

t.test('NOEXIST for a key the agent has no hosts for; getRoute and regInit say so without failing', async (t) => {
  const agent = await AgentFixture.start({ pullWaitMs: 20 });
  t.teardown(() => agent.close());
  const client = new LarsClient({ basePort: agent.basePort, timeoutMs: 2000 });
  t.teardown(() => client.close());
  const err = await client.getHost(7, 7).catch((e: unknown) => e);
  t.type(err, LarsError);
  t.match(err, { code: 'NOEXIST', retcode: 3 });
  t.same(await client.getRoute(7, 7), []);
  t.equal(await client.regInit(7, 8), false);
  t.ok(agent.pulls.includes('7:7'), 'the agent asked DNS for the key');
  t.equal(client.stats().getHost.errors.NOEXIST, 1);
});

t.test('OVERLOAD once reports have overloaded every host; a probe turn still hands one out', async (t) => {
  const agent = await AgentFixture.start({ routes: [{ modid: 2, cmdid: 5, hosts: HOSTS }] });
  t.teardown(() => agent.close());
  const client = new LarsClient({ basePort: agent.basePort, timeoutMs: 2000 });
  t.teardown(() => client.close());
  // contin_err_limit is 15 by default: 15 failures in a row overload a host.
  for (const h of HOSTS) for (let i = 0; i < 15; i++) client.report(2, 5, h, 'error');
  const outcomes: string[] = [];
  for (let i = 0; i < 10; i++) {
    outcomes.push(await client.getHost(2, 5).then((h) => h.ip, (e: LarsError) => e.code));
  }
  // probe_num 10: nine refusals, then the tenth call probes the front overloaded host.
  t.same(outcomes, [...Array<string>(9).fill('OVERLOAD'), '10.0.0.1']);
  const err = await client.getHost(2, 5).catch((e: unknown) => e);
  t.match(err, { name: 'LarsError', code: 'OVERLOAD', retcode: 1 });
  t.match((err as Error).message, /getHost\(2, 5\): every host is overloaded/);
});

t.test('SYSTEM when the agent answers a system error (its key cap is full)', async (t) => {
  const agent = await AgentFixture.start({ maxKeys: 1, routes: [{ modid: 3, cmdid: 3, hosts: HOSTS }] });
  t.teardown(() => agent.close());
  const client = new LarsClient({ basePort: agent.basePort, timeoutMs: 2000 });
  t.teardown(() => client.close());
  // (3,3) and (6,3) live on the same port; that service already holds its one key.
  await client.getHost(3, 3);
  await t.rejects(client.getHost(6, 3), { code: 'SYSTEM', retcode: 2 });
});

t.test('1,000 concurrent getHost calls on one client are all answered', async (t) => {
  const routes = [0, 1, 2].map((cmdid) => ({ modid: 9, cmdid, hosts: HOSTS }));
  const agent = await AgentFixture.start({ routes, recvBufferBytes: 1 << 20 });
  t.teardown(() => agent.close());
  const client = new LarsClient({ basePort: agent.basePort, timeoutMs: 5000 });
  t.teardown(() => client.close());
  const calls = Array.from({ length: 1000 }, (_, i) => client.getHost(9, i % 3));
  t.equal(client.stats().inFlight, 1000);
  const hosts = await Promise.all(calls);
  t.equal(hosts.length, 1000);
  t.ok(hosts.every((h) => HOSTS.some((x) => x.ip === h.ip && x.port === h.port)));
  const s = client.stats();
  t.equal(s.getHost.ok, 1000);
  t.equal(s.inFlight, 0);
  t.equal(s.lateReplies, 0);
});
