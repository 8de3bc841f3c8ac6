/**
 * The shared HTTP limits on real sockets: partial headers, slow bodies,
 * oversized headers and bodies, garbage, a connection flood and abrupt
 * disconnects are refused and counted while a well-behaved client is served.
 */
import t from 'tap';
import type { Test } from 'tap';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createLimitedServer, type HttpLimits, type LimitedServer } from '../../../runtime/admin/httpLimits.js';
import { isLoopback } from '../../../runtime/admin/requestSite.js';

async function start(t: Test, limits: Partial<HttpLimits>): Promise<{ s: LimitedServer; port: number; bodies: number[] }> {
  const bodies: number[] = [];
  const s = createLimitedServer((_req, res, body) => {
    bodies.push(body.length);
    res.end(`got ${body.length}\n`);
  }, limits);
  await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => {
    s.server.close(() => resolve());
    s.server.closeAllConnections();
  }));
  return { s, port: (s.server.address() as AddressInfo).port, bodies };
}

/** Connects, writes `data`, and resolves with everything read until the server closes. */
function exchange(port: number, data: string | Buffer, keepWriting?: (sock: Socket) => void): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let got = '';
    sock.on('data', (c) => (got += c.toString('latin1')));
    sock.on('error', () => undefined);
    sock.on('close', () => resolve(got));
    sock.write(data);
    keepWriting?.(sock);
  });
}

async function healthy(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/ok`)).text();
}

t.test('headers that never finish are cut with 408 after headersTimeoutMs (was: held 95 s)', async (t) => {
  const { s, port } = await start(t, { headersTimeoutMs: 200, requestTimeoutMs: 400 });
  const partial = await Promise.all([1, 2, 3].map(() => exchange(port, 'GET /ok HTTP/1.1\r\nHost: x\r\nX-Slow: ')));
  for (const got of partial) t.match(got, /^HTTP\/1\.1 408 /);
  t.equal(s.counts().timedOut, 3);
  t.equal(await healthy(port), 'got 0\n');
});

t.test('a body that stalls is cut after requestTimeoutMs', async (t) => {
  const { s, port, bodies } = await start(t, { headersTimeoutMs: 200, requestTimeoutMs: 300 });
  const got = await exchange(port, 'POST /ok HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789');
  t.match(got, /^HTTP\/1\.1 408 /);
  t.equal(s.counts().timedOut, 1);
  t.same(bodies, [], 'the handler never saw the partial body');
});

t.test('oversized headers: 431, counted', async (t) => {
  const { s, port } = await start(t, { maxHeaderBytes: 1024 });
  const got = await exchange(port, `GET /ok HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(4096)}\r\n\r\n`);
  t.match(got, /^HTTP\/1\.1 431 /);
  t.equal(s.counts().headerTooLarge, 1);
  t.equal(await healthy(port), 'got 0\n');
});

t.test('oversized bodies: 413 by content-length and by chunked stream, the handler never runs', async (t) => {
  const { s, port, bodies } = await start(t, { maxBodyBytes: 1000 });
  const declared = await fetch(`http://127.0.0.1:${port}/ok`, { method: 'POST', body: Buffer.alloc(10 * 1024 * 1024, 1) }).catch((err: unknown) => err);
  if (declared instanceof Response) t.equal(declared.status, 413);
  const chunked = await exchange(port, 'POST /ok HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', (sock) => {
    for (let i = 0; i < 20; i++) sock.write(`100\r\n${'b'.repeat(256)}\r\n`);
  });
  t.match(chunked, /^HTTP\/1\.1 413 /);
  t.equal(s.counts().bodyTooLarge, 2);
  t.same(bodies, []);
  const ok = await fetch(`http://127.0.0.1:${port}/ok`, { method: 'POST', body: 'x'.repeat(1000) });
  t.equal(await ok.text(), 'got 1000\n', 'a body at the bound is served');
});

t.test('garbage, truncated requests and abrupt disconnects: counted, others served', async (t) => {
  const { s, port } = await start(t, {});
  t.match(await exchange(port, 'NOT HTTP AT ALL\r\n\r\n'), /^HTTP\/1\.1 400 /);
  t.match(await exchange(port, Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 13, 10, 13, 10])), /^HTTP\/1\.1 400 /);
  t.equal(s.counts().badRequest, 2);
  // Truncated: the client leaves mid-body.
  await new Promise<void>((resolve) => {
    const sock = connect(port, '127.0.0.1', () => {
      sock.write('POST /ok HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nabc', () => sock.destroy());
    });
    sock.on('close', () => resolve());
  });
  t.equal(await healthy(port), 'got 0\n');
});

t.test('connections past the cap are closed at once and counted', async (t) => {
  const { s, port } = await start(t, { maxConnections: 2 });
  const held: Socket[] = [];
  for (let i = 0; i < 2; i++) {
    const sock = connect(port, '127.0.0.1');
    sock.on('error', () => undefined);
    await new Promise((resolve) => sock.once('connect', resolve));
    sock.write('GET /ok HTTP/1.1\r\nHost: x\r\n'); // hold it open mid-headers
    held.push(sock);
  }
  while ((await connCount(s)) < 2) await new Promise((r) => setImmediate(r));
  const third = await exchange(port, 'GET /ok HTTP/1.1\r\nHost: x\r\n\r\n');
  t.equal(third, '', 'closed without an answer');
  t.equal(s.counts().connRejected, 1);
  for (const sock of held) sock.destroy();
});

function connCount(s: LimitedServer): Promise<number> {
  return new Promise((resolve) => s.server.getConnections((_err, n) => resolve(n)));
}

t.test('isLoopback', async (t) => {
  for (const h of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) t.ok(isLoopback(h), h);
  for (const h of ['0.0.0.0', '10.0.0.1', '128.0.0.1', '']) t.notOk(isLoopback(h), h);
});
