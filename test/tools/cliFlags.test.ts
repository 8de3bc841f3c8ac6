/** Flag handling shared by every `lars` command, and `lars --version`, through the built CLI. */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLars } from '../helpers/runLars.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

t.test('lars --version and -v print the package version', async (t) => {
  for (const flag of ['--version', '-v']) {
    const r = await runLars([flag]);
    t.equal(r.code, 0);
    t.equal(r.stdout, `lars ${version}\n`);
  }
});

t.test('negative numbers are values, not flags', async (t) => {
  const store = `sqlite:${join(t.testdir(), 'lars.db')}`;
  t.equal((await runLars(['db', 'init', '--store', store])).code, 0);
  const add = await runLars(['route', 'add', '--modid', '-5', '--cmdid', '-7', '--ip', '10.0.0.1', '--port', '80', '--store', store]);
  t.equal(add.code, 0, add.stderr);
  const list = await runLars(['route', 'list', '--modid', '-5', '--json', '--store', store]);
  t.match(list.stdout, /"modid":\s*-5/);
  t.match(list.stdout, /"cmdid":\s*-7/);
});

t.test('a flag given twice is an error', async (t) => {
  const r = await runLars(['route', 'list', '--modid', '1', '--modid', '2']);
  t.equal(r.code, 2);
  t.equal(r.stderr, 'lars: --modid given more than once\n');
  const start = await runLars(['start', '--role', 'dns', '--role', 'agent']);
  t.equal(start.code, 2);
  t.equal(start.stderr, 'lars: --role given more than once\n');
});

t.test('0.0.0.0 and 255.255.255.255 are refused as route hosts; deleting one stays possible', async (t) => {
  const store = `sqlite:${join(t.testdir(), 'lars.db')}`;
  t.equal((await runLars(['db', 'init', '--store', store])).code, 0);
  for (const ip of ['0.0.0.0', '255.255.255.255']) {
    const r = await runLars(['route', 'add', '--modid', '1', '--cmdid', '1', '--ip', ip, '--port', '80', '--store', store]);
    t.equal(r.code, 2, ip);
    t.equal(r.stderr, `lars: --ip ${ip}: not a host a caller can reach (0.0.0.0 and 255.255.255.255 are refused)\n`);
  }
  const del = await runLars(['route', 'del', '--modid', '1', '--cmdid', '1', '--ip', '0.0.0.0', '--port', '80', '--store', store]);
  t.equal(del.code, 1, 'del of an absent host: nothing changed, no refusal');
});
