import t from 'tap';
import { lars } from '../../../proto/generated/lars.js';
import { A, B } from './fixtures/lbFixtures.js';
import { hostLabel, startAgent, type AgentCaller } from './fixtures/agentUdpFixtures.js';

const RET = lars.LarsRetCode;
const label = (h: { ip?: number | null; port?: number | null }): string => `${h.ip ?? 0}:${h.port ?? 0}`;

/** Resolves once the service has parked `n` requests in total (they arrive over real sockets). */
async function parkedCount(stats: () => { parked: number }, n: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (stats().parked < n) {
    if (Date.now() > deadline) throw new Error(`only ${stats().parked} of ${n} requests parked`);
    await new Promise((r) => setImmediate(r));
  }
}

t.test('a first request is parked, pulled once, and answered when the route arrives', async (t) => {
  const { svc, caller, pulls } = await startAgent(t);
  const c = await caller();
  const seq = c.askHost(1, 2);
  await parkedCount(() => svc.stats(), 1);
  t.strictSame(pulls, ['1:2']);
  t.equal(c.buffered, 0, 'no answer before the route');
  svc.applyRoute(1, 2, [A, B], true);
  const r = await c.nextHost();
  t.equal(r.seq, seq);
  t.equal(r.retcode, RET.RET_SUCC);
  t.equal(hostLabel(r), label(A));
  const s = svc.stats();
  t.equal(s.parkedAnsweredOnRoute, 1);
  t.equal(s.parkedNow, 0);
  t.equal(s.pullsRequested, 1);
});

t.test('no route within pull_wait_ms: answered RET_NOEXIST at the deadline', async (t) => {
  const { svc, caller, clock, pulls } = await startAgent(t, { pullWaitMs: 50 });
  const c = await caller();
  c.askHost(1, 2);
  await parkedCount(() => svc.stats(), 1);
  clock.advance(49);
  t.equal(svc.stats().parkedNow, 1, 'still waiting at 49 ms');
  clock.advance(1);
  const r = await c.nextHost();
  t.equal(r.retcode, RET.RET_NOEXIST);
  t.equal(svc.stats().parkedAnsweredOnTimeout, 1);
  t.strictSame(pulls, ['1:2'], 'the unanswered pull is not repeated before update_timeout');

  // A later request parks again (each waits at most pull_wait_ms) and the late route still lands.
  c.askHost(1, 2);
  await parkedCount(() => svc.stats(), 2);
  svc.applyRoute(1, 2, [B], true);
  t.equal(hostLabel(await c.nextHost()), label(B));
});

t.test('100 concurrent first requests for one key: one pull, 100 answers', async (t) => {
  const { svc, caller, pulls } = await startAgent(t);
  const callers: AgentCaller[] = [];
  for (let i = 0; i < 10; i++) callers.push(await caller());
  const asked = new Set<string>();
  for (const [i, c] of callers.entries()) for (let k = 0; k < 10; k++) asked.add(`${i}/${c.askHost(4, 5)}`);
  await parkedCount(() => svc.stats(), 100);
  t.strictSame(pulls, ['4:5'], 'one pull');
  svc.applyRoute(4, 5, [A, B], true);
  const answered = new Set<string>();
  const hosts = new Map<string, number>();
  for (const [i, c] of callers.entries()) {
    for (let k = 0; k < 10; k++) {
      const r = await c.nextHost();
      t.equal(r.retcode, RET.RET_SUCC);
      answered.add(`${i}/${r.seq}`);
      hosts.set(hostLabel(r), (hosts.get(hostLabel(r)) ?? 0) + 1);
    }
  }
  t.strictSame(answered, asked, 'every request answered once, by seq');
  t.strictSame(Object.fromEntries(hosts), { [label(A)]: 50, [label(B)]: 50 }, 'spread over the new route');
  t.equal(svc.stats().lb.pulls, 1);
});

t.test('park bounds: overflow answered RET_SYSTEM_ERROR at once and counted', async (t) => {
  const { svc, caller, clock } = await startAgent(t, { maxParkedPerKey: 2, maxParkedTotal: 3 });
  const c = await caller();
  c.askHost(1, 1);
  c.askHost(1, 1);
  const overPerKey = c.askHost(1, 1);
  c.askHost(2, 2);
  const overTotal = c.askHost(3, 3);
  const early = [await c.nextHost(), await c.nextHost()];
  t.strictSame(early.map((r) => [r.seq, r.retcode]), [
    [overPerKey, RET.RET_SYSTEM_ERROR],
    [overTotal, RET.RET_SYSTEM_ERROR],
  ]);
  const s = svc.stats();
  t.equal(s.parkOverflow, 2);
  t.equal(s.parkedNow, 3);
  t.equal(s.getHost.systemError, 2);
  clock.advance(50);
  const late = [await c.nextHost(), await c.nextHost(), await c.nextHost()];
  t.ok(late.every((r) => r.retcode === RET.RET_NOEXIST));
});

t.test('API getRoute for a new key waits for the route too', async (t) => {
  const { svc, caller, pulls } = await startAgent(t);
  const c = await caller();
  c.askRoute(6, 6);
  c.askHost(6, 6);
  await parkedCount(() => svc.stats(), 2);
  t.strictSame(pulls, ['6:6']);
  svc.applyRoute(6, 6, [A, B], true);
  const route = await c.nextRoute();
  t.strictSame(route.host.map(label), [label(A), label(B)]);
  t.equal((await c.nextHost()).retcode, RET.RET_SUCC);
});

t.test('a pull that cannot be sent is retried by the next request', async (t) => {
  let accept = false;
  const tried: string[] = [];
  const { svc, caller } = await startAgent(t, {
    onPull: (m, c) => {
      tried.push(`${m}:${c}`);
      return accept;
    },
  });
  const c = await caller();
  c.askHost(1, 2);
  await parkedCount(() => svc.stats(), 1);
  accept = true;
  c.askHost(1, 2);
  await parkedCount(() => svc.stats(), 2);
  c.askHost(1, 2);
  await parkedCount(() => svc.stats(), 3);
  t.strictSame(tried, ['1:2', '1:2'], 'failed once, then claimed and sent once');
  t.equal(svc.stats().pullsFailed, 1);
});

t.test('a route applied from inside onPull answers the request that caused it', async (t) => {
  let svcRef: { applyRoute: (m: number, c: number, h: Array<{ ip: number; port: number }>, e: boolean) => boolean } | undefined;
  const { svc, caller } = await startAgent(t, { onPull: (m, c) => void svcRef?.applyRoute(m, c, [A], true) });
  svcRef = svc;
  const c = await caller();
  t.equal(hostLabel(await c.getHost(1, 2)), label(A));
});

t.test('close drops parked requests and cancels their timers', async (t) => {
  const { svc, caller, clock } = await startAgent(t);
  const c = await caller();
  c.askHost(1, 2);
  await parkedCount(() => svc.stats(), 1);
  await svc.close();
  t.equal(clock.pending, 0);
  t.equal(svc.stats().parkedDroppedOnClose, 1);
  t.doesNotThrow(() => svc.applyRoute(1, 2, [A], true), 'a late route after close is harmless');
});
