/**
 * LarsClient.register() in agent mode against real dns and agent processes
 * (dist/supervisor.js) on a MariaDB database of its own, seen from a DNS
 * subscriber that records every push (so a registration that ever dropped
 * out is caught, not only its final state):
 *
 * - register → served, and `lars route list` calls it registered; deregister → gone;
 * - close() deregisters everything the client registered (long ttl: only a deregistration removes them in time);
 * - heartbeats keep an instance past several ttls;
 * - the agent killed and started again on the same ports → the instance is
 *   back without the application doing anything; the failed heartbeats in
 *   between are counted and told, never thrown;
 * - the check option travels as check_spec: the agent runs it, a failing check withdraws the instance;
 * - a wrong agent token → REFUSED; no agent → fails at once saying so; an agent port that never answers → TIMEOUT.
 */
import t from 'tap';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { PushRecorder } from '../../bench/registration/pushRecorder.js';
import { LarsClient, portIndex } from '../../client/larsClient.js';
import { LarsArgumentError, LarsError } from '../../client/larsError.js';
import type { AgentRegistration } from '../../client/agentRegistration.js';
import { ipv4ToInt32 } from '../../runtime/net/ipv4.js';
import { freeUdpPortTriple } from '../helpers/freePorts.js';
import { withTestDatabase } from '../helpers/mysqlTestDb.js';
import { agentIni, startRegistrationRoles } from '../helpers/registrationRoles.js';
import { RoleProcess } from '../helpers/roleProcess.js';
import { runLars } from '../helpers/runLars.js';
import { until } from './fixtures/metrics.js';

const TTL_MS = 1500;

const ip = (s: string): number => ipv4ToInt32(s);

t.test('LarsClient.register through a real agent and DNS on MariaDB', async (t) => {
  const db = await withTestDatabase(t);
  if (!db) return;
  const { dnsPort, basePort, startAgent } = await startRegistrationRoles(t, db.url);
  let agent = await startAgent();
  const view = await PushRecorder.open(dnsPort);
  t.teardown(() => view.close());
  await view.subscribe([1, 2, 3, 4, 5].map((modid) => ({ modid, cmdid: 1 })));

  t.test('register: served and listed as registered; deregister: gone', async (t) => {
    const lars = new LarsClient({ basePort });
    t.teardown(() => lars.close());
    const reg = await lars.register({ modid: 1, cmdid: 1, ip: '10.1.0.1', port: 8080, weight: 3, ttlMs: 60_000 });
    t.match(reg, { modid: 1, cmdid: 1, ip: '10.1.0.1', port: 8080, ttlMs: 60_000, active: true });
    await view.until('registered host served', () => view.has(1, 1, ip('10.1.0.1'), 8080), 5000);
    const listed = JSON.parse((await runLars(['route', 'list', '--json', '--store', db.url, '--modid', '1'])).stdout) as { hosts: Array<{ ip: string; port: number; weight: number; source: string; owner: string | null }> };
    t.match(listed.hosts.find((h) => h.ip === '10.1.0.1'), { port: 8080, weight: 3, source: 'registered', owner: /^agent / });
    t.match(lars.stats().registrations, { active: 1, registers: 1, registered: 1 });

    await reg.deregister();
    t.equal(reg.active, false);
    await view.until('deregistered host gone', () => !view.has(1, 1, ip('10.1.0.1'), 8080), 3000);
    await reg.deregister();
    t.match(lars.stats().registrations, { active: 0, deregisters: 1, deregisterFailures: 0 });
  });

  t.test('close() deregisters what the client registered', async (t) => {
    const lars = new LarsClient({ basePort });
    // Keys on different agent ports, and a ttl far beyond the wait: only a deregistration removes them in time.
    const regs = await Promise.all([
      lars.register({ modid: 2, cmdid: 1, ip: '10.2.0.1', port: 80, ttlMs: 60_000 }),
      lars.register({ modid: 3, cmdid: 1, ip: '10.3.0.1', port: 80, ttlMs: 60_000 }),
    ]);
    t.not(portIndex(2, 1), portIndex(3, 1), 'two agent ports');
    await view.until('both served', () => view.has(2, 1, ip('10.2.0.1'), 80) && view.has(3, 1, ip('10.3.0.1'), 80), 5000);
    await lars.close();
    t.ok(regs.every((r) => !r.active), 'both inactive');
    await view.until('closed client\'s hosts gone', () => !view.has(2, 1, ip('10.2.0.1'), 80) && !view.has(3, 1, ip('10.3.0.1'), 80), 3000);
    await t.rejects(lars.register({ modid: 2, cmdid: 1, ip: '10.2.0.1', port: 80 }), { code: 'SYSTEM' }, 'register after close');
  });

  t.test('heartbeats keep it past its ttl; the agent restarted takes it back by itself', async (t) => {
    const lars = new LarsClient({ basePort, registerTimeoutMs: 1000 });
    t.teardown(() => lars.close());
    const reg = (await lars.register({ modid: 4, cmdid: 1, ip: '10.4.0.1', port: 80, ttlMs: TTL_MS })) as AgentRegistration;
    await view.until('served', () => view.has(4, 1, ip('10.4.0.1'), 80), 5000);
    const dropsBefore = view.drops.length;
    await until('three ttls of heartbeats', async () => lars.stats().registrations.heartbeats, (n) => n >= 9, 10_000);
    t.equal(view.drops.length, dropsBefore, 'never dropped from the subscriber meanwhile');
    t.equal(lars.stats().registrations.heartbeatFailures, 0);

    const told: Error[] = [];
    reg.on('heartbeatError', (err: Error) => told.push(err));
    agent.child.kill('SIGKILL');
    await agent.exited;
    await view.until('the dead agent\'s instance expired', () => !view.has(4, 1, ip('10.4.0.1'), 80), TTL_MS + 5000);
    await until('heartbeats failing', async () => lars.stats().registrations.heartbeatFailures, (n) => n >= 1, 5000);
    t.ok(told.length >= 1, 'heartbeatError told');
    t.type(reg.lastError, LarsError);
    t.equal(reg.failing, true);

    agent = await startAgent();
    await view.until('back after the agent restarted', () => view.has(4, 1, ip('10.4.0.1'), 80), 5000);
    await until('heartbeats pass again', async () => reg.failing, (f) => !f, 5000);
    t.equal(reg.active, true);
  });

  t.test('the check option reaches the agent, which runs it: withdrawn while failing, back once passing', async (t) => {
    const listen = async (port = 0): Promise<Server> => {
      const s = createServer((c) => c.destroy()).listen(port, '127.0.0.1');
      await once(s, 'listening');
      return s;
    };
    let target = await listen();
    const port = (target.address() as { port: number }).port;
    t.teardown(() => new Promise<void>((r) => (target.listening ? target.close(() => r()) : r())));
    const lars = new LarsClient({ basePort });
    t.teardown(() => lars.close());
    const check = { url: `tcp://127.0.0.1:${port}`, intervalMs: 100, timeoutMs: 300, fall: 2, rise: 2 };
    await lars.register({ modid: 5, cmdid: 1, ip: '10.5.0.1', port: 80, ttlMs: 60_000, check });
    await view.until('served while the check passes', () => view.has(5, 1, ip('10.5.0.1'), 80), 5000);
    await new Promise<void>((r) => target.close(() => r()));
    await view.until('withdrawn once the check fails', () => !view.has(5, 1, ip('10.5.0.1'), 80), 5000);
    target = await listen(port);
    await view.until('back once it passes', () => view.has(5, 1, ip('10.5.0.1'), 80), 5000);
  });

  t.test('a wrong agent token: REFUSED', async (t) => {
    const otherBase = await freeUdpPortTriple();
    const other = RoleProcess.start(t, 'agent', { 'agent.ini': agentIni(dnsPort, otherBase, 'wrong') });
    await other.waitFor(/lars: started agent/);
    const lars = new LarsClient({ basePort: otherBase });
    t.teardown(() => lars.close());
    const err = await lars.register({ modid: 1, cmdid: 2, ip: '10.1.0.2', port: 80 }).catch((e: unknown) => e);
    t.type(err, LarsError);
    t.match(err, { code: 'REFUSED', retcode: 4, message: /register\(1, 2, 10\.1\.0\.2:80\): refused/ });
    t.match(lars.stats().registrations, { active: 0, registers: 1, registered: 0 });
  });

  t.test('bad arguments: LarsArgumentError before anything is sent', async (t) => {
    const lars = new LarsClient({ basePort });
    t.teardown(() => lars.close());
    await t.rejects(lars.register({ modid: 1, cmdid: 1, ip: '0.0.0.0', port: 80 }), LarsArgumentError);
    await t.rejects(lars.register({ modid: 1, cmdid: 1, ip: '10.0.0.1', port: 80, check: 'ftp://x' }), LarsArgumentError);
  });
});

t.test('no agent: register fails at once, saying no agent listens there', async (t) => {
  const basePort = await freeUdpPortTriple();
  const lars = new LarsClient({ basePort, registerTimeoutMs: 10_000 });
  t.teardown(() => lars.close());
  const at = Date.now();
  const err = await lars.register({ modid: 1, cmdid: 1, ip: '10.0.0.1', port: 80 }).catch((e: unknown) => e);
  t.type(err, LarsError);
  t.match(err, { code: 'UNREACHABLE' });
  t.match((err as Error).message, new RegExp(`no agent listens at 127\\.0\\.0\\.1:${basePort + portIndex(1, 1)}`));
  t.ok(Date.now() - at < 5000, `rejected in ${Date.now() - at} ms, long before the 10 s timeout`);
});

t.test('an agent port that never answers: TIMEOUT after registerTimeoutMs', async (t) => {
  const basePort = await freeUdpPortTriple();
  const silent = createSocket('udp4');
  await new Promise<void>((r) => silent.bind(basePort + portIndex(1, 1), '127.0.0.1', r));
  t.teardown(() => silent.close());
  const lars = new LarsClient({ basePort, registerTimeoutMs: 200 });
  t.teardown(() => lars.close());
  await t.rejects(lars.register({ modid: 1, cmdid: 1, ip: '10.0.0.1', port: 80 }), { code: 'TIMEOUT', message: /within 200 ms/ });
});
