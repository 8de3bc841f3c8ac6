/**
 * `--check`: reads and checks everything a start would, says so in one line
 * and starts nothing; a mistake is one line naming the file and key, exit 2.
 * Real supervisor processes.
 */
import t from 'tap';
import { createServer } from 'node:net';
import { spawnSync } from 'node:child_process';
import { freeTcpPort } from '../helpers/freePorts.js';
import { SUPERVISOR_JS } from '../helpers/roleProcess.js';
import { unstamped } from '../helpers/logLines.js';

process.env['NODE_OPTIONS'] = '';

function check(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [SUPERVISOR_JS, ...args, '--check'], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

t.test('ok: one line, exit 0, and nothing listens (its port may even be taken)', async (t) => {
  const port = await freeTcpPort();
  const squatter = createServer();
  await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => squatter.close(() => r())));
  const conf = t.testdir({ 'dns.ini': `[admin]\nadmin_port = 0\n[dns]\nport = ${port}\nstore = mysql://lars:secret@db1:3306,db2:3306/lars\n` });
  const r = check(['--role', 'dns', '--conf', conf]);
  t.equal(r.code, 0, r.err);
  t.equal(r.out.trimEnd().split('\n').length, 1);
  t.match(unstamped(r.out), /^lars: config ok: dns \(.*dns\.ini\); store mysql:\/\/lars:\*\*\*@db1:3306,db2:3306\/lars; nothing started\n$/, 'password redacted');
  t.equal(r.err, '', 'no start failure: nothing tried to listen');
});

t.test('a bad store URL in a file: one line naming the file and key, exit 2 (also without --check)', async (t) => {
  const conf = t.testdir({ 'reporter.ini': '[reporter]\nstore = mysql://nouser/x\n' });
  for (const args of [['--role', 'reporter', '--conf', conf]]) {
    const r = check(args);
    t.equal(r.code, 2);
    t.equal(r.err.trimEnd().split('\n').length, 1, r.err);
    t.match(unstamped(r.err), /^lars: .*reporter\.ini: \[reporter\] store: "mysql:\/\/nouser\/x": missing user/);
  }
  const started = spawnSync(process.execPath, [SUPERVISOR_JS, '--role', 'reporter', '--conf', conf], { encoding: 'utf8', timeout: 20_000 });
  t.equal(started.status, 2, 'a start refuses it the same way, before anything listens');
  t.notMatch(started.stdout + started.stderr, /started/);
});

t.test('a bad value, a bad flag: exit 2, one line', async (t) => {
  const conf = t.testdir({ 'agent.ini': '[agent]\nbase_port = 70000\n' });
  const bad = check(['--role', 'agent', '--conf', conf]);
  t.equal(bad.code, 2);
  t.match(unstamped(bad.err), /^lars: .*agent\.ini: \[agent\] base_port/);
  const flag = check(['--role', 'agent', '--store', 'postgres://x']);
  t.equal(flag.code, 2);
  t.match(unstamped(flag.err), /^lars: --store "postgres:\/\/x"/);
});
