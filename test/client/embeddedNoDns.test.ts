/**
 * An embedded client whose DNS addresses all refuse (real ports with nothing
 * listening) says so: one warning naming the addresses, and calls for keys
 * without a route reject with UNREACHABLE naming them, instead of resolving
 * false or failing NOEXIST "route has not arrived" as an empty route would.
 */
import t, { type Test } from 'tap';
import { LarsClient, type EmbeddedLarsClient } from '../../client/index.js';
import { freeTcpPort } from '../helpers/freePorts.js';
import { FakeDns } from './fixtures/fakeDns.js';

const A = { ip: '10.0.0.1', port: 8001 };
const FAST_LINK = { backoff_min_ms: 10, backoff_max_ms: 20, connect_timeout_ms: 1000 };

/** The LarsDnsWarning lines emitted while the test runs. */
function dnsWarnings(t: Test): string[] {
  const seen: string[] = [];
  const onWarning = (w: Error): void => {
    if (w.name === 'LarsDnsWarning') seen.push(w.message);
  };
  process.on('warning', onWarning);
  t.teardown(() => void process.off('warning', onWarning));
  return seen;
}

async function embedded(t: Test, dns: string[]): Promise<EmbeddedLarsClient> {
  const client = await LarsClient.embedded({ dns, pull_wait_ms: 5000, ...FAST_LINK });
  t.teardown(() => client.close());
  return client;
}

async function until(what: string, cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

t.test('no DNS reachable: one warning, and UNREACHABLE naming the address at once, not a false regInit', async (t) => {
  const warnings = dnsWarnings(t);
  const port = await freeTcpPort();
  const client = await embedded(t, [`127.0.0.1:${port}`]);
  const named = new RegExp(`no route, and no DNS at 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)$`);
  const started = performance.now();
  await t.rejects(client.regInit(1, 1), { name: 'LarsError', code: 'UNREACHABLE', message: new RegExp(`^getRoute\\(1, 1\\): ${named.source}`) });
  await t.rejects(client.getHost(1, 2), { code: 'UNREACHABLE', message: new RegExp(`^getHost\\(1, 2\\): ${named.source}`) });
  await t.rejects(client.getRoute(1, 3), { code: 'UNREACHABLE', message: named });
  t.throws(() => client.pickHost(1, 1), { code: 'UNREACHABLE', message: named });
  t.ok(performance.now() - started < 4000, 'answered at once, not after pull_wait_ms (5 s)');
  const s = client.stats();
  t.equal(s.getHost.errors.UNREACHABLE, 1);
  t.equal(s.getRoute.errors.UNREACHABLE, 2);
  t.equal(s.pickHost.errors.UNREACHABLE, 1);
  t.equal(s.inFlight, 0);

  // Many more refusals while it keeps trying: still the one warning.
  await until('more connect attempts', () => (client.stats().dns.counters['connectFailures'] ?? 0) >= 5);
  await new Promise((r) => setImmediate(r));
  t.equal(warnings.length, 1, 'warned once');
  t.match(warnings[0], new RegExp(`^lars: embedded client reached no DNS at 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\); keys without a route fail with UNREACHABLE`));
});

t.test('every address is named with its own failure', async (t) => {
  const [p1, p2] = [await freeTcpPort(), await freeTcpPort()];
  const client = await embedded(t, [`127.0.0.1:${p1}`, `127.0.0.1:${p2}`]);
  await t.rejects(client.getHost(2, 2), { code: 'UNREACHABLE', message: new RegExp(`no DNS at 127\\.0\\.0\\.1:${p1} \\(ECONNREFUSED\\), 127\\.0\\.0\\.1:${p2} \\(ECONNREFUSED\\)$`) });
});

t.test('a DNS that comes up ends it: routes arrive, and a later outage is not "never reached"', async (t) => {
  const port = await freeTcpPort();
  const client = await embedded(t, [`127.0.0.1:${port}`]);
  await t.rejects(client.getHost(1, 1), { code: 'UNREACHABLE' });
  const dns = await FakeDns.start(port);
  dns.set(1, 1, [A]);
  await until('connected', () => client.stats().dns.connected);
  t.same(await client.getHost(1, 1), A);
  await dns.close();
  await until('disconnected', () => !client.stats().dns.connected);
  t.same(client.pickHost(1, 1), A, 'the known route is served while DNS is down');
  await t.rejects(client.getHost(7, 7, { timeoutMs: 20 }), { code: 'NOEXIST', message: /has not arrived from DNS yet/ });
});

t.test('a reachable DNS among dead ones: no warning, no UNREACHABLE', async (t) => {
  const warnings = dnsWarnings(t);
  const dns = await FakeDns.start();
  t.teardown(() => dns.close());
  dns.set(1, 1, [A]);
  const client = await embedded(t, [`127.0.0.1:${await freeTcpPort()}`, dns.address]);
  t.same(await client.getHost(1, 1), A);
  await new Promise((r) => setImmediate(r));
  t.same(warnings, []);
});
