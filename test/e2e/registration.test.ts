/**
 * Registration end to end on real processes: a dns role and agents
 * (dist/supervisor.js --role dns / --role agent) over one store, an
 * application in a process of its own heartbeating its agent over UDP, and
 * a subscriber that speaks the original's agent frames (id 1 / id 2), from
 * whose view every timing is measured (and printed):
 *
 * - the app killed (-9), its agent alive: gone within ttl_ms + 1 s;
 * - the agent killed (-9): its declared service gone within ttl_ms + poll_interval + 1 s;
 * - declared services ([service.NAME], added by SIGHUP) with a TCP and an HTTP
 *   check: withdrawn while failing, back once passing; removed by a reload: gone;
 * - a drain survives the app registering again, and enable serves it again;
 * - a missing or wrong agent token: RET_REFUSED reaches the app, DNS counts
 *   it, nothing is stored;
 * - a registered host reaches the original's agent in the original's bytes.
 */
import t, { type Test } from 'tap';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lars } from '../../proto/generated/lars.js';
import { ipv4ToInt32 } from '../../runtime/net/ipv4.js';
import { WatchedProcess } from '../../bench/watchedProcess.js';
import { freeTcpPort, freeUdpPortTriple } from '../helpers/freePorts.js';
import { originalFrame } from '../helpers/originalWire.js';
import { RawRegistrar } from '../helpers/rawRegistrar.js';
import { RoleProcess } from '../helpers/roleProcess.js';
import { runLars } from '../helpers/runLars.js';
import { scrape, until } from './fixtures/metrics.js';
import { OriginalAgentView } from './fixtures/originalAgentView.js';

const RET = lars.LarsRetCode;
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const APP = fileURLToPath(new URL('./fixtures/heartbeatApp.mjs', import.meta.url));
const TOKEN = 'sekrit';
const TTL_MS = 1500;
const POLL_INTERVAL_S = 0.2;

const timings: string[] = [];
function measured(t: Test, what: string, ms: number, boundMs: number): void {
  timings.push(`${what}: ${ms} ms (bound ${boundMs} ms)`);
  t.ok(ms <= boundMs, `${what} in ${ms} ms, within ${boundMs} ms`);
}

function agentIni(dnsPort: number, basePort: number, token: string, services = ''): string {
  return (
    `[admin]\nadmin_port = 0\n[agent]\nbase_port = ${basePort}\nsnapshot_path =\n` +
    `[dnsserver]\naddresses = 127.0.0.1:${dnsPort}\n[reporter]\naddresses = 127.0.0.1:1\n` +
    `[register]\ntoken = ${token}\nrenew_interval_ms = 300\n${services}`
  );
}

function service(name: string, modid: number, ip: string, port: number, extra = ''): string {
  return `[service.${name}]\nmodid = ${modid}\ncmdid = 1\nip = ${ip}\nport = ${port}\nttl_ms = ${TTL_MS}\n${extra}`;
}

const checkTiming = 'check_interval_ms = 100\ncheck_timeout_ms = 300\ncheck_fall = 2\ncheck_rise = 2\n';

/** Writes a new agent.ini and reloads (SIGHUP), waiting for the reload's line. */
async function reloadAgent(agent: RoleProcess, ini: string): Promise<void> {
  const before = agent.output.split('config reloaded').length;
  writeFileSync(join(agent.confDir, 'agent.ini'), ini);
  agent.reload();
  await until('agent reloaded', async () => agent.output.split('config reloaded').length, (n) => n > before, 10_000);
}

async function listen(server: TcpServer | HttpServer, port: number): Promise<void> {
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
}

async function closeServer(server: TcpServer | HttpServer): Promise<void> {
  await new Promise<void>((r) => server.close(() => r()));
}

interface Listed {
  ip: string;
  weight: number;
  port: number;
  modid: number;
  source: string;
  owner: string | null;
  enabled: boolean;
}

async function routeList(store: string): Promise<Listed[]> {
  return (JSON.parse((await runLars(['route', 'list', '--json', '--store', store])).stdout) as { hosts: Listed[] }).hosts;
}

t.test('registration through real dns and agent processes', async (t) => {
  const store = `sqlite:${join(t.testdir(), 'lars.db')}`;
  t.equal((await runLars(['db', 'init', '--store', store])).code, 0);
  const dns = RoleProcess.start(
    t,
    'dns',
    { 'dns.ini': `[admin]\nadmin_port = 0\n[dns]\nport = 0\npoll_interval = ${POLL_INTERVAL_S}\n[register]\ntoken = ${TOKEN}\nrenew_interval = 0.2\nsweep_interval = 0.1\n` },
    ['--store', store],
  );
  const dnsPort = Number((await dns.waitFor(/serving routes version -?\d+ on 127\.0\.0\.1:(\d+)/))[1]);
  const dnsAdmin = await dns.adminPort();

  // The checked services' targets; both pass at first.
  const tcpPort = await freeTcpPort();
  let tcpTarget = createTcpServer((s) => s.destroy());
  await listen(tcpTarget, tcpPort);
  let healthy = true;
  const http = createHttpServer((_req, res) => res.writeHead(healthy ? 200 : 503).end(healthy ? 'ok' : 'down'));
  const httpPort = await freeTcpPort();
  await listen(http, httpPort);
  t.teardown(async () => {
    await Promise.all([closeServer(http), tcpTarget.listening ? closeServer(tcpTarget) : undefined]);
  });

  const [basePort, otherBase] = [await freeUdpPortTriple(), await freeUdpPortTriple()];
  const declared = service('plain', 10, '10.0.10.1', 80);
  const agent = RoleProcess.start(t, 'agent', { 'agent.ini': agentIni(dnsPort, basePort, TOKEN, declared) });
  await agent.waitFor(/lars: started agent/);

  const view = await OriginalAgentView.open(dnsPort);
  t.teardown(() => view.close());
  for (const modid of [1, 2, 3, 4, 5, 10, 11, 12]) await view.subscribe(modid, 1);

  t.test('a service declared in agent.ini is registered at start, as "registered by agent HOST"', async (t) => {
    await view.until(10, 1, 'declared service served', (h) => h.includes('10.0.10.1:80'));
    const listed = (await routeList(store)).find((h) => h.ip === '10.0.10.1');
    t.match(listed, { source: 'registered', owner: /^agent /, enabled: true });
  });

  t.test('the app killed with -9, its agent alive: gone within ttl_ms + 1 s', async (t) => {
    const app = new WatchedProcess([APP, DIST, String(basePort), '1', '1', '10.0.1.1', '80', String(TTL_MS)]);
    t.teardown(() => app.kill());
    await app.waitFor(new RegExp(`answer ${RET.RET_SUCC} `));
    await view.until(1, 1, 'app served', (h) => h.includes('10.0.1.1:80'));
    const killedAt = Date.now();
    app.child.kill('SIGKILL');
    const goneAt = await view.until(1, 1, 'killed app gone', (h) => !h.includes('10.0.1.1:80'), TTL_MS + 3000);
    measured(t, 'app kill -9 -> gone from the subscriber', goneAt - killedAt, TTL_MS + 1000);
  });

  t.test('the original agent sees a registered host in the original bytes', async (t) => {
    const reg = await RawRegistrar.open();
    t.teardown(() => reg.close());
    const r = await reg.register(basePort, [{ modid: 2, cmdid: 1, ip: ipv4ToInt32('10.0.2.1'), port: 8080, ttlMs: 60_000 }]);
    t.equal(r?.retcode, RET.RET_SUCC);
    await view.until(2, 1, 'registered host pushed', (h) => h.includes('10.0.2.1:8080'));
    const expected = originalFrame(2, 2, 1, [{ ip: ipv4ToInt32('10.0.2.1'), port: 8080 }]).subarray(8);
    t.same(view.rawBody(2, 1), expected, 'GetRouteResponse body byte-identical to what the original encodes');
    t.equal(view.strayFrames, 0, 'nothing the original agent would not know');
    await reg.deregister(basePort, [{ modid: 2, cmdid: 1, ip: ipv4ToInt32('10.0.2.1'), port: 8080 }]);
    await view.until(2, 1, 'deregistered host gone', (h) => h.length === 0);
  });

  t.test('declared services with a TCP and an HTTP check: withdrawn while failing, back when passing; a reload adds and removes them', async (t) => {
    const checked = service('tcp', 11, '10.0.11.1', 80, `check = tcp://127.0.0.1:${tcpPort}\n${checkTiming}`) + service('http', 12, '10.0.12.1', 80, `check = http://127.0.0.1:${httpPort}/healthz\n${checkTiming}`);
    await reloadAgent(agent, agentIni(dnsPort, basePort, TOKEN, declared + checked));
    await view.until(11, 1, 'tcp-checked service served', (h) => h.includes('10.0.11.1:80'));
    await view.until(12, 1, 'http-checked service served', (h) => h.includes('10.0.12.1:80'));

    let at = Date.now();
    await closeServer(tcpTarget);
    measured(t, 'tcp check failing -> withdrawn', (await view.until(11, 1, 'tcp withdrawn', (h) => h.length === 0)) - at, 3000);
    t.match((await routeList(store)).find((h) => h.ip === '10.0.11.1'), { source: 'registered' }, 'withdrawn, not forgotten');
    tcpTarget = createTcpServer((s) => s.destroy());
    at = Date.now();
    await listen(tcpTarget, tcpPort);
    measured(t, 'tcp check passing -> back', (await view.until(11, 1, 'tcp back', (h) => h.includes('10.0.11.1:80'))) - at, 3000);

    at = Date.now();
    healthy = false;
    measured(t, 'http check failing (503) -> withdrawn', (await view.until(12, 1, 'http withdrawn', (h) => h.length === 0)) - at, 3000);
    at = Date.now();
    healthy = true;
    measured(t, 'http check passing -> back', (await view.until(12, 1, 'http back', (h) => h.includes('10.0.12.1:80'))) - at, 3000);

    // The declarations' file loses [service.http] and [service.plain] gets weight 5: a reload deregisters the one,
    // sends the other again; the tcp one stays as it was.
    const reweighed = service('plain', 10, '10.0.10.1', 80, 'weight = 5\n');
    await reloadAgent(agent, agentIni(dnsPort, basePort, TOKEN, reweighed + service('tcp', 11, '10.0.11.1', 80, `check = tcp://127.0.0.1:${tcpPort}\n${checkTiming}`)));
    await view.until(12, 1, 'removed declaration gone', (h) => h.length === 0);
    t.same(view.hostsOf(11, 1), ['10.0.11.1:80']);
    t.same(view.hostsOf(10, 1), ['10.0.10.1:80']);
    await until('changed declaration re-registered with weight 5', () => routeList(store), (l) => l.some((h) => h.ip === '10.0.10.1' && h.weight === 5), 5000);
  });

  t.test('a drain survives the app registering again; enable serves it again', async (t) => {
    const reg = await RawRegistrar.open();
    t.teardown(() => reg.close());
    const inst = { modid: 4, cmdid: 1, ip: ipv4ToInt32('10.0.4.1'), port: 80, ttlMs: 60_000 };
    t.equal((await reg.register(basePort, [inst]))?.retcode, RET.RET_SUCC);
    await view.until(4, 1, 'served', (h) => h.includes('10.0.4.1:80'));
    const flags = ['--modid', '4', '--cmdid', '1', '--ip', '10.0.4.1', '--port', '80', '--store', store];
    t.equal((await runLars(['route', 'disable', ...flags])).code, 0);
    await view.until(4, 1, 'disabled: withdrawn', (h) => h.length === 0);
    // The app restarts: it deregisters and registers afresh (a new lease, a new row).
    t.equal((await reg.deregister(basePort, [inst]))?.retcode, RET.RET_SUCC);
    t.equal((await reg.register(basePort, [inst]))?.retcode, RET.RET_SUCC);
    await until('re-registered lease stored', () => routeList(store), (l) => l.some((h) => h.ip === '10.0.4.1' && h.source === 'registered'), 5000);
    const fresh = await OriginalAgentView.open(dnsPort);
    t.teardown(() => fresh.close());
    t.same(await fresh.subscribe(4, 1), [], 'a new subscriber is not served the drained host');
    t.match((await routeList(store)).find((h) => h.ip === '10.0.4.1'), { enabled: false });
    const at = Date.now();
    t.equal((await runLars(['route', 'enable', ...flags])).code, 0);
    measured(t, 'enable -> served again (CLI process included)', (await view.until(4, 1, 'enabled: back', (h) => h.includes('10.0.4.1:80'))) - at, 3000);
    await reg.deregister(basePort, [inst]);
  });

  t.test('a missing or wrong token: RET_REFUSED reaches the app, DNS counts it, nothing is stored; the right one registers; then the agent is killed', async (t) => {
    const other = RoleProcess.start(t, 'agent', { 'agent.ini': agentIni(dnsPort, otherBase, '') });
    await other.waitFor(/lars: started agent/);
    const reg = await RawRegistrar.open();
    t.teardown(() => reg.close());
    const inst = { modid: 5, cmdid: 1, ip: ipv4ToInt32('10.0.5.1'), port: 80, ttlMs: TTL_MS };
    const refusedBefore = (await scrape(dnsAdmin)).counter(/dns-server/, 'register_refused_token');

    const missing = await reg.register(otherBase, [inst]);
    t.equal(missing?.retcode, RET.RET_REFUSED, `no token: RET_REFUSED to the app (${missing?.reason ?? ''})`);
    await reloadAgent(other, agentIni(dnsPort, otherBase, 'wrong'));
    const wrong = await reg.register(otherBase, [inst]);
    t.equal(wrong?.retcode, RET.RET_REFUSED, `wrong token: RET_REFUSED to the app (${wrong?.reason ?? ''})`);
    t.ok((await scrape(dnsAdmin)).counter(/dns-server/, 'register_refused_token') >= refusedBefore + 2, 'DNS counted both');
    t.notOk((await routeList(store)).some((h) => h.modid === 5), 'nothing stored');
    t.same(view.hostsOf(5, 1), [], 'nothing served');

    // The right token, and a declared service: served; then the agent dies with it.
    await reloadAgent(other, agentIni(dnsPort, otherBase, TOKEN, service('onOther', 5, '10.0.5.2', 80)));
    await view.until(5, 1, 'declared service of the second agent served', (h) => h.includes('10.0.5.2:80'));
    const killedAt = Date.now();
    other.child.kill('SIGKILL');
    const goneAt = await view.until(5, 1, 'killed agent\'s service gone', (h) => h.length === 0, TTL_MS + 5000);
    measured(t, 'agent kill -9 -> gone from the subscriber', goneAt - killedAt, TTL_MS + POLL_INTERVAL_S * 1000 + 1000);
    t.same(view.hostsOf(10, 1), ['10.0.10.1:80'], 'the first agent\'s service stays');
  });

  t.teardown(() => {
    t.comment('registration e2e timings (ms, from the subscriber\'s view):');
    for (const line of timings) t.comment(`  ${line}`);
  });
});
