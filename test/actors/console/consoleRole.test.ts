/**
 * `--role console` alone as its own process over MariaDB: it serves the
 * route table, an edit made through it is what `lars route list` shows,
 * its admin /healthz answers, SIGTERM stops it with 0. Bound to a network
 * address without a token it refuses to start: one line, exit 2.
 */
import t from 'tap';
import { freeTcpPort } from '../../helpers/freePorts.js';
import { RoleProcess } from '../../helpers/roleProcess.js';
import { runLars } from '../../helpers/runLars.js';
import { mysqlWorld, route } from '../../e2e/fixtures/cluster.js';
import { postJson } from './fixtures/http.js';

t.test('console alone on MariaDB: keys, an edit seen by lars route list, healthz, clean stop', async (t) => {
  const world = await mysqlWorld(t);
  if (!world) return;
  await route(world.storeUrl, 'add', 3, 4, '10.3.0.1', 3001);
  const port = await freeTcpPort();
  const p = RoleProcess.start(t, 'console', { 'console.ini': `[admin]\nadmin_port = 0\n[console]\nport = ${port}\npoll_interval = 0.2\n` }, ['--store', world.storeUrl]);
  await p.waitFor(/lars: started console/);
  const base = `http://127.0.0.1:${port}`;
  const keys = (await (await fetch(`${base}/api/keys`)).json()) as { keys: Array<{ modid: number; cmdid: number; hosts: Array<{ ip: string; port: number }> }> };
  t.same(keys.keys.map((k) => [k.modid, k.cmdid, k.hosts.map((h) => `${h.ip}:${h.port}`)]), [[3, 4, ['10.3.0.1:3001']]]);
  const added = await postJson(base, '/api/keys/3/4/hosts', { ip: '10.3.0.2', port: 3002 });
  t.equal(added.status, 201);
  const listed = await runLars(['route', 'list', '--modid', '3', '--cmdid', '4', '--json', '--store', world.storeUrl]);
  t.match(listed.stdout, /10\.3\.0\.2/, 'lars route list shows the host added through the console');
  const health = await fetch(`http://127.0.0.1:${await p.adminPort()}/healthz`);
  t.equal(health.status, 200, 'admin /healthz: ok');
  t.equal(await p.stop(), 0, 'SIGTERM: exit 0');
});

t.test('bound to 0.0.0.0 without a token: refuses to start, one line, exit 2', async (t) => {
  const p = RoleProcess.start(t, 'console', { 'console.ini': `[admin]\nadmin_port = 0\n[console]\nip = 0.0.0.0\nport = 0\n` }, ['--store', `sqlite:${t.testdir()}/lars.db`]);
  t.equal(await p.exited, 2);
  const lines = p.output.trim().split('\n');
  t.equal(lines.length, 1, 'one line');
  t.match(lines[0], /\[console\] token: required when ip = 0\.0\.0\.0/);
});
