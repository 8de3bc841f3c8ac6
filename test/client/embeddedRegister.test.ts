/**
 * `register()` of the embedded client against real DNS role processes on
 * MariaDB (docs/registration.md): a subscriber speaking the original's
 * frames (bench/registration's PushRecorder) sees the instance served,
 * withdrawn by deregister(), close(), a failing check, the application's
 * process killed (-9), and kept through the kill of the DNS replica the
 * client registered with (the client re-sends its table to the other).
 * Expiry bounds of the contract are asserted as test/e2e/registration does;
 * the 100 ms of a graceful withdrawal is printed against its target (speed
 * is bench/'s business: this machine's CPU is shared) while the test asserts
 * what it means, that the withdrawal and not a lapsed lease removed it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { LarsClient, LarsError, LarsArgumentError, type EmbeddedClientOptions, type EmbeddedLarsClient } from '../../client/index.js';
import { PushRecorder } from '../../bench/registration/pushRecorder.js';
import { ipv4ToInt32 } from '../../runtime/net/ipv4.js';
import { withTestDatabase, type TestDatabase } from '../helpers/mysqlTestDb.js';
import { RoleProcess } from '../helpers/roleProcess.js';
import { runLars } from '../helpers/runLars.js';

const CLIENT_JS = fileURLToPath(new URL('../../dist/client/index.js', import.meta.url));
const FAST_LINK = { backoff_min_ms: 20, backoff_max_ms: 200, connect_timeout_ms: 2000 };
const TOKEN = 's3cret';
const TTL_MS = 2000;
const POLL_S = 0.2;
const dnsIni = `[admin]\nadmin_port = 0\n[dns]\nport = 0\npoll_interval = ${POLL_S}\n[register]\ntoken = ${TOKEN}\n`;

interface Replica {
  p: RoleProcess;
  port: number;
}

async function database(t: Test): Promise<TestDatabase | undefined> {
  const db = await withTestDatabase(t);
  if (!db) return undefined;
  t.equal((await runLars(['db', 'init', '--store', db.url])).code, 0, 'db init');
  return db;
}

async function replica(t: Test, db: TestDatabase): Promise<Replica> {
  const p = RoleProcess.start(t, 'dns', { 'dns.ini': dnsIni }, ['--store', db.url]);
  const port = Number((await p.waitFor(/serving routes version -?\d+ on 127\.0\.0\.1:(\d+)/, 30_000))[1]);
  return { p, port };
}

async function recorder(t: Test, port: number, modid: number): Promise<PushRecorder> {
  const view = await PushRecorder.open(port);
  t.teardown(() => view.close());
  await view.subscribe([{ modid, cmdid: 1 }]);
  return view;
}

async function embedded(t: Test, ports: number[], extra: Partial<EmbeddedClientOptions> = {}): Promise<EmbeddedLarsClient> {
  const client = await LarsClient.embedded({ dns: ports.map((p) => `127.0.0.1:${p}`), ...FAST_LINK, register: { token: TOKEN }, ...extra });
  t.teardown(() => client.close());
  return client;
}

/** Gone long before its 60 s lease could lapse: the deregistration removed it. */
const LONG_TTL_MS = 60_000;

function printed100(t: Test, what: string, ms: number): void {
  t.comment(`${what}: ${ms} ms (target 100 ms)`);
  t.ok(ms < LONG_TTL_MS / 2, `${what}: withdrawn, not expired (${ms} ms)`);
}

function measured(t: Test, what: string, ms: number, boundMs: number): void {
  t.comment(`${what}: ${ms} ms (bound ${boundMs} ms)`);
  t.ok(ms <= boundMs, `${what} in ${ms} ms, within ${boundMs} ms`);
}

const served = (view: PushRecorder, modid: number, ip: string, port: number): boolean => view.has(modid, 1, ipv4ToInt32(ip), port);

t.test('on one replica', async (t) => {
  const db = await database(t);
  if (!db) return;
  const dns = await replica(t, db);

  t.test('register: served to a subscriber; deregister: gone at once; a second deregister resolves', async (t) => {
    const view = await recorder(t, dns.port, 701);
    const client = await embedded(t, [dns.port]);
    const reg = await client.register({ modid: 701, cmdid: 1, ip: '10.7.0.1', port: 8080, ttlMs: LONG_TTL_MS });
    t.same([reg.modid, reg.cmdid, reg.ip, reg.port, reg.ttlMs, reg.active], [701, 1, '10.7.0.1', 8080, LONG_TTL_MS, true]);
    await view.until('served', () => served(view, 701, '10.7.0.1', 8080), 5000);
    const asked = Date.now();
    await reg.deregister();
    t.equal(reg.active, false);
    await view.until('gone', () => !served(view, 701, '10.7.0.1', 8080), 5000);
    printed100(t, 'deregister() -> gone at the taking replica\'s subscriber', Date.now() - asked);
    await reg.deregister();
    t.same(view.drops.length, 1, 'dropped once, never came back');
  });

  t.test('renewed: still served past several ttls', async (t) => {
    const view = await recorder(t, dns.port, 702);
    const client = await embedded(t, [dns.port]);
    await client.register({ modid: 702, cmdid: 1, ip: '10.7.0.2', port: 80, ttlMs: TTL_MS });
    await view.until('served', () => served(view, 702, '10.7.0.2', 80), 5000);
    // A window of observation: any missed renewal would expire it meanwhile (the recorder sees every frame).
    await new Promise((r) => setTimeout(r, TTL_MS * 2));
    t.same(view.drops, [], 'no push dropped it');
    t.ok(served(view, 702, '10.7.0.2', 80));
  });

  t.test('close() deregisters what the client registered', async (t) => {
    const view = await recorder(t, dns.port, 703);
    const client = await embedded(t, [dns.port]);
    const a = await client.register({ modid: 703, cmdid: 1, ip: '10.7.0.3', port: 80, ttlMs: LONG_TTL_MS });
    await client.register({ modid: 703, cmdid: 1, ip: '10.7.0.4', port: 80, ttlMs: LONG_TTL_MS });
    await view.until('both served', () => view.total() === 2, 5000);
    const closing = Date.now();
    await client.close();
    t.equal(a.active, false, 'its registrations are inactive');
    await view.until('both gone', () => view.total() === 0, 5000);
    printed100(t, 'close() -> both gone', Date.now() - closing);
    await t.rejects(client.register({ modid: 703, cmdid: 1, ip: '10.7.0.5', port: 80 }), { code: 'SYSTEM' }, 'closed');
  });

  t.test('a wrong token: REFUSED, nothing served; bad options: LarsArgumentError before anything is sent', async (t) => {
    const view = await recorder(t, dns.port, 704);
    const client = await embedded(t, [dns.port], { register: { token: 'wrong' } });
    const err = await client.register({ modid: 704, cmdid: 1, ip: '10.7.0.6', port: 80 }).then(() => undefined, (e: unknown) => e);
    t.ok(err instanceof LarsError, 'a LarsError');
    t.equal((err as LarsError).code, 'REFUSED');
    t.match((err as LarsError).message, /refused/);
    await t.rejects(client.register({ modid: 704, cmdid: 1, ip: '0.0.0.0', port: 80 }), LarsArgumentError);
    await t.rejects(client.register({ modid: 704, cmdid: 1, ip: '10.7.0.6', port: 80, ttlMs: 5 }), LarsArgumentError);
    t.equal(view.total(), 0, 'nothing served');
    t.equal(view.frames, 1, 'no push at all (only the subscription\'s answer)');
  });

  t.test('a check run in-process: not served before it passes, withdrawn when it fails, back when it passes', async (t) => {
    const target = await listening(0);
    const port = (target.address() as { port: number }).port;
    const view = await recorder(t, dns.port, 705);
    const client = await embedded(t, [dns.port]);
    const reg = await client.register({ modid: 705, cmdid: 1, ip: '10.7.0.7', port, ttlMs: TTL_MS, check: { url: `tcp://127.0.0.1:${port}`, intervalMs: 100, timeoutMs: 500, fall: 1, rise: 1 } });
    await view.until('served once the check passed', () => served(view, 705, '10.7.0.7', port), 5000);
    await new Promise<void>((r) => target.close(() => r()));
    await view.until('withdrawn: the check fails', () => !served(view, 705, '10.7.0.7', port), 5000);
    const again = await listening(port);
    t.teardown(() => again.close());
    await view.until('back: the check passes again', () => served(view, 705, '10.7.0.7', port), 5000);
    await reg.deregister();
  });
});

t.test('the application\'s process killed (-9): gone within ttl + 1 s', async (t) => {
  const db = await database(t);
  if (!db) return;
  const dns = await replica(t, db);
  const view = await recorder(t, dns.port, 710);
  const app = `
    import { LarsClient } from ${JSON.stringify(CLIENT_JS)};
    const client = await LarsClient.embedded({ dns: ['127.0.0.1:${dns.port}'], register: { token: ${JSON.stringify(TOKEN)} } });
    await client.register({ modid: 710, cmdid: 1, ip: '10.7.1.1', port: 80, ttlMs: ${TTL_MS} });
    console.log('registered');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', app], { env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => void child.kill('SIGKILL'));
  await printed(child, 'registered');
  await view.until('served', () => served(view, 710, '10.7.1.1', 80), 5000);
  // Past a renewal or two, so the lease being timed is a renewed one.
  await new Promise((r) => setTimeout(r, TTL_MS));
  const killed = Date.now();
  child.kill('SIGKILL');
  await view.until('gone', () => !served(view, 710, '10.7.1.1', 80), TTL_MS * 5);
  measured(t, 'app kill -9 -> gone from the subscriber', Date.now() - killed, TTL_MS + 1000);
});

t.test('the DNS replica the client registered with killed (-9): re-registered on the other, never dropped', async (t) => {
  const db = await database(t);
  if (!db) return;
  const [a, b] = await Promise.all([replica(t, db), replica(t, db)]);
  const view = await recorder(t, b.port, 720);
  const client = await embedded(t, [a.port, b.port]);
  await client.register({ modid: 720, cmdid: 1, ip: '10.7.2.1', port: 80, ttlMs: TTL_MS });
  await client.register({ modid: 720, cmdid: 1, ip: '10.7.2.2', port: 80, ttlMs: TTL_MS });
  await view.until('both served by B (through the store)', () => view.total() === 2, 5000);
  const connectsBefore = client.stats().dns.counters['reconnects'] ?? 0;
  a.p.child.kill('SIGKILL');
  const deadline = Date.now() + 10_000;
  while ((client.stats().dns.counters['reconnects'] ?? 0) <= connectsBefore) {
    if (Date.now() > deadline) throw new Error('the client never reconnected');
    await new Promise((r) => setTimeout(r, 10));
  }
  // Longer than two ttls after the fail-over: a lease B did not take over would have lapsed and gone.
  await new Promise((r) => setTimeout(r, TTL_MS * 2 + 500));
  t.same(view.drops, [], 'no push from B dropped either instance');
  t.equal(view.total(), 2, 'both still served');
  const leases = ((await db.pool.query('SELECT replica FROM RouteLease WHERE modid = 720'))[0] as Array<{ replica: string }>).map((r) => r.replica);
  t.equal(leases.length, 2);
  t.ok(leases.every((r) => r.endsWith(`pid ${b.p.child.pid}`)), `renewed by the survivor (${leases.join(', ')})`);
});

function listening(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer((c) => c.destroy());
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

function printed(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(line)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the app exited (${code}) before printing ${line}: ${out}`)));
  });
}

t.test('a DNS that takes the connection but never answers: TIMEOUT after answer_wait_ms, and nothing stays to be renewed', async (t) => {
  const silent = createServer((c) => c.on('data', () => undefined));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  t.teardown(() => silent.close());
  const client = await embedded(t, [(silent.address() as { port: number }).port], { register: { token: TOKEN, answer_wait_ms: 100 } });
  const err = await client.register({ modid: 730, cmdid: 1, ip: '10.7.3.1', port: 80 }).then(() => undefined, (e: unknown) => e);
  t.ok(err instanceof LarsError);
  t.equal((err as LarsError).code, 'TIMEOUT');
  t.match((err as LarsError).message, /did not answer within 100 ms/);
  // The same instance can be asked for again: the failed one left no handle behind.
  await t.rejects(client.register({ modid: 730, cmdid: 1, ip: '10.7.3.1', port: 80 }), { code: 'TIMEOUT' });
});
