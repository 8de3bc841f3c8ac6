/**
 * No frame past the wire limit leaves a reactor socket: the TCP connection,
 * the TCP client and the UDP server refuse (and count) a body over the limit
 * instead of writing it, and the connection goes on serving.
 */
import t from 'tap';
import { createSocket } from 'node:dgram';
import { encodeFrame, FrameTooLargeError, MAX_BODY_LEN, MAX_UDP_BODY_LEN } from '../../../runtime/reactor/frame.js';
import { MsgRouter } from '../../../runtime/reactor/msgRouter.js';
import { TcpServer } from '../../../runtime/reactor/tcpServer.js';
import { TcpClient } from '../../../runtime/reactor/tcpClient.js';
import type { TcpConnection } from '../../../runtime/reactor/tcpConnection.js';
import { UdpServer, type UdpPeer } from '../../../runtime/reactor/udpServer.js';
import { FramedSocket } from '../../helpers/framedSocket.js';

const SIZE = 5; // body: how many bytes to answer with (uint32 LE)

function sizeOf(body: Buffer): number {
  return body.readUInt32LE(0);
}

function ask(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n, 0);
  return b;
}

t.test('encodeFrame refuses a body over the limit with a coded error', async (t) => {
  t.equal(encodeFrame(1, Buffer.alloc(MAX_BODY_LEN)).length, MAX_BODY_LEN + 8);
  t.throws(() => encodeFrame(1, Buffer.alloc(MAX_BODY_LEN + 1)), FrameTooLargeError);
  t.throws(() => encodeFrame(1, Buffer.alloc(MAX_UDP_BODY_LEN + 1), MAX_UDP_BODY_LEN), { code: 'FRAME_TOO_LARGE' });
});

t.test('TCP: a reply over 65527 bytes is refused and counted, the connection keeps serving', async (t) => {
  const router = new MsgRouter<TcpConnection>();
  router.register(SIZE, (conn, body) => {
    const n = sizeOf(body);
    if (n % 2 === 0) conn.send(SIZE, Buffer.alloc(n));
    else {
      // A prebuilt frame (as the DNS shares one push among subscribers), header written by hand.
      const frame = Buffer.alloc(8 + n);
      frame.writeInt32LE(SIZE, 0);
      frame.writeInt32LE(n, 4);
      conn.sendFrame(frame);
    }
  });
  const server = new TcpServer({ ip: '127.0.0.1', port: 0, router, maxConn: 10, maxOutBytes: 1 << 20 });
  const { port } = await server.listen();
  t.teardown(() => server.close());
  const c = await FramedSocket.open(port);
  t.teardown(() => c.destroy());
  c.send(SIZE, ask(MAX_BODY_LEN + 1));
  c.send(SIZE, ask(MAX_BODY_LEN + 2));
  c.send(SIZE, ask(MAX_BODY_LEN));
  const f = await c.next();
  t.equal(f?.body.length, MAX_BODY_LEN, 'the first frame the peer sees is the one at the limit');
  t.equal(server.counters.get('frameTooLarge'), 2);
  t.equal(server.counters.get('badLength'), 0);
});

t.test('TCP client: send over the limit throws FrameTooLargeError, counted, nothing queued', async (t) => {
  const client = new TcpClient({ addresses: [{ host: '127.0.0.1', port: 1 }], router: new MsgRouter<TcpConnection>() });
  t.teardown(() => client.close());
  client.start();
  t.throws(() => client.send(3, Buffer.alloc(MAX_BODY_LEN + 1)), { code: 'FRAME_TOO_LARGE' });
  t.equal(client.counters.get('frameTooLarge'), 1);
  t.equal(client.queuedFrames, 0);
});

t.test('UDP: a reply over 65499 body bytes (65507-byte datagram) is refused and counted', async (t) => {
  const router = new MsgRouter<UdpPeer>();
  router.register(SIZE, (peer, body) => peer.send(SIZE, Buffer.alloc(sizeOf(body))));
  const server = new UdpServer({ ip: '127.0.0.1', port: 0, router });
  const { port } = await server.bind();
  t.teardown(() => server.close());
  const sock = createSocket('udp4');
  t.teardown(() => sock.close());
  const got = new Promise<number>((resolve) => sock.once('message', (m) => resolve(m.length)));
  sock.send(encodeFrame(SIZE, ask(MAX_UDP_BODY_LEN + 1)), port, '127.0.0.1');
  sock.send(encodeFrame(SIZE, ask(MAX_UDP_BODY_LEN)), port, '127.0.0.1');
  t.equal(await got, MAX_UDP_BODY_LEN + 8, 'the largest datagram arrives; the one over it never left');
  t.equal(server.counters.get('frameTooLarge'), 1);
});
