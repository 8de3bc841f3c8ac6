/**
 * The embedded client in-process against a DNS the test controls (real
 * sockets on 127.0.0.1): options, cold getHost, pickHost from memory, watch,
 * pushes and deletions, keys never asked for, garbage from DNS, failover,
 * snapshot, close. Real DNS and reporter roles: embeddedRoles.test.ts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { LarsClient, LarsArgumentError, LarsError, type EmbeddedClientOptions, type EmbeddedLarsClient, type Host } from '../../client/index.js';
import { encodeFrame } from '../../runtime/reactor/frame.js';
import { freeTcpPort } from '../helpers/freePorts.js';
import { FakeDns } from './fixtures/fakeDns.js';

const A = { ip: '10.0.0.1', port: 8001 };
const B = { ip: '200.1.2.3', port: 8002 }; // negative on the wire
const C = { ip: '10.0.0.3', port: 8003 };
/** As getRoute and watch give hosts: with their weight. */
const w = (h: Host): Host & { weight: number } => ({ ...h, weight: 1 });
const FAST_LINK = { backoff_min_ms: 10, backoff_max_ms: 50, connect_timeout_ms: 1000 };

async function until(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function dnsWith(t: Test, routes: Array<[number, number, Host[]]> = []): Promise<FakeDns> {
  const dns = await FakeDns.start();
  for (const [m, c, hosts] of routes) dns.set(m, c, hosts);
  t.teardown(() => dns.close());
  return dns;
}

async function embedded(t: Test, dns: FakeDns | string[], extra: Partial<EmbeddedClientOptions> = {}): Promise<EmbeddedLarsClient> {
  const client = await LarsClient.embedded({ dns: Array.isArray(dns) ? dns : [dns.address], pull_wait_ms: 2000, ...FAST_LINK, ...extra });
  t.teardown(() => client.close());
  return client;
}

t.test('options are checked: one LarsArgumentError naming the option', async (t) => {
  const bad: Array<[unknown, RegExp]> = [
    [undefined, /options must be an object/],
    [{}, /dns must be a non-empty array/],
    [{ dns: [] }, /dns must be a non-empty array/],
    [{ dns: ['localhost'] }, /dns\[0\] must be 'host:port'/],
    [{ dns: ['127.0.0.1:1'], reporter: ['x:0'] }, /reporter\[0\] must be 'host:port'/],
    [{ dns: ['127.0.0.1:1'], pull_wait_ms: 0 }, /\[options\] pull_wait_ms = "0": expected an integer between 1 and 10000/],
    [{ dns: ['127.0.0.1:1'], caller: '1.2.3' }, /\[options\] caller = "1.2.3": expected an IPv4 address/],
    [{ dns: ['127.0.0.1:1'], pullWaitMs: 5 }, /\[options\] pullWaitMs: unknown key/],
    [{ dns: ['127.0.0.1:1'], loadbalance: { probe_num: 0 } }, /\[loadbalance\] probe_num = "0": expected an integer >= 1/],
    [{ dns: ['127.0.0.1:1'], loadbalance: { probeNum: 3 } }, /\[loadbalance\] probeNum: unknown key/],
    [{ dns: ['127.0.0.1:1'], clock: {} }, /clock must have now\(\)/],
  ];
  for (const [options, message] of bad) {
    const err = await LarsClient.embedded(options as EmbeddedClientOptions).catch((e: unknown) => e);
    t.type(err, LarsArgumentError, JSON.stringify(options));
    t.match((err as Error).message, message);
  }
});

t.test('cold getHost waits for the route, then pickHost answers from memory and rotates', async (t) => {
  const dns = await dnsWith(t, [[1, 1, [A, B]]]);
  const client = await embedded(t, dns);
  t.same(await client.getHost(1, 1), A, 'the first call waited for the route');
  t.same(dns.requests, ['1:1'], 'one pull for the key');
  const picks = Array.from({ length: 4 }, () => client.pickHost(1, 1));
  t.same(picks, [B, A, B, A], 'round the idle list, dotted addresses');
  t.same(await client.getRoute(1, 1), [A, B].map((h) => ({ ...h, weight: 1 })), 'every host with its weight (1: DNS sent none)');
  t.equal(await client.regInit(1, 1), true);
  t.same(dns.requests, ['1:1'], 'answered from memory: no more pulls');
  const s = client.stats();
  t.match(s, { pickHost: { calls: 4, ok: 4 }, getHost: { calls: 1, ok: 1 }, getRoute: { calls: 2, ok: 2 }, inFlight: 0 });
  t.match(s.lb, { keys: 1, hosts: 2, idleHosts: 2 });
  t.equal(s.dns.connected, true);
});

t.test('pickHost on a key without a route yet: NOEXIST at once, the route is asked for and then served', async (t) => {
  const dns = await dnsWith(t, [[2, 3, [C]]]);
  const client = await embedded(t, dns);
  const err = (() => {
    try {
      client.pickHost(2, 3);
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  t.type(err, LarsError);
  t.match(err, { code: 'NOEXIST', retcode: 3 });
  t.match((err as Error).message, /pickHost\(2, 3\): the key's route has not arrived from DNS yet/);
  await until('the route', () => client.stats().lb.hosts === 1);
  t.same(client.pickHost(2, 3), C);
  t.equal(client.stats().pickHost.errors.NOEXIST, 1);
});

t.test('NOEXIST for a key DNS has no host for; getRoute [] and regInit false; OVERLOAD after failures', async (t) => {
  const dns = await dnsWith(t, [[5, 5, [A, B]]]);
  const client = await embedded(t, dns);
  await t.rejects(client.getHost(9, 9), { name: 'LarsError', code: 'NOEXIST', message: /DNS knows no host for this key/ });
  t.same(await client.getRoute(9, 9), []);
  t.equal(await client.regInit(9, 10), false);
  await client.regInit(5, 5);
  // contin_err_limit 15 by default: 15 failures in a row overload a host.
  for (const h of [A, B]) for (let i = 0; i < 15; i++) client.report(5, 5, h, 'error');
  const outcomes: string[] = [];
  for (let i = 0; i < 10; i++) {
    try {
      outcomes.push(client.pickHost(5, 5).ip);
    } catch (e) {
      outcomes.push((e as LarsError).code);
    }
  }
  t.same(outcomes, [...Array<string>(9).fill('OVERLOAD'), A.ip], 'probe_num 10: the tenth call probes the front overloaded host');
  t.match(client.stats().lb, { idleToOverload: 2, probes: 1 });
});

t.test('[loadbalance] options change the algorithm as in agent.ini', async (t) => {
  const dns = await dnsWith(t, [[5, 6, [A]]]);
  const client = await embedded(t, dns, { loadbalance: { contin_err_limit: 2, probe_num: 3 } });
  await client.regInit(5, 6);
  client.report(5, 6, A, 'error');
  t.same(client.pickHost(5, 6), A, 'one failure is not enough');
  client.report(5, 6, A, 'error');
  t.throws(() => client.pickHost(5, 6), { code: 'OVERLOAD' }, 'two in a row overload it');
});

t.test('argument errors are those of agent mode', async (t) => {
  const dns = await dnsWith(t, [[1, 1, [A]]]);
  const client = await embedded(t, dns);
  await t.rejects(client.getHost('1' as unknown as number, 1), { name: 'LarsArgumentError', message: /modid must be a 32-bit integer/ });
  await t.rejects(client.getRoute(1, 2 ** 31), { name: 'LarsArgumentError', message: /cmdid must be a 32-bit integer/ });
  await t.rejects(client.getHost(1, 1, { timeoutMs: 0 }), { name: 'LarsArgumentError', message: /options.timeoutMs/ });
  t.throws(() => client.pickHost(1.5, 1), LarsArgumentError);
  t.throws(() => client.pickHost('1' as unknown as number, 1), { name: 'LarsArgumentError', message: /modid must be a 32-bit integer, got "1"/ });
  t.throws(() => client.pickHost(1, 2 ** 31), { message: /cmdid must be a 32-bit integer/ });
  t.throws(() => client.report(1, -(2 ** 31) - 1, A, 'success'), { message: /cmdid must be a 32-bit integer/ });
  t.throws(() => client.report(1, 1, { ip: '10.0.0.256', port: 1 }, 'success'), { message: /host.ip must be an IPv4 address/ });
  t.throws(() => client.report(1, 1, { ip: A.ip, port: 70000 }, 'success'), { message: /host.port must be an integer from 0 to 65535/ });
  t.throws(() => client.report(1, 1, A, 'fine' as 'success'), { message: /result must be 'success', 'overload', 'error'/ });
  t.throws(() => client.watch(1, 1, 'f' as unknown as () => void), { name: 'LarsArgumentError' });
  t.equal(client.stats().reports, 0, 'nothing bad was applied');
});

t.test('report: addresses from a host object the app built itself work too; unknown hosts are counted', async (t) => {
  const dns = await dnsWith(t, [[1, 1, [A]]]);
  const client = await embedded(t, dns);
  await client.regInit(1, 1);
  client.report(1, 1, { ip: '10.0.0.1', port: 8001 }, 'success');
  client.report(1, 1, { ip: '10.9.9.9', port: 1 }, 'success');
  client.report(1, 1, A, 0);
  t.match(client.stats(), { reports: 3, lb: { reports: 3, unknownReports: 1 } });
});

t.test('watch: first route, changes pushed by DNS, the last host deleted; unsubscribe; a throwing listener is counted', async (t) => {
  const dns = await dnsWith(t, [[3, 1, [A]]]);
  const client = await embedded(t, dns);
  const seen: Host[][] = [];
  const stop = client.watch(3, 1, (hosts) => seen.push(hosts));
  await until('first route', () => seen.length === 1);
  t.same(seen[0], [w(A)]);
  dns.set(3, 1, [A, B]);
  dns.push(3, 1);
  await until('push', () => seen.length === 2);
  t.same(seen[1], [w(A), w(B)]);
  t.same([client.pickHost(3, 1), client.pickHost(3, 1)], [A, B], 'pickHost sees the pushed host');
  dns.push(3, 1);
  dns.set(3, 1, []);
  dns.push(3, 1);
  await until('deletion', () => seen.length === 3);
  t.same(seen[2], [], 'an unchanged push is not a change; the deletion is');
  t.throws(() => client.pickHost(3, 1), { code: 'NOEXIST', message: /DNS knows no host/ });

  const late: Host[][] = [];
  dns.set(3, 1, [C]);
  dns.push(3, 1);
  await until('re-added', () => seen.length === 4);
  client.watch(3, 1, (hosts) => late.push(hosts));
  await until('current hosts for a late watcher', () => late.length === 1);
  t.same(late[0], [w(C)]);
  stop();
  stop();
  const warnings: string[] = [];
  const onWarning = (w: Error): void => void warnings.push(w.message);
  process.on('warning', onWarning);
  t.teardown(() => process.off('warning', onWarning));
  client.watch(3, 1, () => {
    throw new Error('listener bug');
  });
  dns.set(3, 1, [A]);
  dns.push(3, 1);
  await until('late watcher sees the change', () => late.length === 2);
  t.equal(seen.length, 4, 'unsubscribed');
  t.same(late[1], [w(A)]);
  await until('warning', () => warnings.length === 2);
  t.match(warnings[0], /watch listener threw: listener bug/);
  t.match(client.stats(), { watchListenerErrors: 2, watchedKeys: 1 });
});

t.test('routes DNS sends for keys never asked for cost nothing', async (t) => {
  const dns = await dnsWith(t, [[1, 1, [A]], [8, 8, [A, B]]]);
  const client = await embedded(t, dns);
  await client.regInit(1, 1);
  dns.push(8, 8);
  dns.push(8, 8);
  await until('counted', () => client.stats().routesUnasked === 2);
  t.match(client.stats().lb, { keys: 1, hosts: 1 });
});

t.test('garbage from DNS is counted, never fatal: unknown msgid kept, bad body and bad length reconnect and re-pull', async (t) => {
  const dns = await dnsWith(t, [[1, 1, [A]]]);
  const client = await embedded(t, dns);
  await client.regInit(1, 1);
  dns.writeRaw(encodeFrame(99, Buffer.from([1, 2, 3])));
  await until('unknown msgid', () => client.stats().dns.counters['unknownMsgid'] === 1);
  t.equal(client.stats().dns.counters['connClosed'], 0, 'an unknown msgid keeps the connection');

  dns.set(1, 1, [B]);
  dns.writeRaw(encodeFrame(2, Buffer.from([0xff, 0xff, 0xff])));
  await until('bad body', () => client.stats().dns.counters['badBody'] === 1);
  t.same(client.pickHost(1, 1), A, 'still answering from memory');
  await until('reconnected and re-pulled', () => client.pickHost(1, 1).ip === B.ip);

  const header = Buffer.alloc(8);
  header.writeInt32LE(2, 0);
  header.writeInt32LE(70_000, 4);
  dns.writeRaw(header);
  await until('bad length', () => client.stats().dns.counters['badLength'] === 1);
  await until('reconnected again', () => client.stats().dns.counters['reconnects'] === 2);
  t.same(client.pickHost(1, 1), B);
  t.equal(client.stats().dns.connected, true);
});

t.test('DNS addresses fail over: a dead first address, a live second', async (t) => {
  const dns = await dnsWith(t, [[1, 1, [A]]]);
  const client = await embedded(t, [`127.0.0.1:${await freeTcpPort()}`, dns.address]);
  t.same(await client.getHost(1, 1), A);
  t.ok(client.stats().dns.counters['connectFailures']! >= 1);
});

t.test('a first route that does not come: NOEXIST after pull_wait_ms, or the call\'s own timeoutMs', async (t) => {
  const dns = await dnsWith(t);
  dns.answering = false;
  const client = await embedded(t, dns, { pull_wait_ms: 30 });
  await t.rejects(client.getHost(4, 4), { code: 'NOEXIST', message: /has not arrived from DNS yet/ });
  t.same(await client.getRoute(4, 5, { timeoutMs: 10 }), []);
  t.equal(client.stats().inFlight, 0);
});

t.test('close(): waiting calls reject SYSTEM, later calls fail SYSTEM, reports are dropped and counted', async (t) => {
  const dns = await dnsWith(t, [[1, 1, [A]]]);
  dns.answering = false;
  const client = await embedded(t, dns);
  const waiting = client.getHost(1, 1).catch((e: unknown) => e);
  await dns.requestsReach(1);
  await client.close();
  t.match(await waiting, { name: 'LarsError', code: 'SYSTEM', message: /getHost\(1, 1\): the client is closed/ });
  t.throws(() => client.pickHost(1, 1), { code: 'SYSTEM' });
  await t.rejects(client.getRoute(1, 1), { code: 'SYSTEM' });
  t.throws(() => client.watch(1, 1, () => undefined), { code: 'SYSTEM' });
  client.report(1, 1, A, 'success');
  t.match(client.stats(), { reportsDropped: 1, getHost: { errors: { SYSTEM: 1 } }, dns: { connected: false } });
  await client.close();
  t.equal(client.closed, true);
});

t.test('snapshot: saved on close, served at start while no DNS answers', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lars-embedded-snap-'));
  const snapshot_path = join(dir, 'routes.json');
  const dns = await dnsWith(t, [[1, 1, [A, B]]]);
  const first = await embedded(t, dns, { snapshot_path });
  await first.regInit(1, 1);
  await first.close();
  await dns.close();

  const down = `127.0.0.1:${dns.port}`;
  const second = await embedded(t, [down], { snapshot_path });
  t.equal(second.stats().snapshotKeysLoaded, 1);
  t.equal(second.stats().dns.connected, false);
  t.same([second.pickHost(1, 1), second.pickHost(1, 1)], [A, B], 'served from the snapshot');
  t.same(await second.getHost(1, 1), A);

  const back = await FakeDns.start(dns.port);
  t.teardown(() => back.close());
  back.set(1, 1, [C]);
  await until('resynced from the DNS that came back', () => second.pickHost(1, 1).ip === C.ip);
});
