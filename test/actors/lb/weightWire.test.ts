/**
 * HostInfo.weight (field 3), zone (4) and tags (5) on the wire: with every
 * weight 1 and no zone or tag each frame is byte-identical to what the
 * original's schema encodes (checked against an independent protobufjs parse
 * of the original's messages, not our code), and a frame using them still
 * decodes with the original's schema, which skips the fields it lacks.
 */
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import t from 'tap';
import { encodeRouteResponse, RouteSnapshot } from '../../../actors/dns/routeSnapshot.js';
import { lars } from '../../../proto/generated/lars.js';
import { hostInfoFromWire, hostInfoToWire } from '../../../proto/hostWeight.js';
import { encodeFrame } from '../../../runtime/reactor/frame.js';
import { parseDatagram } from '../../../runtime/reactor/datagram.js';
import { LarsClient } from '../../../client/index.js';
import { AgentFixture } from '../../helpers/agentFixture.js';
import { ORIGINAL_ROUTE_RESPONSE as ORIGINAL, originalFrame } from '../../helpers/originalWire.js';

// Negative ips (>= 128.0.0.0), port 0 and 65535, a big key: every varint length.
const HOSTS = [
  { ip: 0x0a000001, port: 80 },
  { ip: -939524095, port: 65535 },
  { ip: 0, port: 0 },
  { ip: 0x7fffffff, port: 8080 },
];

t.test('DNS GetRouteResponse: weights absent or all 1 give the original\'s bytes', async (t) => {
  for (const [modid, cmdid] of [[1, 1], [-5, 2147483647], [0, 0]] as const) {
    const want = originalFrame(lars.MessageId.ID_GetRouteResponse, modid, cmdid, HOSTS);
    t.same(encodeRouteResponse(modid, cmdid, HOSTS), want, `${modid}/${cmdid}, no weight field`);
    t.same(encodeRouteResponse(modid, cmdid, HOSTS.map((h) => ({ ...h, weight: 1 }))), want, `${modid}/${cmdid}, weight 1 given`);
    t.same(RouteSnapshot.of(1, [{ modid, cmdid, hosts: HOSTS }]).responseFrame(modid, cmdid), want, 'the cached snapshot frame');
  }
  t.same(encodeRouteResponse(3, 3, []), originalFrame(lars.MessageId.ID_GetRouteResponse, 3, 3, []), 'empty route');
});

t.test('a weighted host adds field 3 only to itself; the original\'s schema still decodes every address', async (t) => {
  const weighted = HOSTS.map((h, i) => (i === 1 ? { ...h, weight: 300 } : h));
  const frame = encodeRouteResponse(1, 2, weighted);
  const plain = originalFrame(lars.MessageId.ID_GetRouteResponse, 1, 2, HOSTS);
  t.equal(frame.length, plain.length + 3, 'tag 0x18 and a 2-byte varint for 300, nothing else');
  const old = ORIGINAL.toObject(ORIGINAL.decode(frame.subarray(8)), { defaults: true }) as { host: Array<{ ip: number; port: number }> };
  t.same(old.host, HOSTS, 'the original\'s clients read the same addresses and skip the weight');
  const ours = lars.GetRouteResponse.decode(frame.subarray(8));
  t.same(ours.host.map(hostInfoFromWire), weighted, 'ours reads the weight back');
});

t.test('no zone and no tags (absent, empty zone, empty list) give the original\'s bytes', async (t) => {
  const want = originalFrame(lars.MessageId.ID_GetRouteResponse, 7, 9, HOSTS);
  t.same(encodeRouteResponse(7, 9, HOSTS.map((h) => ({ ...h, zone: '', tags: [] }))), want, 'empty zone and tag list are not written');
  t.same(RouteSnapshot.of(1, [{ modid: 7, cmdid: 9, hosts: HOSTS.map((h) => ({ ...h, weight: 1, tags: [] })) }]).responseFrame(7, 9), want, 'the cached snapshot frame');
  t.same(hostInfoToWire({ ip: 1, port: 2, zone: '', tags: [] }), { ip: 1, port: 2 }, 'nothing but the address');
});

t.test('zone and tags add fields 4 and 5 only to their host; the original\'s schema skips them', async (t) => {
  const meta = HOSTS.map((h, i) => (i === 0 ? { ...h, zone: 'eu-1', tags: ['canary=yes', 'version=v2'] } : i === 2 ? { ...h, weight: 7, zone: 'us-2' } : h));
  const frame = encodeRouteResponse(1, 2, meta);
  const plain = originalFrame(lars.MessageId.ID_GetRouteResponse, 1, 2, HOSTS);
  // host 0: 0x22 len "eu-1" (6) + 2 × (0x2a len text) (12 + 12) = 30; host 2: 0x18 07 (2) + 0x22 len "us-2" (6) = 8;
  // and each HostInfo's own length varint stays one byte.
  t.equal(frame.length, plain.length + 30 + 8, 'the new fields and nothing else');
  const old = ORIGINAL.toObject(ORIGINAL.decode(frame.subarray(8)), { defaults: true }) as { host: Array<{ ip: number; port: number }> };
  t.same(old.host, HOSTS, 'the original\'s clients read the same addresses');
  const ours = lars.GetRouteResponse.decode(frame.subarray(8));
  t.same(ours.host.map(hostInfoFromWire), meta, 'ours reads zone and tags back');
});

t.test('zone and tags from a foreign peer: a bad zone reads as none, bad or repeated tags are left out', async (t) => {
  const body = lars.HostInfo.encode({ ip: 1, port: 2, zone: 'has space', tags: ['b=2', 'nokey', 'a=1', 'b=3', 'c=,'] }).finish();
  t.same(hostInfoFromWire(lars.HostInfo.decode(body)), { ip: 1, port: 2, tags: ['a=1', 'b=2'] }, 'kept tags sorted by key');
  const many = Array.from({ length: 12 }, (_, i) => `k${String(i).padStart(2, '0')}=v`);
  t.equal(hostInfoFromWire({ ip: 1, port: 2, tags: many }).tags?.length, 8, 'at most 8 tags');
});

t.test('weights from a foreign peer are clamped to 1…1000; 0 means 1', async (t) => {
  const cases: Array<[number | undefined, number]> = [[undefined, 1], [0, 1], [-7, 1], [1, 1], [2, 2], [1000, 1000], [1001, 1000], [2147483647, 1000]];
  for (const [sent, got] of cases) {
    t.equal(hostInfoFromWire({ ip: 1, port: 2, ...(sent === undefined ? {} : { weight: sent }) }).weight ?? 1, got, `weight ${sent} reads as ${got}`);
  }
  t.same(hostInfoToWire({ ip: 1, port: 2, weight: 1 }), { ip: 1, port: 2 }, 'weight 1 is never written');
});

t.test('agent API_GetRouteResponse over UDP: the original\'s bytes with weights 1, the weight otherwise', async (t) => {
  const agent = await AgentFixture.start({
    routes: [
      { modid: 1, cmdid: 1, hosts: [{ ip: '10.0.0.1', port: 80 }, { ip: '200.1.2.3', port: 81, weight: 1 }] },
      { modid: 1, cmdid: 2, hosts: [{ ip: '10.0.0.1', port: 80, weight: 5 }, { ip: '200.1.2.3', port: 81 }] },
    ],
  });
  t.teardown(() => agent.close());
  const socket = createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  t.teardown(() => socket.close());
  const ask = async (modid: number, cmdid: number): Promise<Buffer> => {
    const port = agent.basePort + ((modid + cmdid) % 3);
    socket.send(encodeFrame(lars.MessageId.ID_API_GetRouteRequest, lars.GetRouteRequest.encode({ modid, cmdid }).finish()), port, '127.0.0.1');
    const [msg] = (await once(socket, 'message')) as [Buffer];
    return msg;
  };
  const plain = await ask(1, 1);
  t.same(plain, originalFrame(lars.MessageId.ID_API_GetRouteResponse, 1, 1, [{ ip: 0x0a000001, port: 80 }, { ip: -939458045, port: 81 }]), 'byte-identical datagram');
  const weighted = await ask(1, 2);
  const f = parseDatagram(weighted);
  t.same(lars.GetRouteResponse.decode(f?.body ?? Buffer.alloc(0)).host.map(hostInfoFromWire), [
    { ip: 0x0a000001, port: 80, weight: 5 },
    { ip: -939458045, port: 81 },
  ]);

  const client = new LarsClient({ basePort: agent.basePort, timeoutMs: 2000 });
  t.teardown(() => client.close());
  t.same(await client.getRoute(1, 2), [
    { ip: '10.0.0.1', port: 80, weight: 5 },
    { ip: '200.1.2.3', port: 81, weight: 1 },
  ], 'the client decodes the weight, 1 when absent');
});
