/**
 * Applications registering through a real agent process (ids 19–21 over
 * UDP): the first register answered once DNS answered, heartbeats from the
 * agent's table, an application gone silent deregistered within ttl + 1 s,
 * any port taking any instance, the whole table again after a reconnect, a
 * wrong token refused with its code, bad input counted and dropped, and the
 * table in GET /registrations.
 *
 * DNS here is the test's FakeDns (test/client/fixtures/fakeDns.ts), which
 * answers ids 16/18 as docs/registration.md says.
 */
import t, { type Test } from 'tap';
import { lars } from '../../../proto/generated/lars.js';
import { ipv4ToInt32 } from '../../../runtime/net/ipv4.js';
import { encodeFrame } from '../../../runtime/reactor/frame.js';
import { FakeDns } from '../../client/fixtures/fakeDns.js';
import { freeUdpPortTriple } from '../../helpers/freePorts.js';
import { RawRegistrar } from '../../helpers/rawRegistrar.js';
import { RoleProcess } from '../../helpers/roleProcess.js';
import { runLars } from '../../helpers/runLars.js';
import { scrape, until } from '../../e2e/fixtures/metrics.js';

const ID = lars.MessageId;
const SUCC = 0;
const REFUSED = 4;
const BAD_ARGUMENT = 5;

interface Agent {
  dns: FakeDns;
  agent: RoleProcess;
  basePort: number;
  admin: number;
  app: RawRegistrar;
}

async function agentOn(t: Test, register: string, dnsToken = 'sesame'): Promise<Agent> {
  const dns = await FakeDns.start();
  dns.token = dnsToken;
  t.teardown(() => dns.close());
  const basePort = await freeUdpPortTriple();
  const agent = RoleProcess.start(t, 'agent', {
    'agent.ini':
      `[admin]\nadmin_port = 0\n[agent]\nbase_port = ${basePort}\nsnapshot_path =\n[dnsserver]\naddresses = ${dns.address}\n` +
      `[reporter]\naddresses = 127.0.0.1:1\n[link]\nbackoff_min_ms = 20\nbackoff_max_ms = 200\n[register]\n${register}`,
  });
  await agent.waitFor(/lars: started agent/);
  const admin = await agent.adminPort();
  const app = await RawRegistrar.open();
  t.teardown(() => app.close());
  return { dns, agent, basePort, admin, app };
}

const web = (port: number, ttlMs: number, extra: lars.Instance.$Properties = {}): lars.Instance.$Properties => ({ modid: 7, cmdid: 1, ip: ipv4ToInt32('10.1.0.5'), port, ttlMs, ...extra });
const registers = (dns: FakeDns): number => dns.registrations.filter((r) => r.msgid === ID.ID_RegisterRequest).length;

t.test('register, heartbeats from the table, an application gone silent is deregistered within ttl + 1 s', async (t) => {
  const { dns, basePort, admin, app } = await agentOn(t, 'token = sesame\nrenew_interval_ms = 60000\n');
  // Key 7/1 is owned by port base+2 ((7 + 1) % 3); base+0 and base+1 take it too: the table is the dns-client's.
  const first = await app.register(basePort, [web(8080, 600_000)]);
  t.equal(first?.retcode, SUCC, 'answered success');
  t.equal(dns.registered.size, 1, 'after DNS took it');
  const held = dns.registered.get('7/1 10.1.0.5:8080');
  t.match(held?.owner, /^agent /, 'the agent registers it as itself');
  t.equal(dns.registrations[0]?.req.token, 'sesame', 'with [register] token');

  const before = registers(dns);
  for (let i = 0; i < 5; i++) t.equal((await app.register(basePort + 1, [web(8080, 600_000)]))?.retcode, SUCC, `heartbeat ${i} answered`);
  t.equal(registers(dns), before, 'heartbeats are answered by the agent: nothing more reached DNS');

  const list = (await (await fetch(`http://127.0.0.1:${admin}/registrations`)).json()) as { registrations: Array<Record<string, unknown>> };
  t.match(list.registrations, [{ key: '7/1 10.1.0.5:8080', ip: '10.1.0.5', port: 8080, source: 'app', state: 'registered', holder: /^app test from 127\.0\.0\.1:\d+$/ }], 'GET /registrations lists it');
  const shown = await runLars(['status', '--registrations', '--admin', `127.0.0.1:${admin}`]);
  t.equal(shown.code, 0);
  t.match(shown.stdout, /^agent 127\.0\.0\.1:\d+: 1 registration\nKEY +ADDRESS +HELD BY +HEARTBEAT +TTL +WEIGHT +STATE +CHECK\n7\/1 +10\.1\.0\.5:8080 +app: app test from 127\.0\.0\.1:\d+ +[\d.]+ m?s ago +600000 ms +1 +registered +-\n$/, 'lars status --registrations');

  // A short-lived instance whose application stops heartbeating.
  t.equal((await app.register(basePort, [web(9090, 1500)]))?.retcode, SUCC);
  const lastBeat = performance.now();
  await dns.until(() => !dns.registered.has('7/1 10.1.0.5:9090'));
  const gone = performance.now() - lastBeat;
  t.ok(gone <= 1500 + 1000, `deregistered ${Math.round(gone)} ms after its last heartbeat (ttl 1500 + 1000)`);
  t.ok(dns.registered.has('7/1 10.1.0.5:8080'), 'the other one stays');
  const m = await scrape(admin);
  t.equal(m.counter(/dns-client/, 'registrations_expired'), 1, 'counted');

  t.equal((await app.deregister(basePort + 2, [web(8080, 0)]))?.retcode, SUCC, 'a deregister is answered');
  t.equal(dns.registered.size, 0, 'once DNS dropped it');
});

t.test('after a reconnect the agent sends its whole table at once, in one stream', async (t) => {
  // Renewals every 60 s: only the re-send on connect can bring them back in time.
  const { dns, basePort, app } = await agentOn(t, 'token = sesame\nrenew_interval_ms = 60000\n');
  for (const port of [1, 2, 3]) t.equal((await app.register(basePort, [web(port, 600_000)]))?.retcode, SUCC);
  dns.registered.clear(); // the replica "restarted" and lost them
  const n = dns.registrations.length;
  const dropped = performance.now();
  dns.dropPeers();
  await dns.until(() => dns.registered.size === 3);
  t.ok(performance.now() - dropped < 1000, 'the re-send after the reconnect restored them');
  t.same(dns.registrations.slice(n).map((r) => r.req.instances.length), [3], 'all three in one frame');
});

t.test('a wrong token is refused with its code; bad input is counted and dropped', async (t) => {
  const { basePort, admin, app } = await agentOn(t, 'token = wrong\n');
  const r = await app.register(basePort, [web(8080, 5000)]);
  t.equal(r?.retcode, REFUSED, 'RET_REFUSED reaches the application');
  t.equal(r?.reason, 'wrong token', 'with the DNS\'s reason');

  const bad = await app.register(basePort, [web(1, 5000), web(2, 5000)]);
  t.equal(bad?.retcode, BAD_ARGUMENT, 'two instances in one application request: RET_BAD_ARGUMENT');
  t.equal((await app.register(basePort, [web(0, 5000)]))?.retcode, BAD_ARGUMENT, 'port 0');
  t.equal((await app.register(basePort, [web(1, 5000, { ip: ipv4ToInt32('224.0.0.1') })]))?.retcode, BAD_ARGUMENT, 'a multicast address');
  const garbage = Buffer.alloc(11, 0xff);
  app.sendRaw(encodeFrame(ID.ID_API_RegisterRequest, garbage), basePort);
  app.sendRaw(encodeFrame(ID.ID_API_DeregisterRequest, garbage), basePort + 1);
  app.sendRaw(encodeFrame(ID.ID_API_RegisterRequest, Buffer.alloc(5000)), basePort + 2);
  app.sendRaw(encodeFrame(ID.ID_API_RegisterResponse, Buffer.alloc(0)), basePort);
  const m = await until('bad bodies counted', () => scrape(admin), (x) => x.counter(/udp-server/, 'badBody') >= 3 && x.counter(/udp-server/, 'unknownMsgid') >= 1);
  t.equal(m.counter(/udp-server/, 'badBody'), 3, 'two garbage bodies and an oversized one');
  t.equal(m.counter(/udp-server/, 'oversizedBody'), 1);
  t.equal(m.counter(/udp-server/, 'unknownMsgid'), 1, 'a response sent to the agent is an unknown id');
  t.equal(m.counter(/udp-server/, 'appRegisterBadArgument'), 1);
  t.equal(app.stray.length, 0, 'nothing answered the bad datagrams');
  t.equal((await app.register(basePort, [web(8080, 5000)]))?.retcode, REFUSED, 'and the agent still answers');
});
