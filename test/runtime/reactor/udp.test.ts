import t, { type Test } from 'tap';
import { createSocket, type Socket } from 'node:dgram';
import { decodeBody, MsgRouter } from '../../../runtime/reactor/msgRouter.js';
import { UdpClient } from '../../../runtime/reactor/udpClient.js';
import { UdpServer, type UdpPeer } from '../../../runtime/reactor/udpServer.js';
import { encodeFrame } from '../../../runtime/reactor/frame.js';
import { parseDatagram } from '../../../runtime/reactor/datagram.js';
import { lars } from '../../../proto/generated/lars.js';

const GET_HOST = lars.MessageId.ID_GetHostRequest;
const GET_HOST_RESP = lars.MessageId.ID_GetHostResponse;

async function startServer(t: Test): Promise<UdpServer> {
  const router = new MsgRouter<UdpPeer>();
  router.register(GET_HOST, (peer, body, msgid) => {
    const req = decodeBody(lars.GetHostRequest, body, msgid);
    peer.send(GET_HOST_RESP, lars.GetHostResponse.encode({ seq: req.seq, modid: req.modid, cmdid: req.cmdid, retcode: 0, host: { ip: -922812157, port: 80 } }).finish());
  });
  router.register(77, () => {
    throw new Error('handler bug');
  });
  const server = new UdpServer({ ip: '127.0.0.1', port: 0, router, recvBufferBytes: 1 << 20, onHandlerError: () => undefined });
  await server.bind();
  t.teardown(() => server.close());
  return server;
}

/** A raw UDP socket that awaits replies one by one. */
async function rawPeer(t: Test): Promise<{ sock: Socket; next: () => Promise<Buffer> }> {
  const sock = createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
  t.teardown(() => sock.close());
  const queue: Buffer[] = [];
  let waiter: ((b: Buffer) => void) | undefined;
  sock.on('message', (m) => {
    if (waiter) {
      const w = waiter;
      waiter = undefined;
      w(m);
    } else queue.push(m);
  });
  return { sock, next: () => (queue.length > 0 ? Promise.resolve(queue.shift() as Buffer) : new Promise((r) => (waiter = r))) };
}

function request(seq: number): Buffer {
  return encodeFrame(GET_HOST, lars.GetHostRequest.encode({ seq, modid: 1, cmdid: 2 }).finish());
}

t.test('server replies to the datagram source with the same seq', async (t) => {
  const server = await startServer(t);
  const a = await rawPeer(t);
  const b = await rawPeer(t);
  const port = server.address().port;
  a.sock.send(request(11), port, '127.0.0.1');
  b.sock.send(request(22), port, '127.0.0.1');
  const ra = parseDatagram(await a.next());
  const rb = parseDatagram(await b.next());
  t.equal(ra?.msgid, GET_HOST_RESP);
  if (!ra || !rb) throw new Error('reply is not a frame');
  t.equal(lars.GetHostResponse.decode(ra.body).seq, 11);
  t.equal(lars.GetHostResponse.decode(rb.body).seq, 22);
  t.equal(lars.GetHostResponse.decode(rb.body).host?.ip, -922812157, 'negative int32 ip survives');
});

t.test('bad datagrams are dropped and counted, the next good one is served', async (t) => {
  const server = await startServer(t);
  const peer = await rawPeer(t);
  const port = server.address().port;
  const good = request(5);
  const wrongLen = Buffer.from(good);
  wrongLen.writeInt32LE(good.length, 4); // claims 8 more bytes than it carries
  const negative = Buffer.from(good);
  negative.writeInt32LE(-1, 4);
  const bad = [Buffer.alloc(0), Buffer.from([1, 2, 3]), wrongLen, negative, Buffer.concat([good, Buffer.from([0])])];
  for (const d of bad) peer.sock.send(d, port, '127.0.0.1');
  peer.sock.send(encodeFrame(GET_HOST, Buffer.from([0xff, 0xff, 0xff])), port, '127.0.0.1'); // garbage body
  peer.sock.send(encodeFrame(4242, Buffer.alloc(0)), port, '127.0.0.1'); // unknown msgid
  peer.sock.send(encodeFrame(77, Buffer.alloc(0)), port, '127.0.0.1'); // handler bug
  peer.sock.send(good, port, '127.0.0.1');
  const reply = parseDatagram(await peer.next());
  if (!reply) throw new Error('reply is not a frame');
  t.equal(lars.GetHostResponse.decode(reply.body).seq, 5, 'only the good datagram is answered');
  const c = server.counters.snapshot();
  t.equal(c.badDatagram, 5);
  t.equal(c.badBody, 1);
  t.equal(c.unknownMsgid, 1);
  t.equal(c.handlerError, 1);
  t.equal(c.datagramsIn, 9);
  t.equal(c.datagramsOut, 1);
});

t.test('UdpClient sends frames and routes replies', async (t) => {
  const server = await startServer(t);
  const router = new MsgRouter<UdpClient>();
  const seqs: number[] = [];
  let done: () => void = () => undefined;
  const all = new Promise<void>((r) => (done = r));
  router.register(GET_HOST_RESP, (_c, body) => {
    seqs.push(lars.GetHostResponse.decode(body).seq);
    if (seqs.length === 100) done();
  });
  const client = new UdpClient({ host: '127.0.0.1', port: server.address().port, router });
  await client.connect();
  t.teardown(() => client.close());
  for (let i = 0; i < 100; i++) client.send(GET_HOST, lars.GetHostRequest.encode({ seq: i, modid: 1, cmdid: 2 }).finish());
  await all;
  t.same([...seqs].sort((x, y) => x - y), Array.from({ length: 100 }, (_, i) => i));
});

t.test('UdpClient towards a port with no server: counted, no throw', async (t) => {
  const probe = createSocket('udp4');
  await new Promise<void>((r) => probe.bind(0, '127.0.0.1', r));
  const port = probe.address().port;
  await new Promise<void>((r) => probe.close(() => r()));
  const client = new UdpClient({ host: '127.0.0.1', port, router: new MsgRouter() });
  await client.connect();
  const refused = new Promise<void>((resolve) => {
    const check = (): void => (client.counters.get('socketError') > 0 ? resolve() : void setImmediate(check));
    check();
  });
  for (let i = 0; i < 3; i++) client.send(GET_HOST, Buffer.alloc(0));
  await refused;
  t.ok(client.counters.get('socketError') >= 1, 'ECONNREFUSED counted');
  await client.close();
  client.send(GET_HOST, Buffer.alloc(0));
  t.equal(client.counters.get('sendOnClosed'), 1);
});
