/**
 * Deterministic start failures end the process before `started` with one
 * line naming the port or path, exit 1, and no restart; bad --conf is exit 2.
 * Real supervisor processes, real sockets, real SQLite files.
 */
import t, { type Test } from 'tap';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freeTcpPort, freeUdpPortTriple } from '../helpers/freePorts.js';
import { RoleProcess } from '../helpers/roleProcess.js';
import { runLars } from '../helpers/runLars.js';
import { unstamped } from '../helpers/logLines.js';

async function sqliteStore(t: Test): Promise<string> {
  const url = `sqlite:${join(t.testdir(), 'lars.db')}`;
  const init = await runLars(['db', 'init', '--store', url]);
  t.equal(init.code, 0, 'store ready');
  return url;
}

/** Lines the process wrote that are not actor logs ("[role/actor] ..."). */
function ownLines(output: string): string[] {
  return output.split('\n').filter((l) => l.trim() !== '' && !/\[\w+\/[\w-]+\]/.test(l));
}

function assertOneLineFailure(t: Test, p: RoleProcess, code: number | null, names: RegExp): void {
  t.equal(code, 1, 'exit 1');
  t.notMatch(p.output, /started/, 'never said started');
  t.notMatch(p.output, /restarting/, 'no restart');
  const lines = ownLines(p.output);
  t.equal(lines.length, 1, `one line: ${JSON.stringify(lines)}`);
  t.match(lines[0] ?? '', names);
  t.notMatch(p.output, /\n\s+at /, 'no stack trace');
}

t.test('dns: its TCP port taken', async (t) => {
  const store = await sqliteStore(t);
  const port = await freeTcpPort();
  const squatter = createServer();
  await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => squatter.close(() => r())));
  const p = RoleProcess.start(t, 'dns', { 'dns.ini': `[admin]\nadmin_port = 0\n[dns]\nport = ${port}\n` }, ['--store', store]);
  assertOneLineFailure(t, p, await p.exited, new RegExp(`dns-server could not start: cannot listen on 127\\.0\\.0\\.1:${port}: EADDRINUSE`));
});

t.test('agent: one of its UDP ports taken', async (t) => {
  const base = await freeUdpPortTriple();
  const squatter = createSocket('udp4');
  await new Promise<void>((r) => squatter.bind(base + 1, '127.0.0.1', r));
  t.teardown(() => squatter.close());
  const ini = `[admin]\nadmin_port = 0\n[agent]\nbase_port = ${base}\nsnapshot_path =\n[dnsserver]\naddresses = 127.0.0.1:1\n[reporter]\naddresses = 127.0.0.1:1\n`;
  const p = RoleProcess.start(t, 'agent', { 'agent.ini': ini });
  assertOneLineFailure(t, p, await p.exited, new RegExp(`cannot listen on udp 127\\.0\\.0\\.1:${base + 1}: EADDRINUSE`));
});

for (const role of ['dns', 'reporter'] as const) {
  t.test(`${role}: --store sqlite:PATH that does not exist says to run lars db init, and creates nothing`, async (t) => {
    const path = join(t.testdir(), 'missing-dir', 'lars.db');
    const ini = role === 'dns' ? `[admin]\nadmin_port = 0\n[dns]\nport = ${await freeTcpPort()}\n` : `[admin]\nadmin_port = 0\n[reporter]\nport = ${await freeTcpPort()}\n`;
    const p = RoleProcess.start(t, role, { [`${role}.ini`]: ini }, ['--store', `sqlite:${path}`]);
    assertOneLineFailure(t, p, await p.exited, new RegExp(`${path.replace(/[.]/g, '\\.')} does not exist; create it with \`lars db init --store sqlite:`));
    t.notOk(existsSync(path), 'no empty file left behind');
  });
}

t.test('--conf DIR that does not exist: exit 2, one line', async (t) => {
  const r = await runLars(['start', '--role', 'agent', '--conf', join(t.testdir(), 'nope')]);
  t.equal(r.code, 2);
  t.match(unstamped(r.stderr), /^lars: --conf ".*nope": no such directory\n$/);
});

t.test('a config file that cannot be read: exit 2, one line naming it', async (t) => {
  const conf = t.testdir();
  mkdirSync(join(conf, 'agent.ini'));
  const r = await runLars(['start', '--role', 'agent', '--conf', conf]);
  t.equal(r.code, 2);
  t.match(unstamped(r.stderr), /^lars: .*agent\.ini: cannot read config file \(EISDIR\)\n$/);
});

t.test('reporter: a journal_dir that cannot be made (a file in the way): one line naming it', async (t) => {
  const store = await sqliteStore(t);
  const blocker = join(dirname(store.slice('sqlite:'.length)), 'not-a-dir');
  writeFileSync(blocker, 'x');
  const dir = join(blocker, 'journal');
  const ini = `[admin]\nadmin_port = 0\n[reporter]\nport = ${await freeTcpPort()}\njournal_dir = ${dir}\n`;
  const p = RoleProcess.start(t, 'reporter', { 'reporter.ini': ini }, ['--store', store]);
  assertOneLineFailure(t, p, await p.exited, new RegExp(`reporter-server could not start: journal_dir ${dir.replace(/[.]/g, '\\.')}: ENOTDIR`));
});

t.test('reporter: a journal_dir held by another live reporter: one line naming it and the pid', async (t) => {
  const store = await sqliteStore(t);
  const dir = join(dirname(store.slice('sqlite:'.length)), 'journal');
  mkdirSync(dir);
  // The test runner stands in for the other reporter: a process that is alive.
  writeFileSync(join(dir, 'lock'), `${process.pid}\n`);
  const ini = `[admin]\nadmin_port = 0\n[reporter]\nport = ${await freeTcpPort()}\njournal_dir = ${dir}\n`;
  const p = RoleProcess.start(t, 'reporter', { 'reporter.ini': ini }, ['--store', store]);
  assertOneLineFailure(t, p, await p.exited, new RegExp(`journal_dir ${dir.replace(/[.]/g, '\\.')} is in use by another reporter \\(pid ${process.pid}\\)`));
});
