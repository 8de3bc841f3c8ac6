import t, { type Test } from 'tap';
import { lars } from '../../../proto/generated/lars.js';
import { DnsService } from '../../../actors/dns/dnsService.js';
import type { KeyRoute } from '../../../actors/dns/dnsProtocol.js';
import { FramedSocket } from '../../helpers/framedSocket.js';
import { ipv4ToInt32 } from '../../../runtime/net/ipv4.js';

const GET_ROUTE = lars.MessageId.ID_GetRouteRequest;
const ROUTE_RESP = lars.MessageId.ID_GetRouteResponse;

interface Route {
  modid: number;
  cmdid: number;
  hosts: Array<{ ip: number; port: number }>;
}

function route(modid: number, cmdid: number, ...hosts: Array<[string, number]>): KeyRoute {
  return { modid, cmdid, hosts: hosts.map(([ip, port]) => ({ ip: ipv4ToInt32(ip), port })) };
}

async function startDns(t: Test, routes: KeyRoute[] = [route(1, 1, ['10.0.0.1', 80], ['200.1.2.3', 8080])], maxOutBytes = 1 << 20): Promise<{ dns: DnsService; port: number }> {
  let clock = 1_000_000;
  const dns = new DnsService({ ip: '127.0.0.1', port: 0, maxConn: 100, maxOutBytes, now: () => clock });
  dns.apply({ type: 'routesReset', version: 1, routes, seenAt: clock });
  const port = await dns.listen();
  t.teardown(() => dns.close());
  clock += 0;
  return { dns, port };
}

async function ask(c: FramedSocket, modid: number, cmdid: number): Promise<Route> {
  c.send(GET_ROUTE, lars.GetRouteRequest.encode({ modid, cmdid }).finish());
  return next(c);
}

async function next(c: FramedSocket): Promise<Route> {
  const f = await c.next();
  if (!f) throw new Error('connection closed');
  if (f.msgid !== ROUTE_RESP) throw new Error(`unexpected msgid ${f.msgid}`);
  const r = lars.GetRouteResponse.decode(f.body);
  return { modid: r.modid, cmdid: r.cmdid, hosts: r.host.map((h) => ({ ip: h.ip ?? 0, port: h.port ?? 0 })) };
}

t.test('GetRoute for a known key, an unknown key, negative int32 addresses', async (t) => {
  const { port } = await startDns(t);
  const c = await FramedSocket.open(port);
  const known = await ask(c, 1, 1);
  t.same(known, { modid: 1, cmdid: 1, hosts: [{ ip: ipv4ToInt32('10.0.0.1'), port: 80 }, { ip: ipv4ToInt32('200.1.2.3'), port: 8080 }] });
  t.ok((known.hosts[1]?.ip ?? 0) < 0, '200.1.2.3 is negative on the wire');
  t.same(await ask(c, 7, 7), { modid: 7, cmdid: 7, hosts: [] }, 'unknown key: empty list');
  t.same(await ask(c, -5, 2147483647), { modid: -5, cmdid: 2147483647, hosts: [] });
  c.destroy();
});

t.test('pushes on add, on delete, and on delete of the last host', async (t) => {
  const { dns, port } = await startDns(t, [route(1, 1, ['10.0.0.1', 80])]);
  const sub = await FramedSocket.open(port);
  const other = await FramedSocket.open(port);
  await ask(sub, 1, 1);
  await ask(sub, 2, 2); // subscribed to a key with no hosts yet
  await ask(other, 3, 3);

  dns.apply({ type: 'routesChanged', version: 2, changes: [route(2, 2, ['10.0.0.9', 9000])], seenAt: 0 });
  t.same(await next(sub), { modid: 2, cmdid: 2, hosts: [{ ip: ipv4ToInt32('10.0.0.9'), port: 9000 }] }, 'add pushed');

  dns.apply({ type: 'routesChanged', version: 3, changes: [route(1, 1, ['10.0.0.1', 80], ['10.0.0.2', 81])], seenAt: 0 });
  t.equal((await next(sub)).hosts.length, 2, 'second host pushed');

  dns.apply({ type: 'routesChanged', version: 4, changes: [route(1, 1, ['10.0.0.2', 81])], seenAt: 0 });
  t.same((await next(sub)).hosts, [{ ip: ipv4ToInt32('10.0.0.2'), port: 81 }], 'delete pushed');

  dns.apply({ type: 'routesChanged', version: 5, changes: [route(1, 1)], seenAt: 0 });
  t.same(await next(sub), { modid: 1, cmdid: 1, hosts: [] }, 'deleting the last host pushes an empty list');
  t.same(await ask(sub, 1, 1), { modid: 1, cmdid: 1, hosts: [] }, 'and GetRoute agrees');

  // The other connection subscribed only to 3/3: nothing for it; its next frame is its own answer.
  t.same(await ask(other, 2, 2), { modid: 2, cmdid: 2, hosts: [{ ip: ipv4ToInt32('10.0.0.9'), port: 9000 }] });
  t.equal(dns.stats.pushes, 4);

  dns.apply({ type: 'routesChanged', version: 4, changes: [route(2, 2)], seenAt: 0 });
  t.same(await ask(sub, 2, 2), { modid: 2, cmdid: 2, hosts: [{ ip: ipv4ToInt32('10.0.0.9'), port: 9000 }] }, 'a stale version is ignored');
  // The watcher sends a big change in parts, all but the last at the version already held.
  dns.apply({ type: 'routesChanged', version: 5, changes: [route(2, 2, ['10.0.0.8', 9000])], seenAt: 0 });
  t.same(await ask(sub, 2, 2), { modid: 2, cmdid: 2, hosts: [{ ip: ipv4ToInt32('10.0.0.8'), port: 9000 }] }, 'a delta at the version held adds to it');
  sub.destroy();
  other.destroy();
});

t.test('a whole table whose only difference is weight 0 or 1 where there was none pushes nothing (0 and absent are 1, as on the wire)', async (t) => {
  const { dns, port } = await startDns(t, [route(1, 1, ['10.0.0.1', 80])]);
  const sub = await FramedSocket.open(port);
  await ask(sub, 1, 1);
  const ip = ipv4ToInt32('10.0.0.1');
  const table = (weight?: number): KeyRoute[] => [{ modid: 1, cmdid: 1, hosts: [weight === undefined ? { ip, port: 80 } : { ip, port: 80, weight }] }];
  t.equal(dns.apply({ type: 'routesReset', version: 2, routes: table(0), seenAt: 0 }), 0, 'weight 0: no key pushed');
  t.equal(dns.apply({ type: 'routesReset', version: 3, routes: table(1), seenAt: 0 }), 0, 'weight 1: no key pushed');
  t.equal(dns.apply({ type: 'routesReset', version: 4, routes: table(), seenAt: 0 }), 0, 'absent: no key pushed');
  t.equal(dns.stats.pushes, 0);
  t.equal(dns.apply({ type: 'routesReset', version: 5, routes: table(2), seenAt: 0 }), 1, 'a real weight change is pushed');
  const pushed = lars.GetRouteResponse.decode((await sub.next())?.body ?? new Uint8Array());
  t.same(pushed.host.map((h) => h.weight), [2]);
  sub.destroy();
});

t.test('no push to a closed connection; subscriptions die with it', async (t) => {
  const { dns, port } = await startDns(t);
  const gone = await FramedSocket.open(port);
  await ask(gone, 1, 1);
  t.equal(dns.subscriptions.connectionCount, 1);
  const closed = new Promise<void>((r) => dns.server.once('connClose', () => r()));
  gone.destroy();
  await closed;
  t.equal(dns.subscriptions.connectionCount, 0);
  dns.apply({ type: 'routesChanged', version: 2, changes: [route(1, 1, ['10.0.0.3', 1])], seenAt: 0 });
  t.equal(dns.stats.pushes, 0);
  t.equal(dns.server.counters.get('sendOnClosed'), 0, 'nothing was even tried');
});

t.test('a subscriber that never reads does not stall pushes to others', async (t) => {
  const { dns, port } = await startDns(t, [route(1, 1, ['10.0.0.1', 80])], 128 * 1024);
  const stuck = await FramedSocket.open(port);
  await ask(stuck, 1, 1);
  stuck.socket.pause();
  const good = await FramedSocket.open(port);
  await ask(good, 1, 1);
  const cut = new Promise<string>((r) => dns.server.on('connClose', (_c, reason) => reason === 'slowConsumer' && r(reason)));
  let version = 2;
  let cutDone = false;
  void cut.then(() => (cutDone = true));
  const many = Array.from({ length: 200 }, (_, i): [string, number] => [`10.1.${i >> 8}.${i & 255}`, 1000 + i]);
  while (!cutDone) {
    const count = 100 + (version % 100);
    dns.apply({ type: 'routesChanged', version: version++, changes: [route(1, 1, ...many.slice(0, count))], seenAt: 0 });
    const r = await next(good);
    if (r.hosts.length !== count) return t.fail('good subscriber got a wrong push');
  }
  t.equal(await cut, 'slowConsumer');
  t.ok(version > 3, `good subscriber received ${version - 2} pushes meanwhile`);
  stuck.destroy();
  good.destroy();
});

t.test('bad input on the DNS port: counted, connection closed, others served', async (t) => {
  const { dns, port } = await startDns(t);
  const header = (msgid: number, len: number): Buffer => {
    const b = Buffer.alloc(8);
    b.writeInt32LE(msgid, 0);
    b.writeInt32LE(len, 4);
    return b;
  };
  const closeOf = (): Promise<string> => new Promise((r) => dns.server.once('connClose', (_c, reason) => r(reason)));
  const cases: Array<[string, Buffer, string]> = [
    ['oversized length', header(GET_ROUTE, 70000), 'badLength'],
    ['negative length', header(GET_ROUTE, -8), 'badLength'],
    ['garbage protobuf', Buffer.concat([header(GET_ROUTE, 4), Buffer.from([0x08, 0xff, 0xff, 0xff])]), 'badBody'],
    ['malformed frame (HTTP)', Buffer.from('POST / HTTP/1.0\r\n\r\n'), 'badLength'],
  ];
  for (const [name, bytes, reason] of cases) {
    const c = await FramedSocket.open(port);
    const closing = closeOf();
    c.write(bytes);
    t.equal(await closing, reason, name);
  }
  const u = await FramedSocket.open(port);
  u.send(lars.MessageId.ID_GetHostRequest, Buffer.alloc(0)); // a msgid the DNS does not serve
  t.same(await ask(u, 1, 1).then((r) => r.hosts.length), 2, 'unknown msgid dropped, connection kept');
  const trunc = await FramedSocket.open(port);
  const truncClosed = closeOf();
  trunc.write(Buffer.concat([header(GET_ROUTE, 10), Buffer.from([0x08])]));
  trunc.socket.resetAndDestroy();
  t.equal(await truncClosed, 'peer', 'abrupt disconnect mid-frame');
  const c = dns.server.counters.snapshot();
  t.equal(c.badLength, 3);
  t.equal(c.badBody, 1);
  t.equal(c.unknownMsgid, 1);
  t.same(await ask(u, 1, 1).then((r) => r.hosts.length), 2, 'still serving');
  u.destroy();
});
