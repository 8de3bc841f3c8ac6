/**
 * Every line a running supervisor writes has a timestamp and a level, in
 * text or (`--log-format json`) one JSON object per line; `--log-level`
 * drops what is below it; a role's "up" lines (listening, connected) come
 * before `started`. Real supervisor processes over a real SQLite store, with
 * stdout and stderr on one pipe so the order read is the order written.
 */
import t, { type Test } from 'tap';
import { join } from 'node:path';
import { connect } from 'node:net';
import { freeTcpPort, freeUdpPortTriple } from '../helpers/freePorts.js';
import { RoleProcess } from '../helpers/roleProcess.js';
import { runLars } from '../helpers/runLars.js';

process.env['NODE_OPTIONS'] = '';

const TEXT_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (DEBUG|INFO |WARN |ERROR) (lars: |\[[\w-]+\/[\w-]+\] )\S/;

/** The supervisor with stderr joined to stdout by the shell: one pipe, one order. */
function run(t: Test, files: Record<string, string>, args: string[]): RoleProcess {
  return RoleProcess.startWith(t, files, args, { oneStream: true }, 'log');
}

async function sqliteStore(t: Test): Promise<string> {
  const url = `sqlite:${join(t.testdir(), 'lars.db')}`;
  for (const cmd of [['db', 'init'], ['demo-routes']]) t.equal((await runLars([...cmd, '--store', url])).code, 0, cmd.join(' '));
  return url;
}

t.test('--log-format json, --role all: every line is one object; up lines precede started', async (t) => {
  const store = await sqliteStore(t);
  const [dns, reporter, admin, consolePort, base] = [await freeTcpPort(), await freeTcpPort(), await freeTcpPort(), await freeTcpPort(), await freeUdpPortTriple()];
  const p = run(t, {
    'dns.ini': `[admin]\nadmin_port = ${admin}\n[dns]\nport = ${dns}\n`,
    'reporter.ini': `[reporter]\nport = ${reporter}\n`,
    'agent.ini': `[agent]\nbase_port = ${base}\nsnapshot_path =\n[dnsserver]\naddresses = 127.0.0.1:${dns}\n[reporter]\naddresses = 127.0.0.1:${reporter}\n`,
    'console.ini': `[console]\nport = ${consolePort}\ndns = 127.0.0.1:${dns}\nreporters = 127.0.0.1:${reporter}\nadmin = 127.0.0.1:${admin}\n`,
  }, ['--role', 'all', '--store', store, '--log-format', 'json']);
  await p.waitFor(/"msg":"started /);
  t.equal(await p.stop(), 0, 'clean stop');
  const records = p.lines().map((l) => {
    try {
      return JSON.parse(l) as { ts: string; level: string; source: string; msg: string };
    } catch {
      t.fail(`not JSON: ${l}`);
      return { ts: '', level: '', source: '', msg: '' };
    }
  });
  for (const r of records) {
    t.ok(!Number.isNaN(Date.parse(r.ts)) && r.ts.endsWith('Z'), `ISO timestamp: ${r.ts}`);
    t.ok(['debug', 'info', 'warn', 'error'].includes(r.level), `level: ${r.level}`);
    t.match(r.source, /^(lars|\w+\/[\w-]+)$/, 'source');
  }
  const at = (source: string, msg: RegExp): number => records.findIndex((r) => r.source === source && msg.test(r.msg));
  const started = at('lars', /^started dns, reporter, agent, console; admin http:\/\/127\.0\.0\.1:\d+$/);
  t.ok(started > 0, 'started record');
  for (const [source, msg] of [
    ['dns/dns-server', /^serving routes version \d+ on/],
    ['reporter/reporter-server', /^accepting reports on/],
    ['agent/dns-client', /^connected to DNS 127\.0\.0\.1:\d+$/],
    ['agent/reporter-client', /^connected to reporter 127\.0\.0\.1:\d+$/],
    ['console/console', /^console on http/],
  ] as const) {
    const i = at(source, msg);
    t.ok(i >= 0 && i < started, `${source} "${msg.source}" comes before started (${i} < ${started})`);
  }
  t.ok(at('lars', /^stopped$/) > started, 'stopped, as a record');
  t.notOk(records.some((r) => r.level === 'warn' && r.source.startsWith('agent/')), 'no warning about links at a normal start');
});

t.test('text format with --log-level warn: timestamps and levels, nothing below warn', async (t) => {
  const store = await sqliteStore(t);
  const p = run(t, { 'dns.ini': `[admin]\nadmin_port = 0\n[dns]\nport = ${await freeTcpPort()}\n` }, ['--role', 'dns', '--store', store, '--log-level', 'warn']);
  await p.waitFor(/lars: started dns/);
  t.equal(await p.stop(), 0, 'clean stop');
  const lines = p.lines();
  for (const l of lines) t.match(l, TEXT_LINE, `timestamp and level: ${l}`);
  // The start line on stdout is always written; every info log line is dropped.
  t.same(lines.filter((l) => / INFO  /.test(l)).map((l) => l.replace(/^\S+ /, '')), [expectStarted(lines)], 'only the start line is info');
  t.notMatch(lines.join('\n'), /routes loaded|stopping|stopped/, 'info lines dropped');
});

function expectStarted(lines: string[]): string {
  return (lines.find((l) => / lars: started /.test(l)) ?? 'no started line').replace(/^\S+ /, '');
}

t.test('text format at the default level: the role says what it does, each line stamped', async (t) => {
  const store = await sqliteStore(t);
  const p = run(t, { 'dns.ini': `[admin]\nadmin_port = 0\n[dns]\nport = ${await freeTcpPort()}\n` }, ['--role', 'dns', '--store', store]);
  await p.waitFor(/lars: started dns/);
  // The role's lines so far (actors and supervisor, not the start line) are counted on /metrics by level.
  const metrics = await (await fetch(`http://127.0.0.1:${await p.adminPort()}/metrics`)).text();
  const logged = (level: string): number => p.lines().filter((l) => l.includes(` ${level.toUpperCase().padEnd(5)} `) && !/ lars: started /.test(l)).length;
  for (const level of ['debug', 'info', 'warn', 'error']) t.match(metrics, new RegExp(`\nlars_log_lines_total\{level="${level}"\} ${logged(level)}\n`), `${level} lines counted`);
  t.equal(await p.stop(), 0);
  const lines = p.lines();
  for (const l of lines) t.match(l, TEXT_LINE, l);
  t.match(lines.join('\n'), / INFO  \[dns\/route-watcher\] routes loaded: version \d+, 3 keys/);
  t.match(lines.join('\n'), / INFO  lars: stopped$/m);
});

t.test('bad --log-level / --log-format: one stamped line, exit 2, no stack', async (t) => {
  for (const [flag, value] of [['--log-level', 'loud'], ['--log-format', 'xml']] as const) {
    const p = run(t, {}, ['--role', 'dns', flag, value]);
    t.equal(await p.exited, 2, 'exit 2');
    const lines = p.lines();
    t.equal(lines.length, 1, `one line: ${JSON.stringify(lines)}`);
    t.match(lines[0] ?? '', TEXT_LINE);
    t.match(lines[0] ?? '', new RegExp(` ERROR lars: ${flag} "${value}": expected one of`));
  }
});

t.test('--log-level debug: a DNS says who connected and who went, and why', async (t) => {
  const store = await sqliteStore(t);
  const port = await freeTcpPort();
  const p = run(t, { 'dns.ini': `[admin]\nadmin_port = 0\n[dns]\nport = ${port}\n` }, ['--role', 'dns', '--store', store, '--log-level', 'debug']);
  await p.waitFor(/lars: started dns/);
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((r) => socket.once('connect', () => r()));
  const local = socket.localPort ?? 0;
  await p.waitFor(new RegExp(` DEBUG \\[dns/dns-server\\] agent 127\\.0\\.0\\.1:${local} connected \\(1 open\\)`));
  socket.destroy();
  await p.waitFor(new RegExp(` DEBUG \\[dns/dns-server\\] agent 127\\.0\\.0\\.1:${local} closed \\(peer; 0 open\\)`));
  t.equal(await p.stop(), 0);
});

t.test('at the default level the same connection logs nothing', async (t) => {
  const store = await sqliteStore(t);
  const port = await freeTcpPort();
  const p = run(t, { 'dns.ini': `[admin]\nadmin_port = 0\n[dns]\nport = ${port}\n` }, ['--role', 'dns', '--store', store]);
  await p.waitFor(/lars: started dns/);
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((r) => socket.once('connect', () => r()));
  socket.destroy();
  t.equal(await p.stop(), 0);
  t.notMatch(p.output, /DEBUG|connected \(/);
});
