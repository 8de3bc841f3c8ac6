/**
 * `lars route add` refuses a host that would make its key's GetRouteResponse
 * pass the wire limit: one line naming the key and the limit, exit 3,
 * nothing written. The check lives in the store's addHost, so every admin
 * path gets it.
 */
import t from 'tap';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runLars } from '../helpers/runLars.js';
import { openStore } from '../../store/openStore.js';

t.test('sqlite: a key at the limit refuses one more host; other keys still accept', async (t) => {
  const dir = t.testdir();
  const file = join(dir, 'routes.db');
  const store = ['--store', `sqlite:${file}`];
  t.equal((await runLars(['db', 'init', ...store])).code, 0);
  // 4,000 hosts at 200.x (10-byte varints on the wire: 16 bytes per entry) leave room for fewer than 100 more.
  const db = new Database(file);
  const insert = db.prepare('INSERT INTO RouteData (modid, cmdid, serverip, serverport) VALUES (5, 6, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 4000; i++) insert.run(3355443200 + i, 9000);
  })();
  db.close();

  const s = await openStore(`sqlite:${file}`);
  t.teardown(() => s.close());
  let added = 0;
  for (;;) {
    const edit = await s.addHost(5, 6, 3355443200 + 4000 + added, 9000).catch((err: { code?: string }) => err.code);
    if (edit === 'STORE_BAD_DATA') break;
    added++;
  }
  t.ok(added > 0 && added < 100, `${added} more fitted, then the store refused`);
  const before = await s.getVersion();

  const r = await runLars(['route', 'add', '--modid', '5', '--cmdid', '6', '--ip', '10.0.0.1', '--port', '1', ...store]);
  t.equal(r.code, 3);
  t.equal(r.stdout, '');
  t.match(r.stderr, /^lars: route 5\/6: adding 10\.0\.0\.1:1 would make its GetRouteResponse \d+ bytes, over the 65527-byte wire limit \(\d+ hosts\); refused\n$/);
  t.equal(r.stderr.split('\n').length, 2, 'one line');
  t.equal(await s.getVersion(), before, 'nothing written, no version bump');
  t.equal((await s.listHosts({ modid: 5, cmdid: 6 })).length, 4000 + added);
  // A weight adds 3 bytes to a host entry: within a few hosts the key is full again.
  let weighted = 0;
  let refusal: unknown;
  while (refusal === undefined && weighted < 20) {
    await s.setWeight(5, 6, 3355443200 + weighted, 9000, 1000).then(() => weighted++, (err: unknown) => (refusal = err));
  }
  t.match(refusal, { code: 'STORE_BAD_DATA', message: /^route 5\/6: weight 1000 on 200\.0\.\d+\.\d+:9000 would make its GetRouteResponse \d+ bytes, over the 65527-byte wire limit/ }, `setting a weight is an edit that grows the response too (refused after ${weighted})`);
  t.equal((await runLars(['route', 'add', '--modid', '5', '--cmdid', '7', '--ip', '10.0.0.1', '--port', '1', ...store])).code, 0, 'another key is unaffected');
});
