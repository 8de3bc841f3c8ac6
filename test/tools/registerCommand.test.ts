/**
 * `lars register` as its own process against real dns and agent processes
 * on SQLite, seen by a DNS subscriber and `lars route list`: one line once
 * registered; SIGINT and SIGTERM deregister (gone long before the ttl) and
 * exit 0; `--json` lines; a refused registration and bad flags end with one
 * line and their exit status.
 */
import t from 'tap';
import { join } from 'node:path';
import { PushRecorder } from '../../bench/registration/pushRecorder.js';
import { ipv4ToInt32 } from '../../runtime/net/ipv4.js';
import { freeUdpPortTriple } from '../helpers/freePorts.js';
import { agentIni, startRegistrationRoles } from '../helpers/registrationRoles.js';
import { RoleProcess } from '../helpers/roleProcess.js';
import { runLars, startLars } from '../helpers/runLars.js';

const ip = (s: string): number => ipv4ToInt32(s);

t.test('lars register through a real agent and DNS', async (t) => {
  const store = `sqlite:${join(t.testdir(), 'lars.db')}`;
  const { dnsPort, basePort, startAgent } = await startRegistrationRoles(t, store);
  await startAgent();
  const view = await PushRecorder.open(dnsPort);
  t.teardown(() => view.close());
  await view.subscribe([7, 8].map((modid) => ({ modid, cmdid: 1 })));
  const agent = `127.0.0.1:${basePort}`;

  for (const [signal, modid] of [['SIGINT', 7], ['SIGTERM', 8]] as const) {
    t.test(`registered line; ${signal} deregisters and exits 0`, async (t) => {
      // A ttl far beyond the wait: only the deregistration removes it in time.
      const p = startLars(t, ['register', '--modid', String(modid), '--cmdid', '1', '--ip', '10.7.0.1', '--port', '9000', '--weight', '4', '--ttl-ms', '60000', '--agent', agent]);
      await p.waitFor(/^registered /m, 10_000);
      t.match(p.lines()[0], new RegExp(`^registered ${modid}/1 10\\.7\\.0\\.1:9000 \\(ttl 60000 ms\\) with the agent at ${agent.replace(/\./g, '\\.')}; Ctrl-C deregisters$`));
      await view.until('served', () => view.has(modid, 1, ip('10.7.0.1'), 9000), 5000);
      const listed = JSON.parse((await runLars(['route', 'list', '--json', '--store', store, '--modid', String(modid)])).stdout) as { hosts: Array<{ ip: string; weight: number; source: string }> };
      t.match(listed.hosts, [{ ip: '10.7.0.1', weight: 4, source: 'registered' }]);
      p.child.kill(signal);
      t.equal(await p.exited, 0, 'exit 0');
      t.match(p.lines().at(-1), new RegExp(`^deregistered ${modid}/1 10\\.7\\.0\\.1:9000 \\(${signal}\\)$`));
      t.equal(p.lines().length, 2, 'two lines in all');
      await view.until('gone after the signal', () => !view.has(modid, 1, ip('10.7.0.1'), 9000), 3000);
    });
  }

  t.test('--json: one object per line', async (t) => {
    const p = startLars(t, ['register', '--modid', '7', '--cmdid', '1', '--ip', '10.7.0.2', '--port', '9000', '--agent', agent, '--json']);
    await p.waitFor(/"event":"registered"/, 10_000);
    p.child.kill('SIGINT');
    t.equal(await p.exited, 0);
    const lines = p.lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    t.match(lines, [
      { event: 'registered', modid: 7, cmdid: 1, ip: '10.7.0.2', port: 9000, ttlMs: 10_000, agent },
      { event: 'deregistered', signal: 'SIGINT', modid: 7, ip: '10.7.0.2' },
    ]);
  });

  t.test('refused by DNS (the agent\'s token is wrong): one line, exit 1', async (t) => {
    const otherBase = await freeUdpPortTriple();
    const other = RoleProcess.start(t, 'agent', { 'agent.ini': agentIni(dnsPort, otherBase, 'wrong') });
    await other.waitFor(/lars: started agent/);
    const r = await runLars(['register', '--modid', '7', '--cmdid', '1', '--ip', '10.7.0.3', '--port', '9000', '--agent', `127.0.0.1:${otherBase}`]);
    t.equal(r.code, 1);
    t.equal(r.stdout, '');
    t.match(r.stderr, /^lars register: register\(7, 1, 10\.7\.0\.3:9000\): refused[^\n]*\n$/);
  });
});

t.test('no agent: one line naming where, exit 1, at once', async (t) => {
  const base = await freeUdpPortTriple();
  const r = await runLars(['register', '--modid', '1', '--cmdid', '1', '--ip', '10.0.0.1', '--port', '80', '--agent', `127.0.0.1:${base}`, '--timeout-ms', '60000']);
  t.equal(r.code, 1);
  t.match(r.stderr, new RegExp(`^lars register: no agent listens at 127\\.0\\.0\\.1:${base + 2} \\(ECONNREFUSED\\)\\n$`));
});

t.test('bad flags: one line, exit 2', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [['--cmdid', '1', '--ip', '10.0.0.1', '--port', '80'], /--modid is required/],
    [['--modid', '1', '--cmdid', '1', '--ip', '10.0.0', '--port', '80'], /--ip "10\.0\.0": expected an IPv4 address/],
    [['--modid', '1', '--cmdid', '1', '--ip', '10.0.0.1', '--port', '0'], /--port "0"/],
    [['--modid', '1', '--cmdid', '1', '--ip', '10.0.0.1', '--port', '80', '--ttl-ms', '10'], /--ttl-ms "10"/],
    [['--modid', '1', '--cmdid', '1', '--ip', '224.0.0.1', '--port', '80'], /multicast/],
    [['--modid', '1', '--cmdid', '1', '--ip', '10.0.0.1', '--port', '80', '--check', 'ftp://x:1'], /check/],
    [['--modid', '1', '--cmdid', '1', '--ip', '10.0.0.1', '--port', '80', '--agent', 'nowhere'], /--agent "nowhere": expected HOST:PORT/],
    [['--modid', '1', '--cmdid', '1', '--ip', '10.0.0.1', '--port', '80', '--bogus'], /bogus/],
  ];
  for (const [args, re] of cases) {
    const r = await runLars(['register', ...args]);
    t.equal(r.code, 2, `${args.join(' ')}: exit 2`);
    t.match(r.stderr, re);
    t.equal(r.stderr.trimEnd().split('\n').length, 1, 'one line');
  }
});

t.test('lars --help lists register; register --help shows its flags', async (t) => {
  t.match((await runLars(['--help'])).stdout, /\n {2}register +register an instance/);
  const h = await runLars(['register', '--help']);
  t.equal(h.code, 0);
  t.match(h.stdout, /--ttl-ms T/);
});
