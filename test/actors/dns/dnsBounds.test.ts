/**
 * The DNS's bounds on real sockets: subscriptions to keys with a route per
 * connection and in total (answered but not subscribed past them, counted;
 * unknown keys wait in a table of their own, see subscriptionFlood.test.ts), the table giving everything back when a connection closes,
 * and the handshake deadline (a connection with no complete frame is closed,
 * one idle after its first frame stays).
 */
import t, { type Test } from 'tap';
import { lars } from '../../../proto/generated/lars.js';
import { DnsService, type DnsServiceOptions } from '../../../actors/dns/dnsService.js';
import { Subscriptions } from '../../../actors/dns/subscriptions.js';
import type { CloseReason } from '../../../runtime/reactor/tcpConnection.js';
import { FramedSocket } from '../../helpers/framedSocket.js';
import { FakeScheduler } from '../../helpers/fakeScheduler.js';

const GET_ROUTE = lars.MessageId.ID_GetRouteRequest;

async function startDns(t: Test, opts: Partial<DnsServiceOptions>): Promise<{ dns: DnsService; port: number }> {
  const dns = new DnsService({ ip: '127.0.0.1', port: 0, maxConn: 100, maxOutBytes: 1 << 20, ...opts });
  dns.apply({ type: 'routesReset', version: 1, routes: [{ modid: 1, cmdid: 1, hosts: [{ ip: 1, port: 80 }] }], seenAt: 0 });
  const port = await dns.listen();
  t.teardown(() => dns.close());
  return { dns, port };
}

async function ask(c: FramedSocket, modid: number, cmdid: number): Promise<number> {
  c.send(GET_ROUTE, lars.GetRouteRequest.encode({ modid, cmdid }).finish());
  const f = await c.next();
  if (!f) throw new Error('closed');
  return lars.GetRouteResponse.decode(f.body).host.length;
}

function nextClose(dns: DnsService): Promise<CloseReason> {
  return new Promise((resolve) => dns.server.once('connClose', (_c, reason) => resolve(reason)));
}

t.test('Subscriptions: bounds per connection and in total; drop gives every entry back', async (t) => {
  const subs = new Subscriptions<object>({ limits: { perConn: 3, total: 5 } });
  const a = {};
  const b = {};
  t.same([1, 2, 3, 4].map((k) => subs.add(a, k, k)), ['added', 'added', 'added', 'connLimit']);
  t.equal(subs.add(a, 1, 1), 'known', 'a key already held is not refused');
  t.same([1, 5, 6].map((k) => subs.add(b, k, k)), ['added', 'added', 'totalLimit']);
  t.equal(subs.subscriptionCount, 5);
  t.equal(subs.keyCount, 4);
  subs.drop(a);
  t.equal(subs.subscriptionCount, 2);
  t.equal(subs.keyCount, 2, 'keys only a held are gone from the by-key index');
  t.equal(subs.add(b, 6, 6), 'added', 'room again once a is gone');
  subs.drop(b);
  t.same([subs.connectionCount, subs.keyCount, subs.subscriptionCount], [0, 0, 0], 'the table is empty: nothing kept');
});

t.test('past the per-connection bound: answered, not subscribed, counted; memory back on close', async (t) => {
  const { dns, port } = await startDns(t, { maxSubscriptionsPerConn: 100, maxSubscriptions: 150 });
  const routes = [{ modid: 1, cmdid: 1, hosts: [{ ip: 1, port: 80 }] }];
  for (let k = 0; k < 300; k++) routes.push({ modid: 2, cmdid: k, hosts: [{ ip: 3, port: 90 }] });
  dns.apply({ type: 'routesReset', version: 2, routes, seenAt: 0 });
  const c = await FramedSocket.open(port);
  for (let k = 0; k < 200; k++) await ask(c, 2, k);
  t.equal(await ask(c, 1, 1), 1, 'a known key is still answered past the bound');
  t.equal(dns.subscriptions.subscriptionCount, 100);
  t.equal(dns.stats.subscriptionsRefusedConn, 101);
  const d = await FramedSocket.open(port);
  for (let k = 0; k < 60; k++) await ask(d, 2, 200 + k);
  t.equal(dns.subscriptions.subscriptionCount, 150);
  t.equal(dns.stats.subscriptionsRefusedTotal, 10);
  // A key that does not exist yet waits in its own table, past the routed bounds, and is pushed once it is added.
  t.equal(await ask(c, 1000, 1000), 0);
  t.equal(dns.subscriptions.waiting.size, 1, 'an unknown key is not refused by the routed bounds');
  dns.apply({ type: 'routesChanged', version: 3, changes: [{ modid: 1000, cmdid: 1000, hosts: [{ ip: 2, port: 81 }] }], seenAt: 0 });
  const pushed = await c.next();
  t.equal(pushed && lars.GetRouteResponse.decode(pushed.body).modid, 1000, 'an unknown key subscribed to is pushed when it appears');
  t.equal(dns.subscriptions.waiting.size, 1, 'the routed table was full: the waiter stays waiting');
  const closed = [nextClose(dns), nextClose(dns)];
  c.destroy();
  d.destroy();
  await Promise.all(closed);
  while (dns.server.connectionCount > 0) await new Promise((r) => setImmediate(r));
  t.same([dns.subscriptions.connectionCount, dns.subscriptions.keyCount, dns.subscriptions.subscriptionCount], [0, 0, 0], 'everything given back');
});

t.test('handshake deadline on a manual clock: silent and half-frame connections closed, an idle agent after one frame stays', async (t) => {
  const scheduler = new FakeScheduler();
  const { dns, port } = await startDns(t, { handshakeTimeoutMs: 10_000, scheduler });
  const silent = await FramedSocket.open(port);
  const half = await FramedSocket.open(port);
  const agent = await FramedSocket.open(port);
  half.write(Buffer.from([1, 0, 0, 0, 4, 0, 0, 0, 8])); // header and one byte of a 4-byte body
  t.equal(await ask(agent, 1, 1), 1);
  await scheduler.waitForRequests(3);
  t.equal(scheduler.requested.filter((ms) => ms === 10_000).length, 3);
  const closes = [nextClose(dns), nextClose(dns)];
  scheduler.fire((ms) => ms === 10_000);
  t.same(await Promise.all(closes), ['handshakeTimeout', 'handshakeTimeout']);
  await Promise.all([silent.closed, half.closed]);
  t.equal(dns.server.counters.get('handshakeTimeout'), 2);
  t.equal(await ask(agent, 1, 1), 1, 'the agent that sent a frame is still served');
  t.equal(dns.server.connectionCount, 1);
});

t.test('handshake quiet allowance: idle agents from one address are kept up to handshake_quiet_per_ip, a flood is not', async (t) => {
  const scheduler = new FakeScheduler();
  const { dns, port } = await startDns(t, { handshakeTimeoutMs: 10_000, handshakeQuietPerIp: 2, scheduler });
  const silent = await Promise.all([0, 1, 2, 3].map(() => FramedSocket.open(port)));
  const deadlines = (): number => scheduler.requested.filter((ms) => ms === 10_000).length;
  while (deadlines() < 4) await scheduler.waitForRequests(scheduler.requested.length + 1);
  scheduler.fire((ms) => ms === 10_000);
  const cut = new Set<FramedSocket>();
  await new Promise<void>((resolve) => {
    for (const s of silent) void s.closed.then(() => cut.add(s) && cut.size === 2 && resolve());
  });
  while (dns.server.connectionCount > 2) await new Promise((r) => setImmediate(r));
  t.equal(dns.server.counters.get('handshakeTimeout'), 2, 'the two past the allowance are cut');
  t.equal(dns.server.counters.get('handshakeQuietKept'), 2);
  const kept = silent.filter((s) => !cut.has(s));
  t.equal(kept.length, 2);
  t.equal(await ask(kept[0]!, 1, 1), 1, 'a kept idle agent is served when it asks');
  // A kept connection that goes away gives its place to the next idle one.
  const gone = nextClose(dns);
  kept[1]!.destroy();
  await gone;
  const next = await FramedSocket.open(port);
  while (deadlines() < 5) await scheduler.waitForRequests(scheduler.requested.length + 1);
  scheduler.fire((ms) => ms === 10_000);
  t.equal(dns.server.counters.get('handshakeQuietKept'), 3, 'the freed place is granted again');
  t.equal(await ask(next, 1, 1), 1);
  t.equal(dns.server.counters.get('handshakeTimeout'), 2);
});

t.test('handshake deadline on the real clock (short), awaited by the close event', async (t) => {
  const { dns, port } = await startDns(t, { handshakeTimeoutMs: 50 });
  const closed = nextClose(dns);
  const silent = await FramedSocket.open(port);
  t.equal(await closed, 'handshakeTimeout');
  await silent.closed;
  t.equal(dns.server.counters.get('handshakeTimeout'), 1);
});
