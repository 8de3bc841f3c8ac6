/**
 * `lars status` and the agent admin's GET /lb on a real agent (DNS and agent
 * as processes over SQLite): a failing host is overloaded, the others idle,
 * and it reads idle again once overload_timeout has passed; bad queries,
 * methods and connections at /lb; the CLI's errors.
 */
import t from 'tap';
import { request } from 'node:http';
import { connect } from 'node:net';
import { ipv4ToInt32 } from '../../runtime/net/ipv4.js';
import type { LbKeyState, LbStateDump } from '../../actors/lb/lbStateDump.js';
import { AgentCaller } from '../helpers/agentCaller.js';
import { freeTcpPort } from '../helpers/freePorts.js';
import { startDnsAndAgent } from '../helpers/dnsAndAgent.js';
import { runLars } from '../helpers/runLars.js';
import { larsInProcess } from '../helpers/larsInProcess.js';
import { openStore } from '../../store/openStore.js';

const OVERLOAD_TIMEOUT_S = 8;
const SUCC = 0;
const ERROR = 2;

interface Answer {
  status: number;
  type: string;
  body: string;
}

function http(port: number, method: string, path: string, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    const req = request({ host: '127.0.0.1', port, method, path, agent: false, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A 4xx with a one-line JSON `{ "error": "..." }`. */
function isJsonRefusal(a: Answer, status: number): boolean {
  if (a.status !== status || !a.type.startsWith('application/json') || a.body.trimEnd().includes('\n')) return false;
  return typeof (JSON.parse(a.body) as { error?: unknown }).error === 'string';
}

t.test('lars status on a real agent', async (t) => {
  const hosts = [['10.0.0.1', 8001], ['10.0.0.2', 8002], ['10.0.0.3', 8003]] as const;
  const { dns, agent, basePort, storeUrl } = await startDnsAndAgent(t, { modid: 1, cmdid: 1, hosts }, OVERLOAD_TIMEOUT_S);
  const admin = await agent.adminPort();
  const c = await AgentCaller.open(basePort);
  t.teardown(() => c.close());
  const status = (...args: string[]) => runLars(['status', '--admin', `127.0.0.1:${admin}`, ...args]);
  const lb = async (): Promise<LbKeyState> => JSON.parse((await http(admin, 'GET', '/lb?modid=1&cmdid=1')).body) as LbKeyState;
  const stateOf = (k: LbKeyState, port: number): string | undefined => k.hosts.find((h) => h.port === port)?.state;

  t.equal((await c.getHost(1, 1))?.retcode, SUCC, 'the key is warm');
  for (let i = 0; i < 3; i++) c.report(1, 1, ipv4ToInt32('10.0.0.2'), 8002, ERROR);
  for (let i = 0; i < 2; i++) c.report(1, 1, ipv4ToInt32('10.0.0.1'), 8001, SUCC);
  // Reports are datagrams: wait for the agent to have handled them.
  let seen = await lb();
  while (stateOf(seen, 8002) !== 'overloaded') seen = await lb();

  t.test('a failing host is overloaded, the others idle (JSON, table, summary)', async (t) => {
    const [json, table, summary] = await Promise.all([status('--modid', '1', '--cmdid', '1', '--json'), status('--modid', '1', '--cmdid', '1'), status()]);
    t.equal(json.code, 0, json.stderr);
    const key = JSON.parse(json.stdout) as LbKeyState;
    t.match(key, { modid: 1, cmdid: 1, route: 'ready', routeVersion: 1 });
    t.same(
      key.hosts.map((h) => [h.ip, h.port, h.state]).sort(),
      [
        ['10.0.0.1', 8001, 'idle'],
        ['10.0.0.2', 8002, 'overloaded'],
        ['10.0.0.3', 8003, 'idle'],
      ],
    );
    t.equal(key.hosts[2]?.port, 8002, 'idle hosts first, then the overloaded');
    t.match(key.hosts.find((h) => h.port === 8001), { rsucc: 2, rerr: 0, continSucc: 2 });
    t.match(key.hosts.find((h) => h.port === 8002), { verr: 5, probes: 0 });
    t.ok(typeof key.routeAgeMs === 'number' && key.routeAgeMs >= 0, 'route age');
    t.equal(table.code, 0);
    t.match(table.stdout, /^key 1\/1 on agent 127\.0\.0\.1:\d+: route ready \(1 update from DNS since the agent started\), last changed .* ago; 3 hosts, 1 overloaded\n/);
    t.match(table.stdout, /\n10\.0\.0\.2:8002 +overloaded +\S+( ms| s) +0\/5 /);
    t.match(table.stdout, /\n10\.0\.0\.1:8001 +idle +\S+( ms| s) +182\/0 +2\/0 +2\/0 +0 +1 +0\n/);
    t.equal(summary.code, 0);
    t.match(summary.stdout, /^agent 127\.0\.0\.1:\d+: 1 key\n/);
    t.match(summary.stdout, /\n1\/1 +ready, 1 update +.* ago +3 hosts: 2 idle, 1 overloaded \(10\.0\.0\.2:8002 for /);
  });

  t.test('it returns to idle after overload_timeout, with nobody calling the key', async (t) => {
    const overloadedSince = seen.hosts.find((h) => h.port === 8002)?.since ?? 0;
    const deadline = Date.now() + OVERLOAD_TIMEOUT_S * 1000 * 5;
    let back: LbKeyState | undefined;
    for (;;) {
      const r = await status('--modid', '1', '--cmdid', '1', '--json');
      back = JSON.parse(r.stdout) as LbKeyState;
      if (stateOf(back, 8002) === 'idle') break;
      t.equal(stateOf(back, 8002), 'overloaded', 'overloaded until it is idle');
      if (Date.now() > deadline) {
        t.fail(`still overloaded ${OVERLOAD_TIMEOUT_S * 5} s after the overload`);
        return;
      }
    }
    const host = back.hosts.find((h) => h.port === 8002);
    t.ok(host && host.since - overloadedSince >= OVERLOAD_TIMEOUT_S * 1000 - 50, `idle ${host ? host.since - overloadedSince : '?'} ms after it was overloaded`);
    t.same(
      back.hosts.map((h) => h.state),
      ['idle', 'idle', 'idle'],
    );
  });

  t.test('every key without parameters', async (t) => {
    const a = await http(admin, 'GET', '/lb');
    t.equal(a.status, 200);
    const all = JSON.parse(a.body) as LbStateDump;
    t.same(all.keys.map((k) => [k.modid, k.cmdid, k.hosts.length]), [[1, 1, 3]], a.body);
    t.equal(all.truncated, false);
  });

  t.test('a key with a service name: shown with it, asked for by it (in process)', async (t) => {
    const store = await openStore(storeUrl);
    await store.setKeyName({ modid: 1, cmdid: 1 }, 'orders.get', 'test');
    await store.close();
    const byName = await larsInProcess('status', '--admin', `127.0.0.1:${admin}`, '--service', 'orders.get', '--store', storeUrl);
    t.equal(byName.code, 0, byName.err);
    t.match(byName.out, /^key 1\/1 \(orders\.get\) on agent 127\.0\.0\.1:\d+: route ready/);
    const summary = await larsInProcess('status', '--admin', `127.0.0.1:${admin}`, '--store', storeUrl);
    t.match(summary.out, /\n1\/1 \(orders\.get\) +ready/);
    const elsewhere = await larsInProcess('status', '--admin', `127.0.0.1:${admin}`, '--store', 'sqlite:/nonexistent/lars.db');
    t.match(elsewhere.out, /\n1\/1 +ready/, 'a store that cannot be read only leaves the names out');
  });

  t.test('bad queries, methods and paths at /lb: 4xx with one line of JSON', async (t) => {
    for (const q of ['modid=abc&cmdid=1', 'modid=1', 'cmdid=1', 'modid=1&modid=2&cmdid=1', 'modid=99999999999&cmdid=1', 'modid=1.5&cmdid=1', 'modid=&cmdid=1', 'modid=%ZZ&cmdid=1', 'x=1', 'modid=1&cmdid=1&x=2']) {
      const a = await http(admin, 'GET', `/lb?${q}`);
      t.ok(isJsonRefusal(a, 400), `?${q}: ${a.status} ${a.body.trim()}`);
    }
    const unknown = await http(admin, 'GET', '/lb?modid=5&cmdid=5');
    t.ok(isJsonRefusal(unknown, 404), `unknown key: ${unknown.body.trim()}`);
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const a = await http(admin, method, '/lb?modid=1&cmdid=1', '{"garbage": true}');
      t.ok(isJsonRefusal(a, 405), `${method}: ${a.status} ${a.body.trim()}`);
    }
    t.equal((await http(admin, 'GET', '/lb/more')).status, 404, 'a path under /lb is not /lb');
    const head = await http(admin, 'HEAD', '/lb?modid=1&cmdid=1');
    t.same([head.status, head.body], [200, ''], 'HEAD');
    const long = await http(admin, 'GET', `/lb?modid=1&cmdid=1&${'y'.repeat(20_000)}=1`);
    t.ok(long.status >= 400 && long.status < 500, `an oversized query is refused (${long.status})`);
  });

  t.test('a client that hangs up mid-request does not disturb the next', async (t) => {
    for (const partial of ['GET /lb?modid=1&cm', 'GET /lb?modid=1&cmdid=1 HTTP/1.1\r\nHost: x\r\n', '\x00\xff garbage\r\n\r\n']) {
      await new Promise<void>((resolve) => {
        const s = connect(admin, '127.0.0.1', () => {
          s.write(partial);
          s.destroy();
          resolve();
        });
        s.on('error', () => resolve());
      });
    }
    t.equal((await http(admin, 'GET', '/lb?modid=1&cmdid=1')).status, 200);
  });

  t.test('the CLI: unknown key, not an agent, nothing listening, bad flags', async (t) => {
    // A key the agent was asked for but has no hosts for: exit 1, as the help says.
    await c.getHost(7, 7);
    const empty = await status('--modid', '7', '--cmdid', '7');
    t.equal(empty.code, 1, `no hosts: ${empty.stdout}${empty.stderr}`);
    const unknown = await status('--modid', '5', '--cmdid', '5');
    t.equal(unknown.code, 1);
    t.match(unknown.stderr, /^lars status: agent at 127\.0\.0\.1:\d+: the agent has no key 5\/5 .*\n$/);
    const dnsAdmin = await dns.adminPort();
    const notAgent = await runLars(['status', '--admin', `127.0.0.1:${dnsAdmin}`]);
    t.equal(notAgent.code, 1);
    t.match(notAgent.stderr, /has no \/lb: it is not an agent's/);
    const nobody = await freeTcpPort();
    const down = await runLars(['status', '--admin', `127.0.0.1:${nobody}`, '--json']);
    t.equal(down.code, 1);
    t.match(JSON.parse(down.stdout), { error: new RegExp(`no agent admin server answers on 127\\.0\\.0\\.1:${nobody} \\(ECONNREFUSED\\)`) });
    const downText = await runLars(['status', '--admin', `127.0.0.1:${nobody}`]);
    t.match(downText.stderr, /^lars status: no agent admin server answers on .*; is the agent running\? \(lars start --role agent\)\n$/);
    for (const args of [['--modid', '1'], ['--modid', 'x', '--cmdid', '1'], ['--admin', 'nope']]) {
      const r = await runLars(['status', ...args]);
      t.equal(r.code, 2, `${args.join(' ')}: ${r.stderr.trim()}`);
      t.equal(r.stderr.trimEnd().split('\n').length, 1);
    }
  });
});
