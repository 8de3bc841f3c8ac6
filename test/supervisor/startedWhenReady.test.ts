/**
 * `started` means started: it comes after every actor listens and after the
 * first store read (success or failure), and the store's first success is in
 * the log before it. The reporter knows its store's health from the first
 * second: a wrong password is a 503 with the server's message on the first
 * /healthz. Real processes on MariaDB and SQLite.
 */
import t from 'tap';
import { join } from 'node:path';
import { freeTcpPort } from '../helpers/freePorts.js';
import { withTestDatabase } from '../helpers/mysqlTestDb.js';
import { RoleProcess } from '../helpers/roleProcess.js';
import { runLars } from '../helpers/runLars.js';

const reporterIni = async (): Promise<string> => `[admin]\nadmin_port = 0\n[reporter]\nport = ${await freeTcpPort()}\n`;

async function healthz(p: RoleProcess): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${await p.adminPort()}/healthz`);
  return { status: res.status, body: await res.text() };
}

t.test('reporter with a wrong MySQL password: 503 with the server message on the first /healthz', async (t) => {
  const db = await withTestDatabase(t);
  if (!db) return;
  // A user of its own with a password: root may log in by socket identity, where any password works.
  const user = `lars_pw_${db.name.slice(-6)}`;
  await db.pool.query(`CREATE USER '${user}'@'127.0.0.1' IDENTIFIED BY 'the-password'`);
  t.teardown(() => db.pool.query(`DROP USER IF EXISTS '${user}'@'127.0.0.1'`).then(() => undefined));
  await db.pool.query(`GRANT ALL ON \`${db.name}\`.* TO '${user}'@'127.0.0.1'`);
  const wrong = db.url.replace(/^mysql:\/\/[^@]*@/, `mysql://${user}:not-the-password@`);
  const p = RoleProcess.start(t, 'reporter', { 'reporter.ini': await reporterIni() }, ['--store', wrong]);
  await p.waitFor(/lars: started reporter/);
  const h = await healthz(p);
  t.equal(h.status, 503);
  t.match(h.body, /Access denied for user/, 'the server says why');
  t.notMatch(h.body, /not-the-password/, 'the password is not shown');
  t.match(p.output, /store mysql:\/\/.* fails: .*Access denied/);
  await p.stop();
});

t.test('reporter on MariaDB: the store answers before started; healthy', async (t) => {
  const db = await withTestDatabase(t);
  if (!db) return;
  t.equal((await runLars(['db', 'init', '--store', db.url])).code, 0);
  const p = RoleProcess.start(t, 'reporter', { 'reporter.ini': await reporterIni() }, ['--store', db.url]);
  await p.waitFor(/lars: started reporter/);
  const answers = p.output.search(/store mysql:\/\/\S+ answers/);
  t.ok(answers >= 0 && answers < p.output.indexOf('lars: started'), 'first success logged before started');
  t.equal((await healthz(p)).status, 200);
  await p.stop();
});

t.test('reporter on an SQLite file without tables: started, then 503 naming the missing table', async (t) => {
  const path = join(t.testdir(), 'empty.db');
  // An existing file (so not a start failure) that `lars db init` never ran on.
  const { default: Database } = await import('better-sqlite3');
  new Database(path).close();
  const p = RoleProcess.start(t, 'reporter', { 'reporter.ini': await reporterIni() }, ['--store', `sqlite:${path}`]);
  await p.waitFor(/lars: started reporter/);
  const h = await healthz(p);
  t.equal(h.status, 503);
  t.match(h.body, /no such table: ServerCallStatus/);
  await p.stop();
});

t.test('dns: routes loaded and the port open before started', async (t) => {
  const url = `sqlite:${join(t.testdir(), 'lars.db')}`;
  t.equal((await runLars(['db', 'init', '--store', url])).code, 0);
  t.equal((await runLars(['route', 'add', '--modid', '1', '--cmdid', '1', '--ip', '10.0.0.1', '--port', '80', '--store', url])).code, 0);
  const port = await freeTcpPort();
  const p = RoleProcess.start(t, 'dns', { 'dns.ini': `[admin]\nadmin_port = 0\n[dns]\nport = ${port}\n` }, ['--store', url]);
  await p.waitFor(/lars: started dns/);
  const started = p.output.indexOf('lars: started');
  for (const re of [/routes loaded: version 1, 1 key\b/, new RegExp(`serving routes version 1 on 127\\.0\\.0\\.1:${port}`)]) {
    const at = p.output.search(re);
    t.ok(at >= 0 && at < started, `${re} before started`);
  }
  await p.stop();
});
