import t, { type Test } from 'tap';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { backoffDelay } from '../../../runtime/reactor/backoff.js';
import { MsgRouter } from '../../../runtime/reactor/msgRouter.js';
import { SendQueueFullError, TcpClient } from '../../../runtime/reactor/tcpClient.js';
import type { TcpConnection } from '../../../runtime/reactor/tcpConnection.js';
import { TcpServer } from '../../../runtime/reactor/tcpServer.js';
import { ECHO, echoBody, echoRouter, readEcho } from '../../helpers/echoRouter.js';
import { FakeScheduler } from '../../helpers/fakeScheduler.js';

const CONNECT_TIMEOUT = 777;

async function echoServer(t: Test, port = 0): Promise<TcpServer> {
  const server = new TcpServer({ ip: '127.0.0.1', port, router: echoRouter(), maxConn: 100, maxOutBytes: 1 << 20 });
  await server.listen();
  t.teardown(() => server.close());
  return server;
}

/** A port with nothing listening: bind, read the port, close. */
async function deadPort(): Promise<number> {
  const s: Server = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function replyCollector(): { router: MsgRouter<TcpConnection>; next: () => Promise<number> } {
  const router = new MsgRouter<TcpConnection>();
  const ids: number[] = [];
  let waiter: ((id: number) => void) | undefined;
  router.register(ECHO, (_c, body) => {
    const id = readEcho(body).id;
    if (waiter) {
      const w = waiter;
      waiter = undefined;
      w(id);
    } else ids.push(id);
  });
  return {
    router,
    next: () => {
      const id = ids.shift();
      return id !== undefined ? Promise.resolve(id) : new Promise((r) => (waiter = r));
    },
  };
}

t.test('backoff grows exponentially, capped, with equal jitter', async (t) => {
  const opts = { minMs: 100, maxMs: 1000 };
  t.same([0, 1, 2, 3, 4, 10].map((f) => backoffDelay(f, { ...opts, random: () => 1 })), [100, 200, 400, 800, 1000, 1000]);
  t.same([0, 1, 2, 3, 4].map((f) => backoffDelay(f, { ...opts, random: () => 0 })), [50, 100, 200, 400, 500]);
});

t.test('sends made before the connection are queued and flushed in order', async (t) => {
  const server = await echoServer(t);
  const { router, next } = replyCollector();
  const client = new TcpClient({ addresses: [{ host: '127.0.0.1', port: server.address().port }], router });
  t.teardown(() => client.close());
  client.start();
  for (let i = 0; i < 5; i++) client.send(ECHO, echoBody('q', i));
  t.equal(client.queuedFrames, 5);
  for (let i = 0; i < 5; i++) t.equal(await next(), i);
  client.send(ECHO, echoBody('direct', 42));
  t.equal(await next(), 42, 'sends on a live connection go straight out');
  t.equal(client.counters.get('sendQueued'), 5);
});

t.test('the disconnected queue is bounded with a typed error', async (t) => {
  const port = await deadPort();
  const sched = new FakeScheduler();
  const client = new TcpClient({ addresses: [{ host: '127.0.0.1', port }], router: new MsgRouter<TcpConnection>(), maxQueuedFrames: 3, scheduler: sched });
  client.start();
  for (let i = 0; i < 3; i++) client.send(ECHO, echoBody('q', i));
  const err = t.throws(() => client.send(ECHO, echoBody('q', 3)));
  t.ok(err instanceof SendQueueFullError);
  t.equal((err as SendQueueFullError).code, 'SEND_QUEUE_FULL');
  t.equal(client.counters.get('sendQueueRejected'), 1);
  await client.close();
  t.throws(() => client.send(ECHO, echoBody('q', 4)), { code: 'CLIENT_CLOSED' });
});

t.test('refused connects back off exponentially and fail over to the next address', async (t) => {
  const dead = await deadPort();
  const server = await echoServer(t);
  const sched = new FakeScheduler();
  const { router, next } = replyCollector();
  const addresses = [
    { host: '127.0.0.1', port: dead },
    { host: '127.0.0.1', port: dead },
    { host: '127.0.0.1', port: server.address().port },
  ];
  const client = new TcpClient({ addresses, router, scheduler: sched, random: () => 1, backoffMinMs: 10, backoffMaxMs: 1000, connectTimeoutMs: CONNECT_TIMEOUT });
  t.teardown(() => client.close());
  const failed: number[] = [];
  client.on('connectFailed', (a) => failed.push(a.port));
  const connected = new Promise<number>((r) => client.once('connected', (_c, a) => r(a.port)));
  client.start();
  client.send(ECHO, echoBody('after failover', 1));
  // Each failure schedules one retry; fire retries (not connect timeouts) as they appear.
  for (let retries = 1; retries <= 2; retries++) {
    await new Promise<void>((r) => client.once('retry', () => r()));
    sched.fire((ms) => ms !== CONNECT_TIMEOUT);
  }
  t.equal(await connected, server.address().port);
  t.same(failed, [dead, dead]);
  t.same(sched.requested.filter((ms) => ms !== CONNECT_TIMEOUT), [10, 20], 'delays double per failure');
  t.equal(await next(), 1, 'queued send delivered after failover');
  t.equal(client.counters.get('connectFailures'), 2);
});

t.test('reconnects after the server goes away and comes back', async (t) => {
  const first = await echoServer(t);
  const port = first.address().port;
  const sched = new FakeScheduler();
  const { router, next } = replyCollector();
  const client = new TcpClient({ addresses: [{ host: '127.0.0.1', port }], router, scheduler: sched, random: () => 0, backoffMinMs: 50 });
  t.teardown(() => client.close());
  let connects = 0;
  client.on('connected', () => connects++);
  const up = new Promise<void>((r) => client.once('connected', () => r()));
  client.start();
  await up;
  const down = new Promise<string>((r) => client.once('disconnected', (reason) => r(reason)));
  await first.close();
  t.equal(await down, 'peer');
  // Server back on the same port; the client must find it on the next retry.
  await echoServer(t, port);
  const again = new Promise<void>((r) => client.once('connected', () => r()));
  sched.fire((ms) => ms !== 2000);
  await again;
  t.equal(connects, 2);
  t.equal(client.counters.get('reconnects'), 1);
  client.send(ECHO, echoBody('back', 7));
  t.equal(await next(), 7);
});

t.test('a connect that does not finish in time is abandoned and retried', async (t) => {
  const server = await echoServer(t);
  const sched = new FakeScheduler();
  const client = new TcpClient({ addresses: [{ host: '127.0.0.1', port: server.address().port }], router: new MsgRouter<TcpConnection>(), scheduler: sched, connectTimeoutMs: CONNECT_TIMEOUT, random: () => 1, backoffMinMs: 30 });
  t.teardown(() => client.close());
  let connected = false;
  client.on('connected', () => (connected = true));
  client.start();
  // Fire the connect timeout before the event loop can complete the connect.
  t.equal(sched.fire((ms) => ms === CONNECT_TIMEOUT), 1);
  t.equal(client.counters.get('connectTimeouts'), 1);
  t.equal(sched.live(30), 1, 'a retry is scheduled');
  const up = new Promise<void>((r) => client.once('connected', () => r()));
  sched.fire((ms) => ms === 30);
  await up;
  t.ok(connected);
});

t.test('close() stops reconnecting', async (t) => {
  const server = await echoServer(t);
  const sched = new FakeScheduler();
  const client = new TcpClient({ addresses: [{ host: '127.0.0.1', port: server.address().port }], router: new MsgRouter<TcpConnection>(), scheduler: sched });
  const up = new Promise<void>((r) => client.once('connected', () => r()));
  client.start();
  await up;
  await client.close();
  t.equal(sched.live(), 0, 'no retry scheduled after close');
  t.equal(client.connection, undefined);
});
