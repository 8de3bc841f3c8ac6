/**
 * `lars db` and `lars route` as a user runs them: the compiled CLI
 * (dist/tools/lars.js, from `npm run build`) in a child process, checked by
 * exit status and output.
 */
import t from 'tap';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hostname, userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import { mapLimited } from '../helpers/mapLimited.js';
import { openStore } from '../../store/openStore.js';
import { withTestDatabase } from '../helpers/mysqlTestDb.js';
import { larsInProcess } from '../helpers/larsInProcess.js';

const LARS = fileURLToPath(new URL('../../dist/tools/lars.js', import.meta.url));

interface Run {
  code: number;
  out: string;
  err: string;
}

function lars(cwd: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [LARS, ...args], { cwd, timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, out: stdout, err: stderr });
    });
  });
}

/** What route list adds to a static host nobody registered or drained. */
const STATIC = { service: null, zone: null, tags: [], source: 'static', owner: null, leaseRemainingMs: null, check: null, enabled: true, drained: null, served: true };

const host = (ip: string, port = '80'): string[] => ['--modid', '1', '--cmdid', '2', '--ip', ip, '--port', port];

if (!existsSync(LARS)) {
  t.fail(`${LARS} is missing: run \`npm run build\` first`);
} else {
  t.test('sqlite: init, add, list, del with exit statuses', async (t) => {
    const dir = t.testdir();
    const store = ['--store', `sqlite:${join(dir, 'routes.db')}`];

    let r = await lars(dir, 'route', 'list', ...store);
    t.equal(r.code, 3, 'no database yet: store error');
    t.match(r.err, /^lars: .*lars db init/);
    t.notOk(existsSync(join(dir, 'routes.db')), 'route list does not create the file');

    r = await lars(dir, 'db', 'init', ...store);
    t.equal(r.code, 0);
    t.match(r.out, /schema ready .*route version 0/);
    t.equal((await lars(dir, 'db', 'init', ...store)).code, 0, 'init again');

    r = await lars(dir, 'route', 'add', ...host('200.1.2.3'), ...store);
    t.same([r.code, r.out, r.err], [0, 'added 200.1.2.3:80 to route 1/2 (route version 1)\n', '']);
    r = await lars(dir, 'route', 'add', ...host('200.1.2.3'), ...store);
    t.same([r.code, r.out, r.err], [1, '', 'lars: 200.1.2.3:80 is already in route 1/2: nothing changed\n']);
    r = await lars(dir, 'route', 'add', ...host('10.0.0.1', '8080'), '--json', ...store);
    t.equal(r.code, 0);
    t.same(JSON.parse(r.out), { status: 'added', modid: 1, cmdid: 2, ip: '10.0.0.1', port: 8080, weight: 1, zone: null, tags: [], version: 2 });
    await lars(dir, 'route', 'add', '--modid', '7', '--cmdid', '1', '--ip', '255.255.255.254', '--port', '65535', ...store);

    r = await lars(dir, 'route', 'list', ...store);
    t.equal(r.code, 0);
    t.equal(
      r.out,
      [
        'MODID  CMDID  SERVICE  HOST                   WEIGHT  ZONE  TAGS  SOURCE  LEASE  ENABLED  CHECK',
        '1      2      -        10.0.0.1:8080          1       -     -     static  -      yes      -',
        '1      2      -        200.1.2.3:80           1       -     -     static  -      yes      -',
        '7      1      -        255.255.255.254:65535  1       -     -     static  -      yes      -',
        '3 hosts, route version 3',
        '',
      ].join('\n'),
    );
    r = await lars(dir, 'route', 'list', '--modid', '7', '--json', ...store);
    t.same(JSON.parse(r.out), { version: 3, hosts: [{ modid: 7, cmdid: 1, ip: '255.255.255.254', port: 65535, weight: 1, ...STATIC }] });
    r = await lars(dir, 'route', 'list', '--modid', '1', '--cmdid', '9', ...store);
    t.same([r.code, r.out], [0, 'no hosts (route version 3)\n']);

    r = await lars(dir, 'route', 'del', ...host('200.1.2.3'), ...store);
    t.same([r.code, r.out], [0, 'deleted 200.1.2.3:80 from route 1/2 (route version 4)\n']);
    r = await lars(dir, 'route', 'del', ...host('200.1.2.3'), ...store);
    t.same([r.code, r.err], [1, 'lars: 200.1.2.3:80 is not in route 1/2: nothing changed\n']);
    r = await lars(dir, 'route', 'del', ...host('200.1.2.3'), '--json', ...store);
    t.same([r.code, JSON.parse(r.out).status], [1, 'missing']);
  });

  t.test('sqlite: weights: add --weight, set-weight, shown by list', async (t) => {
    const dir = t.testdir();
    const store = ['--store', `sqlite:${join(dir, 'routes.db')}`];
    t.equal((await lars(dir, 'db', 'init', ...store)).code, 0);
    let r = await lars(dir, 'route', 'add', ...host('10.0.0.1'), '--weight', '4', ...store);
    t.same([r.code, r.out], [0, 'added 10.0.0.1:80 (weight 4) to route 1/2 (route version 1)\n']);
    r = await lars(dir, 'route', 'set-weight', ...host('10.0.0.1'), '--weight', '250', ...store);
    t.same([r.code, r.out], [0, 'set the weight of 10.0.0.1:80 in route 1/2 to 250 (route version 2)\n']);
    r = await lars(dir, 'route', 'set-weight', ...host('10.0.0.1'), '--weight', '250', '--json', ...store);
    t.same([r.code, JSON.parse(r.out)], [1, { status: 'unchanged', modid: 1, cmdid: 2, ip: '10.0.0.1', port: 80, weight: 250, version: 2 }]);
    r = await lars(dir, 'route', 'set-weight', ...host('10.0.0.9'), '--weight', '2', ...store);
    t.same([r.code, r.err], [1, 'lars: 10.0.0.9:80 is not in route 1/2: nothing changed\n']);
    r = await lars(dir, 'route', 'list', '--json', ...store);
    t.same(JSON.parse(r.out), { version: 2, hosts: [{ modid: 1, cmdid: 2, ip: '10.0.0.1', port: 80, weight: 250, ...STATIC }] });
    r = await lars(dir, 'route', 'list', ...store);
    t.match(r.out, /^MODID  CMDID  SERVICE  HOST         WEIGHT  ZONE  TAGS  SOURCE  LEASE  ENABLED  CHECK\n1      2      -        10\.0\.0\.1:80  250     -     -     static  -      yes      -\n/);
    t.equal((await lars(dir, 'route', 'del', ...host('10.0.0.1'), ...store)).code, 0);
    // The audit trail names this shell's user and host for each edit that changed something.
    const audit = await openStore(`sqlite:${join(dir, 'routes.db')}`);
    const edits = await audit.recentEdits({ modid: 1, cmdid: 2 }, 10);
    await audit.close();
    const who = `cli ${userInfo().username}@${hostname()}`;
    t.same(edits.map((e) => [e.version, e.action, e.detail, e.who]), [[3, 'del', '', who], [2, 'weight', 'weight 4 -> 250', who], [1, 'add', 'weight 4', who]], 'audited as cli USER@HOST');
  });

  t.test('sqlite: zones and tags: add --zone --tag, set, shown by list, audited', async (t) => {
    const dir = t.testdir();
    const store = ['--store', `sqlite:${join(dir, 'routes.db')}`];
    t.equal((await lars(dir, 'db', 'init', ...store)).code, 0);
    let r = await lars(dir, 'route', 'add', ...host('10.0.0.1'), '--zone', 'eu-1', '--tag', 'version=v2', '--tag', 'canary=yes', ...store);
    t.same([r.code, r.out, r.err], [0, 'added 10.0.0.1:80 (zone eu-1, tags canary=yes,version=v2) to route 1/2 (route version 1)\n', '']);
    r = await lars(dir, 'route', 'set', ...host('10.0.0.1'), '--zone', 'us-2', '--no-tags', '--weight', '3', ...store);
    t.same([r.code, r.out, r.err], [0, 'set weight 3, zone us-2, no tags on 10.0.0.1:80 in route 1/2 (route version 2)\n', '']);
    r = await lars(dir, 'route', 'set', ...host('10.0.0.1'), '--zone', 'us-2', '--json', ...store);
    t.same([r.code, JSON.parse(r.out)], [1, { status: 'unchanged', modid: 1, cmdid: 2, ip: '10.0.0.1', port: 80, zone: 'us-2', version: 2 }]);
    r = await lars(dir, 'route', 'set', ...host('10.0.0.1'), '--tag', 'version=v3', '--no-zone', ...store);
    t.same([r.code, r.out], [0, 'set no zone, tags version=v3 on 10.0.0.1:80 in route 1/2 (route version 3)\n']);
    r = await lars(dir, 'route', 'set', ...host('10.0.0.9'), '--zone', 'x', ...store);
    t.same([r.code, r.err], [1, 'lars: 10.0.0.9:80 is not in route 1/2: nothing changed\n']);
    await lars(dir, 'route', 'add', ...host('10.0.0.2'), '--zone', 'eu-1', ...store);
    r = await lars(dir, 'route', 'list', '--json', ...store);
    t.same(JSON.parse(r.out).hosts.map((h: { ip: string; zone: string | null; tags: string[]; weight: number }) => [h.ip, h.weight, h.zone, h.tags]), [
      ['10.0.0.1', 3, null, ['version=v3']],
      ['10.0.0.2', 1, 'eu-1', []],
    ]);
    r = await lars(dir, 'route', 'list', ...store);
    t.match(r.out, /^MODID  CMDID  SERVICE  HOST         WEIGHT  ZONE  TAGS        SOURCE .*\n1      2      -        10\.0\.0\.1:80  3       -     version=v3  static .*\n1      2      -        10\.0\.0\.2:80  1       eu-1  -           static /);
    const audit = await openStore(`sqlite:${join(dir, 'routes.db')}`);
    const edits = await audit.recentEdits({ modid: 1, cmdid: 2 }, 2);
    await audit.close();
    t.same(edits.map((e) => [e.version, e.action, e.detail]), [[4, 'add', 'zone eu-1'], [3, 'set', 'zone us-2 -> none, tags none -> version=v3']], 'each edit audited with what changed');
  });

  t.test('service names: lars service set|del|list, and --service NAME in place of --modid/--cmdid (in process)', async (t) => {
    const store = ['--store', `sqlite:${join(t.testdir(), 'names.db')}`];
    t.equal((await larsInProcess('db', 'init', ...store)).code, 0);
    t.same(await larsInProcess('service', 'list', ...store), { code: 0, out: 'no service names (lars service set --modid M --cmdid C NAME gives one)\n', err: '' });
    let r = await larsInProcess('service', 'set', '--modid', '1', '--cmdid', '2', 'orders.get', ...store);
    t.same([r.code, r.out], [0, 'named route 1/2 orders.get (route version 1)\n']);
    r = await larsInProcess('service', 'set', '--modid', '1', '--cmdid', '2', 'orders.get', ...store);
    t.same([r.code, r.err], [1, 'lars: route 1/2 is already named orders.get: nothing changed\n']);
    r = await larsInProcess('service', 'set', '--modid', '3', '--cmdid', '3', 'orders.get', '--json', ...store);
    t.same([r.code, JSON.parse(r.out)], [1, { status: 'taken', version: 1, holder: { modid: 1, cmdid: 2 }, modid: 3, cmdid: 3, name: 'orders.get' }]);
    r = await larsInProcess('service', 'set', '--modid', '3', '--cmdid', '3', 'pay.put', ...store);
    t.equal(r.code, 0);

    // Every key-taking verb takes the name instead, resolved through the store.
    r = await larsInProcess('route', 'add', '--service', 'orders.get', '--ip', '10.0.0.1', '--port', '80', ...store);
    t.same([r.code, r.out], [0, 'added 10.0.0.1:80 to route 1/2 (route version 3)\n']);
    r = await larsInProcess('route', 'set-weight', '--service', 'orders.get', '--ip', '10.0.0.1', '--port', '80', '--weight', '4', ...store);
    t.same([r.code, r.out], [0, 'set the weight of 10.0.0.1:80 in route 1/2 to 4 (route version 4)\n']);
    r = await larsInProcess('route', 'disable', '--service', 'orders.get', '--ip', '10.0.0.1', '--port', '80', '--json', ...store);
    t.match(JSON.parse(r.out), { status: 'drained', modid: 1, cmdid: 2 });
    await larsInProcess('route', 'enable', '--service', 'orders.get', '--ip', '10.0.0.1', '--port', '80', ...store);
    await larsInProcess('route', 'add', '--modid', '3', '--cmdid', '3', '--ip', '10.0.0.2', '--port', '81', ...store);
    r = await larsInProcess('route', 'list', ...store);
    t.same(r.out.split('\n').slice(0, 3), [
      'MODID  CMDID  SERVICE     HOST         WEIGHT  ZONE  TAGS  SOURCE  LEASE  ENABLED  CHECK',
      '1      2      orders.get  10.0.0.1:80  4       -     -     static  -      yes      -',
      '3      3      pay.put     10.0.0.2:81  1       -     -     static  -      yes      -',
    ], 'route list shows each key\'s name');
    r = await larsInProcess('route', 'list', '--service', 'pay.put', '--json', ...store);
    t.same(JSON.parse(r.out).hosts.map((h: { service: string; port: number }) => [h.service, h.port]), [['pay.put', 81]], 'and filters by it');
    r = await larsInProcess('service', 'list', ...store);
    t.same(r.out, 'KEY  SERVICE\n1/2  orders.get\n3/3  pay.put\n');
    r = await larsInProcess('service', 'set', '--service', 'pay.put', 'pay.create', ...store);
    t.match(r.out, /^named route 3\/3 pay\.create \(was pay\.put\)/, 'set by name renames');

    // One clear error, exit 2: an unknown name, both forms at once, a name against the rule.
    const usage: Array<[string[], RegExp]> = [
      [['route', 'del', '--service', 'nope', '--ip', '10.0.0.1', '--port', '80'], /^lars: --service "nope": no key has this name \(lars service list/],
      [['route', 'del', '--service', 'orders.get', '--modid', '1', '--ip', '10.0.0.1', '--port', '80'], /^lars: give the key as --service NAME or as --modid\/--cmdid, not both\n$/],
      [['route', 'list', '--service', 'Orders.Get'], /^lars: --service: service name "Orders\.Get": names are lower case \("orders\.get"\?\)\n$/],
      [['service', 'set', '--modid', '1', '--cmdid', '2', 'a b'], /^lars: service name "a b": expected 1 to 64 characters/],
      [['service', 'set', '--modid', '1', '--cmdid', '2'], /^lars: service set: missing NAME/],
      [['get-host', '--service', 'nope', ...store], /^lars: --service "nope": no key has this name/],
      [['status', '--service', 'nope', ...store], /^lars: --service "nope": no key has this name/],
      [['register', '--service', 'nope', '--ip', '10.0.0.1', '--port', '80', ...store], /^lars: --service "nope": no key has this name/],
    ];
    for (const [args, pattern] of usage) {
      const run = await larsInProcess(...args, ...(args.includes('--store') ? [] : store));
      t.same([run.code, run.out], [2, ''], args.join(' '));
      t.match(run.err, pattern);
    }
    // The agent tools resolve the name too: the agent port asked is the key's (1 + 2) % 3 = 0, nothing listens there.
    r = await larsInProcess('get-route', '--service', 'orders.get', '--base-port', '1', '--timeout-ms', '200', ...store);
    t.match(r.err, /\(the port for key 1\/2\)/, 'get-route asked the agent for 1/2');

    r = await larsInProcess('service', 'del', '--service', 'orders.get', ...store);
    t.same([r.code, r.out], [0, 'cleared the name orders.get of route 1/2 (route version 9)\n']);
    r = await larsInProcess('service', 'del', '--modid', '1', '--cmdid', '2', ...store);
    t.same([r.code, r.err], [1, 'lars: route 1/2 has no name: nothing changed\n']);
  });

  t.test('--store defaults to sqlite:./lars.db', async (t) => {
    const dir = t.testdir();
    t.equal((await lars(dir, 'db', 'init')).code, 0);
    t.ok(existsSync(join(dir, 'lars.db')));
    t.equal((await lars(dir, 'route', 'add', ...host('1.2.3.4'))).code, 0);
    t.match((await lars(dir, 'route', 'list', '--json')).out, /"ip":"1\.2\.3\.4"/);
  });

  t.test('bad arguments: one line on stderr, exit 2', async (t) => {
    const dir = t.testdir();
    const cases: [string, string[], RegExp][] = [
      ['bad ip', ['route', 'add', ...host('300.1.2.3')], /--ip "300\.1\.2\.3"/],
      ['missing port', ['route', 'add', '--modid', '1', '--cmdid', '2', '--ip', '1.2.3.4'], /--port is required/],
      ['port out of range', ['route', 'del', ...host('1.2.3.4', '70000')], /--port "70000"/],
      ['modid not a number', ['route', 'add', '--modid', 'x', '--cmdid', '2', '--ip', '1.2.3.4', '--port', '1'], /--modid "x"/],
      ['unknown flag', ['route', 'list', '--nope'], /nope/],
      ['ip as list filter', ['route', 'list', '--ip', '1.2.3.4'], /--ip is not a list filter/],
      ['weight 0', ['route', 'add', ...host('1.2.3.4'), '--weight', '0'], /--weight "0": expected an integer between 1 and 1000/],
      ['weight 1001', ['route', 'set-weight', ...host('1.2.3.4'), '--weight', '1001'], /--weight "1001"/],
      ['weight not a number', ['route', 'add', ...host('1.2.3.4'), '--weight', '2.5'], /--weight "2\.5"/],
      ['set-weight without a weight', ['route', 'set-weight', ...host('1.2.3.4')], /--weight is required/],
      ['bad zone', ['route', 'add', ...host('1.2.3.4'), '--zone', 'eu west'], /^lars: route add: zone "eu west": only letters/],
      ['del with a weight', ['route', 'del', ...host('1.2.3.4'), '--weight', '3'], /route del: --weight is not taken/],
      ['disable with a weight', ['route', 'disable', ...host('1.2.3.4'), '--weight', '3'], /route disable: --weight is not taken/],
      ['enable without a port', ['route', 'enable', '--modid', '1', '--cmdid', '2', '--ip', '1.2.3.4'], /--port is required/],
      ['no subcommand', ['route'], /route: missing subcommand/],
      ['unknown subcommand', ['route', 'move'], /route: unknown subcommand "move"/],
      ['extra argument', ['db', 'init', 'now'], /db init: unexpected argument "now"/],
      ['bad store URL', ['db', 'init', '--store', 'postgres://x'], /--store "postgres:\/\/x"/],
      ['mysql URL without database', ['db', 'init', '--store', 'mysql://root:pw@127.0.0.1:3306'], /database name/],
    ];
    // A few at a time: each run stays within lars()'s 20 s bound however loaded the machine.
    const runs = await mapLimited(cases, 3, ([, args]) => lars(dir, ...args));
    for (const [i, [name, , pattern]] of cases.entries()) {
      const r = runs[i] as Run;
      t.equal(r.code, 2, `${name}: exit 2`);
      t.match(r.err, pattern, name);
      t.equal(r.err.trimEnd().split('\n').length, 1, `${name}: one line`);
      t.notMatch(r.err, /pw/, `${name}: no password echoed`);
      t.equal(r.out, '', `${name}: nothing on stdout`);
    }
  });

  t.test('--help', async (t) => {
    const dir = t.testdir();
    const [route, db] = await Promise.all([lars(dir, 'route', '--help'), lars(dir, 'db', '--help')]);
    for (const [tool, r] of [['route', route], ['db', db]] as const) {
      t.equal(r.code, 0);
      t.match(r.out, new RegExp(`^Usage: lars ${tool}`));
      t.match(r.out, /Exit status: 0 done, 1 nothing changed, 2 bad arguments, 3 store error/);
    }
    const top = (await lars(dir, '--help')).out;
    t.match(top, /route\s+add, delete, reweigh, disable\/enable or list route hosts \(lars route add\|del\|set-weight\|disable\|enable\|list\)/, 'lars --help names route set-weight');
    t.match(top, /start\s+run a role \(dns, reporter, agent, console, all\)/, 'lars --help names the console role');
  });

  t.test('unreachable mysql: one line, exit 3', async (t) => {
    const r = await lars(t.testdir(), 'route', 'list', '--store', 'mysql://root@127.0.0.1:1/lars');
    t.equal(r.code, 3);
    t.match(r.err, /^lars: mysql .*ECONNREFUSED/);
    t.equal(r.err.trimEnd().split('\n').length, 1);
  });

  t.test('mysql: init, add, list', async (t) => {
    const db = await withTestDatabase(t);
    if (!db) return;
    const dir = t.testdir();
    const store = ['--store', db.url];
    t.equal((await lars(dir, 'db', 'init', ...store)).code, 0);
    t.equal((await lars(dir, 'route', 'add', ...host('200.1.2.3'), ...store)).code, 0);
    t.equal((await lars(dir, 'route', 'add', ...host('200.1.2.3'), ...store)).code, 1);
    const list = JSON.parse((await lars(dir, 'route', 'list', '--json', ...store)).out);
    t.same(list, { version: 1, hosts: [{ modid: 1, cmdid: 2, ip: '200.1.2.3', port: 80, weight: 1, ...STATIC }] });
  });

  t.test('mysql: a weight written by SQL outside 1…1000 is listed as the one agents use', async (t) => {
    const db = await withTestDatabase(t);
    if (!db) return;
    const dir = t.testdir();
    const store = ['--store', db.url];
    t.equal((await lars(dir, 'db', 'init', ...store)).code, 0);
    for (const ip of ['10.0.0.1', '10.0.0.2']) t.equal((await lars(dir, 'route', 'add', ...host(ip), ...store)).code, 0);
    // MySQL's column is INT UNSIGNED: SQL can store what the CLI refuses; DNS serves 0 as 1 and 5000 as 1000.
    await db.pool.query("UPDATE RouteData SET weight = 0 WHERE serverip = INET_ATON('10.0.0.1')");
    await db.pool.query("UPDATE RouteData SET weight = 5000 WHERE serverip = INET_ATON('10.0.0.2')");
    const list = JSON.parse((await lars(dir, 'route', 'list', '--json', ...store)).out) as { hosts: Array<{ ip: string; weight: number }> };
    t.same(list.hosts.map((h) => [h.ip, h.weight]), [['10.0.0.1', 1], ['10.0.0.2', 1000]]);
  });
}
