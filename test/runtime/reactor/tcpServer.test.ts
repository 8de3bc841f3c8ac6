import t, { type Test } from 'tap';
import { TcpServer } from '../../../runtime/reactor/tcpServer.js';
import type { CloseReason, TcpConnection } from '../../../runtime/reactor/tcpConnection.js';
import { FramedSocket } from '../../helpers/framedSocket.js';
import { ECHO, THROWS, echoBody, echoRouter, readEcho } from '../../helpers/echoRouter.js';

function header(msgid: number, len: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeInt32LE(msgid, 0);
  b.writeInt32LE(len, 4);
  return b;
}

async function startServer(t: Test, opts: { maxConn?: number; maxOutBytes?: number } = {}): Promise<{ server: TcpServer; port: number }> {
  const server = new TcpServer({ ip: '127.0.0.1', port: 0, router: echoRouter(), maxConn: opts.maxConn ?? 100, maxOutBytes: opts.maxOutBytes ?? 1 << 20, onHandlerError: () => undefined });
  const { port } = await server.listen();
  t.teardown(() => server.close());
  return { server, port };
}

/** Resolves with the reason of the next server-side close. */
function nextClose(server: TcpServer): Promise<CloseReason> {
  return new Promise((resolve) => server.once('connClose', (_c, reason) => resolve(reason)));
}

async function echoWorks(t: Test, port: number, id: number): Promise<void> {
  const c = await FramedSocket.open(port);
  c.send(ECHO, echoBody('still here', id));
  const reply = await c.next();
  t.same(reply && readEcho(reply.body), { content: 'still here', id }, 'a well-behaved client is served');
  c.destroy();
}

t.test('echo, many frames in one write, replies in order', async (t) => {
  const { server, port } = await startServer(t);
  const c = await FramedSocket.open(port);
  const frames = Array.from({ length: 200 }, (_, i) => Buffer.from(echoBody(`m${i}`, i)));
  c.write(Buffer.concat(frames.map((b) => Buffer.concat([header(ECHO, b.length), b]))));
  for (let i = 0; i < 200; i++) {
    const f = await c.next();
    if (!f || readEcho(f.body).id !== i) return t.fail(`reply ${i}`);
  }
  t.equal(server.counters.get('framesIn'), 200);
  t.equal(server.counters.get('framesOut'), 200);
  c.destroy();
});

t.test('a frame split across writes is reassembled', async (t) => {
  const { port } = await startServer(t);
  const c = await FramedSocket.open(port);
  const body = Buffer.from(echoBody('split', 5));
  const frame = Buffer.concat([header(ECHO, body.length), body]);
  for (const cut of [1, 4, 8, 9, frame.length - 1]) {
    c.write(frame.subarray(0, cut));
    await new Promise<void>((r) => setImmediate(r));
    c.write(frame.subarray(cut));
    const f = await c.next();
    t.same(f && readEcho(f.body), { content: 'split', id: 5 }, `cut at ${cut}`);
  }
  c.destroy();
});

t.test('bad lengths close only that connection', async (t) => {
  const { server, port } = await startServer(t);
  for (const [name, len] of [['negative', -1], ['oversized', 65528], ['huge', 0x7fffffff]] as const) {
    const bad = await FramedSocket.open(port);
    const closing = nextClose(server);
    bad.write(header(ECHO, len));
    t.equal(await closing, 'badLength', name);
    await bad.closed;
  }
  t.equal(server.counters.get('badLength'), 3);
  await echoWorks(t, port, 1);
});

t.test('HTTP text sent to the port', async (t) => {
  const { server, port } = await startServer(t);
  const c = await FramedSocket.open(port);
  const closing = nextClose(server);
  c.write('GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n');
  t.equal(await closing, 'badLength');
  t.equal(await c.next(), undefined, 'no reply, connection closed');
  await echoWorks(t, port, 2);
});

t.test('garbage protobuf body: counted, connection closed, others served', async (t) => {
  const { server, port } = await startServer(t);
  const c = await FramedSocket.open(port);
  const closing = nextClose(server);
  c.send(ECHO, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
  t.equal(await closing, 'badBody');
  t.equal(server.counters.get('badBody'), 1);
  await echoWorks(t, port, 3);
});

t.test('unknown msgid: dropped and counted, connection stays', async (t) => {
  const { server, port } = await startServer(t);
  const c = await FramedSocket.open(port);
  c.send(12345, Buffer.from('whatever'));
  c.send(0, Buffer.alloc(0));
  c.send(ECHO, echoBody('after', 9));
  const f = await c.next();
  t.same(f && readEcho(f.body), { content: 'after', id: 9 });
  t.equal(server.counters.get('unknownMsgid'), 2);
  t.equal(server.connectionCount, 1);
  c.destroy();
});

t.test('a handler that throws: counted, connection closed, server alive', async (t) => {
  const { server, port } = await startServer(t);
  const c = await FramedSocket.open(port);
  const closing = nextClose(server);
  c.send(THROWS, Buffer.alloc(0));
  t.equal(await closing, 'handlerError');
  t.equal(server.counters.get('handlerError'), 1);
  await echoWorks(t, port, 4);
});

t.test('truncated body then disconnect', async (t) => {
  const { server, port } = await startServer(t);
  const c = await FramedSocket.open(port);
  const closing = nextClose(server);
  c.write(Buffer.concat([header(ECHO, 100), Buffer.alloc(40)]));
  c.end();
  t.equal(await closing, 'peer');
  t.equal(server.counters.get('truncatedFrame'), 1);
  await echoWorks(t, port, 5);
});

t.test('abrupt disconnects with replies in flight do not hurt the server', async (t) => {
  const { server, port } = await startServer(t);
  for (let i = 0; i < 20; i++) {
    const c = await FramedSocket.open(port);
    const closing = nextClose(server);
    for (let j = 0; j < 50; j++) c.send(ECHO, echoBody('x'.repeat(100), j));
    c.socket.resetAndDestroy();
    await closing;
  }
  t.equal(server.connectionCount, 0);
  await echoWorks(t, port, 6);
});

t.test('max_conn: extra connections are accepted and closed at once', async (t) => {
  const { server, port } = await startServer(t, { maxConn: 2 });
  const a = await FramedSocket.open(port);
  const b = await FramedSocket.open(port);
  const c = await FramedSocket.open(port);
  await c.closed;
  t.equal(server.counters.get('connRejectedMaxConn'), 1);
  a.send(ECHO, echoBody('a', 1));
  t.ok(await a.next(), 'connections under the cap are served');
  const closing = nextClose(server);
  a.destroy();
  await closing;
  await echoWorks(t, port, 7);
  b.destroy();
});

t.test('connection hooks and per-connection params', async (t) => {
  const { server, port } = await startServer(t);
  const started: TcpConnection[] = [];
  server.on('connStart', (conn) => {
    conn.param = { tag: `conn-${conn.id}` };
    started.push(conn);
  });
  const closed = new Promise<[TcpConnection, CloseReason]>((resolve) => server.once('connClose', (c, r) => resolve([c, r])));
  const c = await FramedSocket.open(port);
  c.send(ECHO, echoBody('p', 1));
  await c.next();
  t.equal(started.length, 1);
  t.same(started[0]?.param, { tag: `conn-${started[0]?.id}` });
  c.end();
  const [conn, reason] = await closed;
  t.equal(conn, started[0]);
  t.equal(reason, 'peer');
  t.equal(conn.isOpen, false);
  t.equal(conn.send(ECHO, echoBody('late', 1)), false, 'send after close is refused');
  t.equal(server.counters.get('sendOnClosed'), 1);
});

t.test('a client that never reads is cut; another keeps being served', async (t) => {
  const { server, port } = await startServer(t, { maxOutBytes: 256 * 1024 });
  const slow = await FramedSocket.open(port);
  slow.socket.pause();
  const cut = nextClose(server);
  const body = echoBody('y'.repeat(100), 1);
  const good = await FramedSocket.open(port);
  let served = 0;
  let done = false;
  void cut.then(() => (done = true));
  // Keep the slow client's requests coming while the good one does round trips.
  while (!done) {
    for (let i = 0; i < 500; i++) slow.send(ECHO, body);
    good.send(ECHO, echoBody('good', served));
    const f = await good.next();
    if (f && readEcho(f.body).id === served) served++;
  }
  t.equal(await cut, 'slowConsumer');
  t.equal(server.counters.get('slowConsumerCut'), 1);
  t.ok(served > 0, `good client served ${served} round trips meanwhile`);
  await echoWorks(t, port, 8);
  good.destroy();
  slow.destroy();
});

t.test('close() stops accepting and ends connections', async (t) => {
  const server = new TcpServer({ ip: '127.0.0.1', port: 0, router: echoRouter(), maxConn: 10, maxOutBytes: 1 << 20 });
  const { port } = await server.listen();
  const c = await FramedSocket.open(port);
  c.socket.on('end', () => c.end());
  await server.close();
  await c.closed;
  await t.rejects(FramedSocket.open(port), { code: 'ECONNREFUSED' });
});

t.test('listen on a taken port rejects', async (t) => {
  const { port } = await startServer(t);
  const other = new TcpServer({ ip: '127.0.0.1', port, router: echoRouter(), maxConn: 1, maxOutBytes: 1024 * 1024 });
  await t.rejects(other.listen(), { code: 'EADDRINUSE' });
});
