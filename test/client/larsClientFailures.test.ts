/** Timeouts, a dead agent, close, and bad arguments: every call ends, none hangs. */
import t from 'tap';
import { LarsArgumentError, LarsClient, LarsError } from '../../client/index.js';
import { AgentFixture, freePortTriple } from '../helpers/agentFixture.js';

t.test('UNREACHABLE at once when no agent is running on the port', async (t) => {
  const basePort = await freePortTriple();
  // A long timeout: the refusal, not the timer, must end these calls.
  const client = new LarsClient({ basePort, timeoutMs: 10_000 });
  t.teardown(() => client.close());
  const started = performance.now();
  const results = await Promise.allSettled([client.getHost(1, 1), client.getHost(1, 2), client.getRoute(1, 3), client.regInit(1, 1)]);
  const elapsed = performance.now() - started;
  for (const r of results) {
    t.equal(r.status, 'rejected');
    if (r.status === 'rejected') {
      t.type(r.reason, LarsError);
      t.equal((r.reason as LarsError).code, 'UNREACHABLE');
      t.match((r.reason as Error).message, /no agent is listening on 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    }
  }
  t.ok(elapsed < 5_000, `failed fast (${elapsed.toFixed(0)} ms), not at the 10 s timeout`);
  const s = client.stats();
  t.ok(s.refused >= 1);
  t.equal(s.inFlight, 0);
  t.equal(s.getHost.errors.UNREACHABLE, 2);
  t.equal(s.getRoute.errors.UNREACHABLE, 2);
  t.equal(s.getHost.errors.TIMEOUT, 0);
});

t.test('TIMEOUT from the call timer when the agent holds the answer too long', async (t) => {
  // The agent parks a first request until its route arrives (never, here) or 5 s.
  const agent = await AgentFixture.start({ pullWaitMs: 5_000 });
  t.teardown(() => agent.close());
  const client = new LarsClient({ basePort: agent.basePort, timeoutMs: 5_000 });
  t.teardown(() => client.close());
  const started = performance.now();
  const slow = client.getHost(4, 4, { timeoutMs: 200 });
  const fast = client.getHost(4, 4, { timeoutMs: 30 });
  const route = client.getRoute(4, 4, { timeoutMs: 30 });
  await t.rejects(fast, { code: 'TIMEOUT', message: /getHost\(4, 4\): no answer from the agent at 127\.0\.0\.1:\d+ within 30 ms/ });
  await t.rejects(route, { code: 'TIMEOUT' });
  t.ok(performance.now() - started < 200, 'a shorter per-call timeout fires first');
  await t.rejects(slow, { code: 'TIMEOUT', message: /within 200 ms/ });
  t.equal(client.stats().inFlight, 0);
});

t.test('close() rejects calls in flight with SYSTEM, and later calls too', async (t) => {
  const agent = await AgentFixture.start({ pullWaitMs: 5_000 });
  t.teardown(() => agent.close());
  const client = new LarsClient({ basePort: agent.basePort, timeoutMs: 5_000 });
  const waiting: Array<Promise<unknown>> = [client.getHost(5, 5), client.getRoute(5, 6)];
  await client.close();
  for (const w of waiting) await t.rejects(w, { name: 'LarsError', code: 'SYSTEM', message: /the client was closed/ });
  await t.rejects(client.getHost(5, 5), { code: 'SYSTEM', message: /the client is closed/ });
  client.report(5, 5, { ip: '10.0.0.1', port: 1 }, 'success');
  const s = client.stats();
  t.equal(s.reportsDropped, 1);
  t.equal(s.socketsOpen, 0);
  t.equal(client.closed, true);
  await client.close();
});

t.test('bad arguments are LarsArgumentError (a TypeError), never a LarsError', async (t) => {
  const client = new LarsClient();
  t.teardown(() => client.close());
  const bad = { name: 'LarsArgumentError', code: 'ERR_INVALID_ARG_VALUE' };
  await t.rejects(client.getHost(1.5, 1), { ...bad, message: 'modid must be a 32-bit integer, got 1.5' });
  await t.rejects(client.getHost(1, 2 ** 31), { ...bad, message: /cmdid/ });
  await t.rejects(client.getRoute(Number('x'), 1), bad);
  await t.rejects(client.regInit(1, 1, { timeoutMs: 0 }), { ...bad, message: /options\.timeoutMs/ });
  // @ts-expect-error: a string where a number belongs, as plain JS callers do
  await t.rejects(client.getHost('1', 1), bad);
  t.throws(() => client.report(1, 1, { ip: '10.0.0.256', port: 80 }, 'success'), { ...bad, message: /host\.ip must be an IPv4 address/ });
  t.throws(() => client.report(1, 1, { ip: '10.0.0.1', port: 70_000 }, 'success'), { ...bad, message: /host\.port/ });
  // @ts-expect-error: not a result
  t.throws(() => client.report(1, 1, { ip: '10.0.0.1', port: 80 }, 'ok'), { ...bad, message: /result must be/ });
  t.throws(() => new LarsClient({ basePort: 65535 }), bad);
  t.throws(() => new LarsClient({ timeoutMs: -1 }), bad);
  t.ok(new LarsArgumentError('x') instanceof TypeError);
  const s = client.stats();
  t.equal(s.getHost.calls + s.getRoute.calls, 0, 'rejected arguments are not calls');
  t.equal(s.socketsOpen, 0, 'and open no socket');
});
