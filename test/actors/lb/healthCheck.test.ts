import t, { type Test } from 'tap';
import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { HealthCheck, NOT_CHECKED_YET, type CheckStatus } from '../../../actors/lb/core/healthCheck.js';
import { checkSpecOf } from '../../../actors/lb/core/healthCheckSpec.js';
import type { ProbeOutcome } from '../../../actors/lb/core/healthProbe.js';
import { FakeScheduler } from '../../helpers/fakeScheduler.js';

const INTERVAL = 5000;
const TIMEOUT = 2000;

/** A TCP listener the test closes and opens again on the same port. */
async function tcpListener(t: Test): Promise<{ port: number; close: () => Promise<void>; open: () => Promise<void> }> {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  const open = async (): Promise<void> => {
    const s = createServer((c) => {
      sockets.add(c);
      c.on('close', () => sockets.delete(c));
    });
    await new Promise<void>((r) => s.listen(port, '127.0.0.1', r));
    port = (s.address() as AddressInfo).port;
    server = s;
  };
  const close = async (): Promise<void> => {
    const s = server;
    server = undefined;
    for (const c of sockets) c.destroy();
    if (s) await new Promise<void>((r) => s.close(() => r()));
  };
  await open();
  t.teardown(close);
  return { port, close, open };
}

/** Runs a check on a fake scheduler and clock; `next()` resolves with each probe's result in order. */
function stepped(t: Test, url: string, fall = 3, rise = 2) {
  const scheduler = new FakeScheduler();
  let clock = 1_000;
  const results: Array<{ status: CheckStatus; outcome: ProbeOutcome }> = [];
  const waiters: Array<() => void> = [];
  const changes: CheckStatus[] = [];
  const check = new HealthCheck(checkSpecOf({ url, intervalMs: INTERVAL, timeoutMs: TIMEOUT, fall, rise }), {
    scheduler,
    now: () => clock,
    onProbe: (status, outcome) => {
      results.push({ status, outcome });
      waiters.shift()?.();
    },
    onChange: (status) => changes.push(status),
  });
  t.teardown(() => check.stop());
  let seen = 0;
  const next = async (): Promise<{ status: CheckStatus; outcome: ProbeOutcome }> => {
    while (results.length <= seen) await new Promise<void>((r) => waiters.push(r));
    return results[seen++]!;
  };
  /** The interval elapses: the next probe starts; resolves with its result. */
  const tick = async (): Promise<{ status: CheckStatus; outcome: ProbeOutcome }> => {
    clock += INTERVAL;
    t.equal(scheduler.fire((ms) => ms === INTERVAL), 1, 'one probe was due');
    return next();
  };
  return { check, scheduler, next, tick, changes, probed: () => results.length };
}

t.test('TCP: passes at the first connect, fails after fall refusals, passes again after rise connects', async (t) => {
  const listener = await tcpListener(t);
  const { check, next, tick, changes, scheduler } = stepped(t, `tcp://127.0.0.1:${listener.port}`);
  t.same(check.wireState(), { passing: false, detail: NOT_CHECKED_YET }, 'failing until checked');
  check.start();
  let r = await next();
  t.ok(r.outcome.ok);
  t.match(r.status, { passing: true, checked: true, detail: `tcp://127.0.0.1:${listener.port}`, transitions: 0 });
  t.equal(changes.length, 1, 'the first verdict is sent at once');
  t.equal(scheduler.live(INTERVAL), 1, 'next probe one interval later');
  t.equal(scheduler.live(TIMEOUT), 0, 'the answered probe cleared its timeout');

  await listener.close();
  for (const n of [1, 2]) {
    r = await tick();
    t.match(r.outcome, { ok: false, error: /ECONNREFUSED/ });
    t.match(r.status, { passing: true, consecutiveFailures: n }, `still passing after ${n} failure(s)`);
  }
  t.equal(changes.length, 1, 'no change below fall');
  r = await tick();
  t.match(r.status, { passing: false, consecutiveFailures: 3, transitions: 1, detail: /ECONNREFUSED 127\.0\.0\.1/, lastChangeMs: 1_000 + 3 * INTERVAL });
  t.equal(changes.length, 2, 'the flip to failing is announced');
  t.match(check.wireState(), { passing: false, detail: /ECONNREFUSED/ });

  await listener.open();
  r = await tick();
  t.match(r.status, { passing: false, consecutiveSuccesses: 1 }, 'one success is not enough');
  r = await tick();
  t.match(r.status, { passing: true, consecutiveSuccesses: 2, transitions: 2, detail: `tcp://127.0.0.1:${listener.port}`, lastError: /ECONNREFUSED/ });
  t.equal(changes.length, 3);
  t.match(r.status, { probes: 6, failedProbes: 3 });
});

t.test('a success between failures starts the count again (no change below fall in a row)', async (t) => {
  const listener = await tcpListener(t);
  const { check, next, tick, changes } = stepped(t, `tcp://127.0.0.1:${listener.port}`);
  check.start();
  await next();
  await listener.close();
  for (const up of [false, false, true, false, false, true, false, false]) {
    if (up) await listener.open();
    const r = await tick();
    t.equal(r.status.passing, true);
    if (up) await listener.close();
  }
  t.equal(changes.length, 1, 'never flipped');
});

t.test('a first probe that fails keeps the check failing with the error and reports it', async (t) => {
  const listener = await tcpListener(t);
  await listener.close();
  const { check, next, tick, changes } = stepped(t, `tcp://127.0.0.1:${listener.port}`, 3, 2);
  check.start();
  const r = await next();
  t.match(r.status, { passing: false, detail: /ECONNREFUSED/, transitions: 0 });
  t.equal(changes.length, 1, 'the error reaches DNS at once');
  await listener.open();
  t.equal((await tick()).status.passing, false, 'rise applies after the first verdict');
  t.equal((await tick()).status.passing, true);
});

/** An HTTP server whose answer the test sets: a status code, or 'hang' (never answers). */
async function httpServer(t: Test) {
  let mode: number | 'hang' | 'big' = 200;
  const hung: ServerResponse[] = [];
  let hungClosed = 0;
  let bigFinished = 0;
  let bigClosed = 0;
  const server = createHttpServer((req, res) => {
    if (mode === 'hang') {
      hung.push(res);
      res.on('close', () => hungClosed++);
      return;
    }
    if (mode === 'big') {
      res.writeHead(503, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      res.on('finish', () => bigFinished++);
      res.on('close', () => bigClosed++);
      const more = (): void => {
        while (sent < 64 * 1024 * 1024 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
      return;
    }
    if (mode >= 300 && mode < 400) res.setHeader('location', '/elsewhere');
    res.writeHead(mode, { 'content-type': 'text/plain' });
    res.end(mode >= 200 && mode < 300 ? 'ok' : `down:\n${req.url}`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(async () => {
    for (const res of hung) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return {
    port: (server.address() as AddressInfo).port,
    set: (m: typeof mode) => (mode = m),
    big: () => ({ finished: bigFinished, closed: bigClosed }),
    hung: () => hung.length,
    hungClosed: () => hungClosed,
  };
}

t.test('HTTP: 2xx passes; 500, a redirect and no answer within the timeout each fail, with the reason', async (t) => {
  const http = await httpServer(t);
  const { check, next, tick, changes, scheduler } = stepped(t, `http://127.0.0.1:${http.port}/healthz`, 3, 2);
  check.start();
  t.match((await next()).status, { passing: true, detail: `http://127.0.0.1:${http.port}/healthz` });

  http.set(500);
  t.match((await tick()).outcome, { ok: false, error: 'HTTP 500 Internal Server Error: down: /healthz' });
  http.set(302);
  t.match((await tick()).outcome, { ok: false, error: 'HTTP 302 Found (redirects are not followed: to /elsewhere)' });
  http.set('hang');
  scheduler.fire((ms) => ms === INTERVAL);
  t.equal(scheduler.live(TIMEOUT), 1, 'the probe waits on its timeout');
  t.equal(scheduler.live(INTERVAL), 0, 'no second probe while one runs');
  scheduler.fire((ms) => ms === TIMEOUT);
  const r = await next();
  t.match(r.outcome, { ok: false, error: `no answer within ${TIMEOUT} ms` });
  t.match(r.status, { passing: false, transitions: 1, detail: `no answer within ${TIMEOUT} ms` });
  t.equal(changes.length, 2);

  http.set(204);
  t.equal((await tick()).status.passing, false);
  t.equal((await tick()).status.passing, true);
  t.equal(changes.length, 3);
});

t.test('HTTP: a failing answer is read only up to a bound, and its text is one short line', async (t) => {
  const http = await httpServer(t);
  http.set('big');
  const { check, next } = stepped(t, `http://127.0.0.1:${http.port}/`, 1, 1);
  check.start();
  const r = await next();
  t.match(r.outcome, { ok: false, error: /^HTTP 503 Service Unavailable: x+…$/ });
  if (!r.outcome.ok) t.ok(r.outcome.error.length <= 200, `error is ${r.outcome.error.length} chars`);
  while (http.big().closed === 0) await new Promise((r) => setImmediate(r));
  t.same(http.big(), { finished: 0, closed: 1 }, 'the probe hung up long before the 64 MiB body was sent');
});

t.test('stop() ends the probes: the one in flight hangs up, nothing is scheduled, nothing recorded', async (t) => {
  const http = await httpServer(t);
  http.set('hang');
  const { check, scheduler, changes, probed } = stepped(t, `http://127.0.0.1:${http.port}/`);
  check.start();
  t.equal(check.isRunning, true);
  while (http.hung() === 0) await new Promise((r) => setImmediate(r));
  t.equal(scheduler.live(TIMEOUT), 1);
  check.stop();
  t.equal(scheduler.live(), 0, 'the probe timeout is cleared and no next probe is due');
  while (http.hungClosed() === 0) await new Promise((r) => setImmediate(r));
  t.pass('the server saw the probe connection close');
  await new Promise((r) => setImmediate(r));
  t.equal(probed(), 0);
  t.equal(changes.length, 0);
  t.match(check.status(), { checked: false, probes: 0, detail: NOT_CHECKED_YET });
  check.start();
  t.equal(scheduler.live(TIMEOUT), 1, 'start() after stop() probes again');
});

t.test('a probe that throws or rejects counts as a failure with its message', async (t) => {
  const scheduler = new FakeScheduler();
  const seen: ProbeOutcome[] = [];
  let calls = 0;
  const check = new HealthCheck(checkSpecOf('tcp://127.0.0.1:1'), {
    scheduler,
    probe: () => {
      calls++;
      if (calls === 1) throw new Error('boom');
      return Promise.reject(new Error('bang'));
    },
    onProbe: (_s, o) => seen.push(o),
  });
  t.teardown(() => check.stop());
  check.start();
  while (seen.length < 1) await new Promise((r) => setImmediate(r));
  scheduler.fire();
  while (seen.length < 2) await new Promise((r) => setImmediate(r));
  t.same(seen, [{ ok: false, error: 'boom' }, { ok: false, error: 'bang' }]);
  t.equal(check.status().detail, 'bang');
});
