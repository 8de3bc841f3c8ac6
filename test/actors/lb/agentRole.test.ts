/**
 * The agent role as a real process with a real DNS role over MariaDB (SQLite
 * when the test database is the embedded one): cold first getHost, spreading,
 * steering away from a failing host and probing it back, route changes
 * without restarts, DNS killed and back, agent restarted with DNS down, and
 * bad datagrams at each port.
 */
import t, { type Test } from 'tap';
import { join } from 'node:path';
import { openStore } from '../../../store/openStore.js';
import type { Store } from '../../../store/store.js';
import { ipv4ToInt32, ipv4ToUint32 } from '../../../runtime/net/ipv4.js';
import { encodeFrame } from '../../../runtime/reactor/frame.js';
import { AgentCaller, eventually } from '../../helpers/agentCaller.js';
import { parseRule } from '../../../proto/routeRule.js';
import { freeTcpPort, freeUdpPortTriple } from '../../helpers/freePorts.js';
import { withTestDatabase } from '../../helpers/mysqlTestDb.js';
import { RoleProcess } from '../../helpers/roleProcess.js';
import { LarsClient } from '../../../client/index.js';
import { Metrics } from '../../e2e/fixtures/metrics.js';

const SUCC = 0;
const OVERLOAD = 1;
const ERROR = 2;
const NOEXIST = 3;

interface World {
  store: Store;
  storeUrl: string;
  dnsPort: number;
  basePort: number;
  dir: string;
}

/** The file's one database: every test uses keys of its own (modid = the test's number). */
interface Shared {
  store: Store;
  storeUrl: string;
  dns: RoleProcess;
  dnsPort: number;
  dnsAdmin: number;
}

function startDns(t: Test, w: { storeUrl: string; dnsPort: number }): RoleProcess {
  return RoleProcess.start(t, 'dns', { 'dns.ini': `[admin]\nadmin_port = 0\n[dns]\nport = ${w.dnsPort}\npoll_interval = 0.05\n` }, ['--store', w.storeUrl]);
}

/** One database and one DNS for the tests that leave DNS running (starting them per test cost seconds each). */
async function shared(t: Test): Promise<Shared | undefined> {
  const db = await withTestDatabase(t);
  if (!db) return undefined;
  const store = await openStore(db.url);
  t.teardown(() => store.close());
  await store.init();
  const dnsPort = await freeTcpPort();
  const dns = startDns(t, { storeUrl: db.url, dnsPort });
  await dns.waitFor(/serving routes/);
  return { store, storeUrl: db.url, dns, dnsPort, dnsAdmin: await dns.adminPort() };
}

const file = await shared(t);

/** The shared DNS holds route version `version` (or later): an agent started now gets the hosts just added. */
async function sharedDnsAt(s: Shared, version: number): Promise<void> {
  const at = async (): Promise<number> => new Metrics(await (await fetch(`http://127.0.0.1:${s.dnsAdmin}/metrics`)).text()).gauge(/^dns-server$/, 'route_version');
  await eventually(at, (v) => v >= version);
}

/** pull_wait_ms is generous: on a loaded CI machine a DNS round trip can pass the 50 ms default. */
function startReporter(t: Test, w: World, port: number): RoleProcess {
  return RoleProcess.start(t, 'reporter', { 'reporter.ini': `[admin]\nadmin_port = 0\n[reporter]\nport = ${port}\nflush_interval = 0.2\n` }, ['--store', w.storeUrl]);
}

function startAgent(t: Test, w: World, lb = '', reporterPort = 1): RoleProcess {
  const ini =
    `[admin]\nadmin_port = 0\n[agent]\nbase_port = ${w.basePort}\npull_wait_ms = 3000\nsnapshot_path = ${join(w.dir, 'routes.json')}\nsnapshot_interval = 0.1\n` +
    `[dnsserver]\naddresses = 127.0.0.1:${w.dnsPort}\n[reporter]\naddresses = 127.0.0.1:${reporterPort}\n[link]\nbackoff_min_ms = 20\nbackoff_max_ms = 200\n[loadbalance]\n${lb}`;
  return RoleProcess.start(t, 'agent', { 'agent.ini': ini });
}

/** Every UDP port bound (the supervisor says so) and DNS connected. */
async function agentReady(agent: RoleProcess): Promise<void> {
  await agent.waitFor(/lars: started agent/);
  await agent.waitFor(/connected to DNS/);
}

interface System {
  w: World;
  dns: RoleProcess;
  agent: RoleProcess;
  c: AgentCaller;
}

/**
 * `hosts` in the file's database, an agent on a DNS over it (all ports up), and a caller. The DNS is the
 * file's shared one unless `ownDns` (a test that stops DNS starts one of its own on the same database).
 */
async function system(
  t: Test,
  hosts: Array<[modid: number, cmdid: number, ip: string, port: number]>,
  opts: { lb?: string; reporterPort?: number; ownDns?: boolean } = {},
): Promise<System | undefined> {
  if (!file) return undefined;
  const w: World = { store: file.store, storeUrl: file.storeUrl, dnsPort: opts.ownDns ? await freeTcpPort() : file.dnsPort, basePort: await freeUdpPortTriple(), dir: t.testdir() };
  let version = 0;
  for (const [modid, cmdid, ip, port] of hosts) version = (await w.store.addHost(modid, cmdid, ipv4ToUint32(ip), port)).version;
  let dns = file.dns;
  if (opts.ownDns) {
    dns = startDns(t, w);
    await dns.waitFor(/serving routes/);
  } else await sharedDnsAt(file, version);
  const agent = startAgent(t, w, opts.lb, opts.reporterPort);
  await agentReady(agent);
  const c = await AgentCaller.open(w.basePort);
  t.teardown(() => c.close());
  return { w, dns, agent, c };
}

const ip = (s: string): number => ipv4ToInt32(s);

t.test('cold getHost, spreading, and route changes without restarts', async (t) => {
  const sys = await system(t, [[1, 1, '10.0.0.1', 80], [1, 1, '10.0.0.2', 81], [1, 1, '200.1.2.3', 82]]);
  if (!sys) return;
  const { w, agent, c } = sys;

  const first = await c.getHost(1, 1);
  t.equal(first?.retcode, SUCC, 'the first call for a new key is answered with a host, not failed');
  const seen = new Set<number>();
  for (let i = 0; i < 30; i++) seen.add((await c.getHost(1, 1))?.port ?? -1);
  t.same([...seen].sort(), [80, 81, 82], 'calls spread over every host');
  t.same((await c.getRoute(1, 1)).sort((a, b) => a[1] - b[1]), [[ip('10.0.0.1'), 80], [ip('10.0.0.2'), 81], [ip('200.1.2.3'), 82]], 'API getRoute; 200.1.2.3 negative');
  t.equal((await c.getHost(4, 4))?.retcode, NOEXIST, 'a key DNS does not know: RET_NOEXIST');

  await w.store.addHost(1, 1, ipv4ToUint32('10.0.0.4'), 83);
  const withNew = await eventually(() => c.getRoute(1, 1), (h) => h.length === 4);
  t.equal(withNew.length, 4, 'an added host arrives by push, no restart');
  await w.store.delHost(1, 1, ipv4ToUint32('10.0.0.1'), 80);
  await eventually(() => c.getRoute(1, 1), (h) => h.length === 3);
  const after = new Set<number>();
  for (let i = 0; i < 30; i++) after.add((await c.getHost(1, 1))?.port ?? -1);
  t.same([...after].sort(), [81, 82, 83], 'a deleted host is no longer chosen');
  t.equal(agent.child.exitCode, null);
});

t.test('a failing host is avoided except on probes and comes back after overload_timeout', async (t) => {
  const sys = await system(t, [[2, 2, '10.0.2.1', 201], [2, 2, '10.0.2.2', 202]], { lb: 'contin_err_limit = 3\noverload_timeout = 1.5\nprobe_num = 10\n' });
  if (!sys) return;
  const { c, agent } = sys;
  // Every call to 202 fails: after 3 in a row it is overloaded.
  let failed = 0;
  while (failed < 3) {
    const r = await c.getHost(2, 2);
    if (r?.port === 202) {
      c.report(2, 2, r.ip, r.port, ERROR);
      failed++;
    } else if (r) c.report(2, 2, r.ip, r.port, SUCC);
  }
  const picks: number[] = [];
  for (let i = 0; i < 40; i++) {
    const r = await c.getHost(2, 2);
    picks.push(r?.port ?? -1);
    if (r?.port === 201) c.report(2, 2, r.ip, r.port, SUCC);
  }
  const probes = picks.filter((p) => p === 202).length;
  t.ok(probes >= 3 && probes <= 5, `overloaded host only on probe turns (${probes} of 40, probe_num 10)`);
  t.equal(picks.filter((p) => p === 201).length, 40 - probes);
  const back = await eventually(
    async () => {
      const ports = new Set<number>();
      for (let i = 0; i < 4; i++) ports.add((await c.getHost(2, 2))?.port ?? -1);
      return ports;
    },
    (ports) => ports.has(202) && ports.has(201),
  );
  t.ok(back.has(202), 'back in rotation after overload_timeout');
  // The audit trail: each transition logged once at info, with the host, key and why.
  await agent.waitFor(/INFO.*host 10\.0\.2\.2:202 of 2\/2 overloaded for 1500 ms \(contin_err_limit errors in a row, ejection 1\)/);
  // Its ejection ends on time even with no more calls on the key: the agent's once-a-second pass ends it.
  await agent.waitFor(/INFO.*host 10\.0\.2\.2:202 of 2\/2 back to idle \((its ejection time ran out|contin_succ_limit successes in a row|success rate above succ_rate)\)/);
});

t.test('DNS killed: the agent keeps answering, reconnects and resyncs when DNS returns', async (t) => {
  const sys = await system(t, [[3, 3, '10.0.3.1', 301]], { ownDns: true });
  if (!sys) return;
  const { w, dns, agent, c } = sys;
  t.equal((await c.getHost(3, 3))?.port, 301);

  dns.kill();
  await dns.exited;
  await agent.waitFor(/DNS connection lost/);
  for (let i = 0; i < 5; i++) t.equal((await c.getHost(3, 3))?.port, 301, 'served from the agent table while DNS is gone');
  await w.store.addHost(3, 3, ipv4ToUint32('10.0.3.2'), 302); // a change DNS will only see after restart

  const dns2 = startDns(t, w);
  await dns2.waitFor(/serving routes/);
  await eventually(
    async () => agent.output.match(/connected to DNS/g)?.length ?? 0,
    (n) => n >= 2,
  );
  const hosts = await eventually(() => c.getRoute(3, 3), (h) => h.length === 2);
  t.same(hosts.map((h) => h[1]).sort(), [301, 302], 'resynced on reconnect');
});

t.test('an agent restarted while DNS is down serves the routes of its snapshot', async (t) => {
  const sys = await system(t, [[5, 4, '10.0.5.1', 501]], { ownDns: true });
  if (!sys) return;
  const { w, dns, agent, c } = sys;
  t.equal((await c.getHost(5, 4))?.port, 501);
  t.equal(await agent.stop(), 0, 'graceful stop');
  dns.kill();
  await dns.exited;

  const again = startAgent(t, w);
  await again.waitFor(/serving 1 key from snapshot/);
  await again.waitFor(/lars: started agent/);
  const r = await c.getHost(5, 4);
  t.same(r && [r.retcode, r.port], [SUCC, 501], 'answered from the snapshot with DNS down');
});

t.test('bad datagrams at every port are dropped and counted; good callers are served', async (t) => {
  const sys = await system(t, [[6, 0, '10.0.6.1', 601]]);
  if (!sys) return;
  const { w, agent, c } = sys;
  const admin = await agent.adminPort();
  const bad: Buffer[] = [
    Buffer.alloc(0),
    Buffer.from([1, 2, 3]),
    Buffer.from('GET / HTTP/1.1\r\n\r\n'),
    encodeFrame(4, Buffer.from([0xff, 0xff, 0xff, 0xff])),
    encodeFrame(999, Buffer.alloc(3)),
    Buffer.concat([encodeFrame(4, Buffer.alloc(2)), Buffer.alloc(5)]),
    encodeFrame(4, Buffer.alloc(60_000, 0x08)),
  ];
  for (let port = w.basePort; port < w.basePort + 3; port++) for (const b of bad) c.sendRaw(b, port);
  for (let i = 0; i < 3; i++) t.equal((await c.getHost(6, 0))?.port, 601, 'still served');
  const metrics = await (await fetch(`http://127.0.0.1:${admin}/metrics`)).text();
  const sum = (name: string): number => new Metrics(metrics).counter(/^udp-server-\d$/, name);
  t.equal(sum('badDatagram'), 3 * 4, 'framing errors counted at every port');
  t.ok(sum('badBody') + sum('oversizedBody') >= 3 * 2, 'undecodable and oversized bodies counted');
  t.equal(sum('unknownMsgid'), 3, 'unknown msgids counted');
  t.equal(agent.child.exitCode, null, 'agent alive');
});

t.test('reports reach the reporter aggregated: one request per key per interval, counts per host', async (t) => {
  // The agent starts first and finds the reporter on its next reconnect attempt.
  const reporterPort = await freeTcpPort();
  const sys = await system(t, [[7, 7, '10.0.7.1', 701], [7, 7, '200.0.7.2', 702]], { reporterPort });
  if (!sys) return;
  const { w, agent, c } = sys;
  const reporter = startReporter(t, w, reporterPort);
  await reporter.waitFor(/accepting reports/);
  const reporterAdmin = await reporter.adminPort();
  await agent.waitFor(/connected to reporter/);
  const calls = new Map<number, { succ: number; err: number }>([[701, { succ: 0, err: 0 }], [702, { succ: 0, err: 0 }]]);
  for (let i = 0; i < 60; i++) {
    const r = await c.getHost(7, 7);
    if (!r || r.retcode !== SUCC) return t.fail('getHost failed');
    const ok = i % 5 !== 0;
    c.report(7, 7, r.ip, r.port, ok ? SUCC : ERROR);
    const tally = calls.get(r.port);
    if (tally) ok ? tally.succ++ : tally.err++;
  }
  const want = [...calls.entries()].map(([port, v]) => `${port}:${v.succ}/${v.err}`).sort();
  const rows = await eventually(
    async () => (await w.store.readStatus({ modid: 7, cmdid: 7 })).map((r) => `${r.port}:${r.succCnt}/${r.errCnt}`).sort(),
    (got) => JSON.stringify(got) === JSON.stringify(want),
    300,
  );
  t.same(rows, want, 'one row per host with the window counts of every call');
  const status = await w.store.readStatus({ modid: 7, cmdid: 7 });
  t.same(status.map((r) => r.ip).sort((a, b) => a - b), [ipv4ToInt32('200.0.7.2'), ipv4ToInt32('10.0.7.1')].sort((a, b) => a - b), 'ips in wire form');
  t.ok(status.every((r) => r.caller === ipv4ToInt32('127.0.0.1')), 'caller is the agent');
  const metrics = await (await fetch(`http://127.0.0.1:${reporterAdmin}/metrics`)).text();
  const requests = Number(/^lars_reporter_requests_total\{[^}]*\} (\d+)$/m.exec(metrics)?.[1] ?? NaN);
  t.ok(requests >= 1 && requests <= 30, `${requests} ReportStatusRequests for 60 reported calls (one per key per interval)`);
});

t.test('[loadbalance] thresholds reload on SIGHUP without a restart', async (t) => {
  const sys = await system(t, [[8, 1, '10.0.8.1', 801], [8, 1, '10.0.8.2', 802]], { lb: 'contin_err_limit = 1000\nerr_rate = 1\n' });
  if (!sys) return;
  const { agent, c } = sys;
  const failOn802 = async (calls: number): Promise<number> => {
    let picked = 0;
    for (let i = 0; i < calls; i++) {
      const r = await c.getHost(8, 1);
      if (r?.port === 802) {
        picked++;
        c.report(8, 1, r.ip, r.port, ERROR);
      } else if (r) c.report(8, 1, r.ip, r.port, SUCC);
    }
    return picked;
  };
  t.equal(await failOn802(40), 20, 'thresholds too high to overload: 802 keeps its share');

  const ini = join(agent.confDir, 'agent.ini');
  const { readFileSync, writeFileSync } = await import('node:fs');
  writeFileSync(ini, readFileSync(ini, 'utf8').replace('contin_err_limit = 1000\nerr_rate = 1\n', 'contin_err_limit = 3\n'));
  agent.reload();
  await agent.waitFor(/lars: config reloaded/);
  const picked = await eventually(() => failOn802(40), (n) => n <= 5, 10);
  t.ok(picked <= 5, `after SIGHUP 802 overloads and gets only probe turns (${picked} of 40)`);
  t.equal(agent.child.exitCode, null, 'same process, no restart');
});

t.test('weights from the route table reach the agent and steer its picks; panic_threshold reloads on SIGHUP', async (t) => {
  const sys = await system(t, [[9, 1, '10.0.9.1', 901], [9, 1, '10.0.9.2', 902]], { lb: 'contin_err_limit = 3\noverload_timeout = 600\n' });
  if (!sys) return;
  const { w, agent, c } = sys;
  t.equal((await c.getHost(9, 1))?.retcode, SUCC);
  const before = await w.store.getVersion();
  t.same(await w.store.setWeight(9, 1, ipv4ToUint32('10.0.9.2'), 902, 4), { status: 'updated', version: before + 1 });
  const client = new LarsClient({ basePort: w.basePort, timeoutMs: 2000 });
  t.teardown(() => client.close());
  const route = await eventually(() => client.getRoute(9, 1), (hosts) => hosts.some((h) => h.weight === 4));
  t.same(route, [{ ip: '10.0.9.1', port: 901, weight: 1 }, { ip: '10.0.9.2', port: 902, weight: 4 }], 'the weight came through DNS (wire field 3)');
  const ports: number[] = [];
  for (let i = 0; i < 50; i++) ports.push((await c.getHost(9, 1))?.port ?? -1);
  t.same([ports.filter((p) => p === 901).length, ports.filter((p) => p === 902).length], [10, 40], 'picks follow the weights 1:4');

  for (const port of [901, 902]) for (let i = 0; i < 3; i++) c.report(9, 1, ipv4ToInt32(`10.0.9.${port - 900}`), port, ERROR);
  const refused = await eventually(async () => {
    let n = 0;
    for (let i = 0; i < 10; i++) if ((await c.getHost(9, 1))?.retcode === OVERLOAD) n++;
    return n;
  }, (n) => n >= 9, 50);
  t.ok(refused >= 9, `both hosts overloaded: RET_OVERLOAD but for probes (${refused} of 10)`);
  const ini = join(agent.confDir, 'agent.ini');
  const { readFileSync, writeFileSync } = await import('node:fs');
  writeFileSync(ini, readFileSync(ini, 'utf8').replace('overload_timeout = 600\n', 'overload_timeout = 600\npanic_threshold = 0.5\n'));
  agent.reload();
  await agent.waitFor(/lars: config reloaded/);
  const answers = await eventually(async () => {
    const got: number[] = [];
    for (let i = 0; i < 10; i++) got.push((await c.getHost(9, 1))?.retcode ?? -1);
    return got;
  }, (got) => got.every((r) => r === SUCC), 20);
  t.same(answers, Array(10).fill(SUCC), 'after SIGHUP the panic threshold answers with a host instead of RET_OVERLOAD');
  t.equal(agent.child.exitCode, null, 'same process, no restart');
});

t.test('routing rules from the store reach the agent through DNS: a tagged caller is matched, others are not', async (t) => {
  const sys = await system(t, []);
  if (!sys || !file) return;
  const { w } = sys;
  await w.store.addHost(10, 1, ipv4ToUint32('10.0.10.1'), 1001, 1, 'test', { tags: ['version=v1'] });
  await w.store.addHost(10, 1, ipv4ToUint32('10.0.10.2'), 1002, 1, 'test', { tags: ['env=test', 'version=v2'] });
  const ruled = await w.store.setRules({ modid: 10, cmdid: 1 }, [parseRule('match env=test -> env=test')], 'test');
  // The key's first call pulls its route from DNS: wait until DNS serves these edits, or it may answer "no hosts".
  await sharedDnsAt(file, ruled.version);
  const client = new LarsClient({ basePort: w.basePort, timeoutMs: 2000 });
  t.teardown(() => client.close());
  const ports = async (n: number, tags?: string[]): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await client.getHost(10, 1, tags === undefined ? {} : { tags })).port);
    return out;
  };
  // The key's first call waits for its route; the rules come with it.
  t.same(await eventually(() => ports(6, ['env=test']), (p) => p.every((x) => x === 1002)), Array(6).fill(1002), 'every call of the tagged caller to its host');
  t.same((await ports(4)).sort(), [1001, 1001, 1002, 1002], 'a caller without tags: both hosts');
  await w.store.setRules({ modid: 10, cmdid: 1 }, [], 'test');
  t.same((await eventually(() => ports(4, ['env=test']), (p) => p.includes(1001))).sort(), [1001, 1001, 1002, 1002], 'rules removed: the tagged caller gets both');
});
