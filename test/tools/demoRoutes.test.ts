/**
 * Demo routes (what `npm start` adds): only into an empty route table, and
 * `lars demo-routes` as a user runs it (dist/, exit status and output).
 */
import t from 'tap';
import { join } from 'node:path';
import { openStore } from '../../store/openStore.js';
import { ipv4ToUint32, uint32ToIpv4 } from '../../runtime/net/ipv4.js';
import { addDemoRoutes, DEMO_FAILING_HOST, DEMO_HOSTS } from '../../tools/demo/demoRoutes.js';
import { runLars } from '../helpers/runLars.js';

t.test('an empty table gets the demo hosts; a table with any host is left alone', async (t) => {
  const store = await openStore('sqlite::memory:');
  t.teardown(() => store.close());
  await store.init();
  t.same(await addDemoRoutes(store), { added: DEMO_HOSTS.length });
  const rows = await store.listHosts();
  t.same(
    rows.map((r) => `${r.modid}/${r.cmdid} ${uint32ToIpv4(r.ip)}:${r.port}`),
    DEMO_HOSTS.map((h) => `${h.modid}/${h.cmdid} ${h.ip}:${h.port}`),
  );
  t.same([...new Set(rows.map((r) => `${r.modid}/${r.cmdid}`))], ['1/1', '1/2', '2/1']);
  t.ok(DEMO_HOSTS.some((h) => `${h.ip}:${h.port}` === DEMO_FAILING_HOST), 'the banner’s failing host is a demo host of 1/1');
  t.same(await addDemoRoutes(store), { skipped: 'not-empty', hosts: DEMO_HOSTS.length }, 'second run: nothing added');

  const own = await openStore('sqlite::memory:');
  t.teardown(() => own.close());
  await own.init();
  await own.addHost(5, 5, ipv4ToUint32('10.9.9.9'), 99);
  t.same(await addDemoRoutes(own), { skipped: 'not-empty', hosts: 1 }, "a user's table is not touched");
  t.equal((await own.listHosts()).length, 1);
});

t.test('lars demo-routes: text, --json, and a store without schema', async (t) => {
  const store = `sqlite:${join(t.testdir(), 'lars.db')}`;
  const env = { NODE_OPTIONS: '' };
  let r = await runLars(['demo-routes', '--store', store], { env });
  t.equal(r.code, 3, 'no schema yet: store error');
  t.match(r.stderr, /lars db init/);
  t.equal((await runLars(['db', 'init', '--store', store], { env })).code, 0);
  r = await runLars(['demo-routes', '--store', store], { env });
  t.equal(r.code, 0);
  t.equal(r.stdout, 'demo routes: added 8 hosts for keys 1/1, 1/2, 2/1\n');
  r = await runLars(['demo-routes', '--json', '--store', store], { env });
  t.same(JSON.parse(r.stdout), { skipped: 'not-empty', hosts: 8 });
  r = await runLars(['demo-routes', '--bogus'], { env });
  t.equal(r.code, 2, 'bad flag: exit 2');
});
