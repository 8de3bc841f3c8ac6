import t from 'tap';
import { lars } from '../../../proto/generated/lars.js';
import { A, B, C, D, ip, thresholds } from './fixtures/lbFixtures.js';
import { hostLabel, startAgent } from './fixtures/agentUdpFixtures.js';

const RET = lars.LarsRetCode;
const label = (h: { ip?: number | null; port?: number | null }): string => `${h.ip ?? 0}:${h.port ?? 0}`;

t.test('getHost with a route: RET_SUCC, seq/modid/cmdid echoed, spread over every host', async (t) => {
  const { svc, caller, pulls } = await startAgent(t);
  svc.applyRoute(1, 2, [A, B, C], true);
  const c = await caller();
  const seen = new Map<string, number>();
  for (let i = 0; i < 30; i++) {
    const seq = c.askHost(1, 2, 0xfffffff0 + i);
    const r = await c.nextHost();
    t.equal(r.seq, seq >>> 0, 'seq echoed (uint32 range)');
    t.equal(r.modid, 1);
    t.equal(r.cmdid, 2);
    t.equal(r.retcode, RET.RET_SUCC);
    seen.set(hostLabel(r), (seen.get(hostLabel(r)) ?? 0) + 1);
  }
  t.strictSame([...seen.entries()].sort(), [A, B, C].map((h) => [label(h), 10]).sort(), 'round robin over all hosts');
  t.strictSame(pulls, [], 'a route applied before first use is not pulled');
  t.equal(svc.stats().getHost.succ, 30);
});

t.test('a failing host is avoided except on probe turns and comes back after overload_timeout', async (t) => {
  const { svc, caller, clock } = await startAgent(t, { thresholds: thresholds({ probeNum: 10, overloadTimeoutMs: 15_000 }) });
  svc.applyRoute(1, 2, [A, B, C], true);
  const c = await caller();
  for (let i = 0; i < 15; i++) c.report(1, 2, A, RET.RET_SYSTEM_ERROR);
  const picks: string[] = [];
  for (let i = 0; i < 30; i++) picks.push(hostLabel(await c.getHost(1, 2)));
  t.equal(svc.stats().lb.overloadedHosts, 1, 'A overloaded by 15 consecutive failures');
  t.strictSame(
    picks.flatMap((p, i) => (p === label(A) ? [i + 1] : [])),
    [10, 20, 30],
    'A only on every probe_num-th call',
  );
  t.equal(picks.filter((p) => p === label(B)).length, 14);

  clock.advance(14_999);
  await c.getHost(1, 2);
  t.equal(svc.stats().lb.overloadedHosts, 1, 'still overloaded just before overload_timeout');
  clock.advance(1);
  const after: string[] = [];
  for (let i = 0; i < 3; i++) after.push(hostLabel(await c.getHost(1, 2)));
  t.equal(svc.stats().lb.overloadedHosts, 0, 'idle again after overload_timeout');
  t.ok(after.includes(label(A)), 'A back in the rotation');
  t.equal(svc.stats().lb.overloadToIdle, 1);
});

t.test('every host overloaded: RET_OVERLOAD except on probe turns', async (t) => {
  const { svc, caller } = await startAgent(t, { thresholds: thresholds({ probeNum: 3 }) });
  svc.applyRoute(1, 2, [A], true);
  const c = await caller();
  for (let i = 0; i < 15; i++) c.report(1, 2, A, RET.RET_OVERLOAD);
  const picks: string[] = [];
  for (let i = 0; i < 6; i++) picks.push(hostLabel(await c.getHost(1, 2)));
  t.strictSame(picks, ['RET_OVERLOAD', 'RET_OVERLOAD', label(A), 'RET_OVERLOAD', 'RET_OVERLOAD', label(A)]);
  t.equal(svc.stats().getHost.overload, 4);
});

t.test('RET_NOEXIST after an explicit empty route; a non-explicit empty one keeps the hosts', async (t) => {
  const { svc, caller } = await startAgent(t);
  svc.applyRoute(1, 2, [A], true);
  const c = await caller();
  t.equal(svc.applyRoute(1, 2, [], false), false);
  t.equal(hostLabel(await c.getHost(1, 2)), label(A), 'kept after a non-explicit empty list');
  t.equal(svc.applyRoute(1, 2, [], true), true);
  const r = await c.getHost(1, 2);
  t.equal(r.retcode, RET.RET_NOEXIST);
  t.equal(r.host, null, 'no host on a failure reply');
  t.equal(svc.stats().getHost.noexist, 1);
});

t.test('IPs from 128.0.0.0 up travel as negative int32 both ways', async (t) => {
  const { svc, caller } = await startAgent(t);
  t.ok(C.ip < 0 && D.ip < 0 && D.ip === ip('200.1.1.4'));
  svc.applyRoute(5, 6, [D], true);
  const c = await caller();
  const r = await c.getHost(5, 6);
  t.equal(r.host?.ip, D.ip);
  t.equal(r.host?.port, D.port);
  for (let i = 0; i < 15; i++) c.report(5, 6, { ip: r.host?.ip ?? 0, port: r.host?.port ?? 0 }, RET.RET_OVERLOAD);
  await c.getHost(5, 6);
  const s = svc.stats().lb;
  t.equal(s.unknownReports, 0, 'reports on the negative IP found their host');
  t.equal(s.overloadedHosts, 1);
});

t.test('API getRoute answers every host; reports feed takeReports', async (t) => {
  const { svc, caller } = await startAgent(t);
  svc.applyRoute(7, 8, [A, C, D], true);
  const c = await caller();
  c.askRoute(7, 8);
  const route = await c.nextRoute();
  t.equal(route.modid, 7);
  t.equal(route.cmdid, 8);
  t.strictSame(route.host.map(label), [A, C, D].map(label));
  c.report(7, 8, A, RET.RET_SUCC);
  c.report(7, 8, C, RET.RET_SYSTEM_ERROR);
  c.report(9, 9, A, RET.RET_SUCC);
  await c.getHost(7, 8);
  const reports = svc.takeReports();
  t.equal(reports.length, 1);
  t.match(reports[0], { modid: 7, cmdid: 8 });
  t.strictSame(
    reports[0]?.results.map((r) => [label(r), r.succ, r.err]).sort(),
    [[label(A), 1, 0], [label(C), 0, 1], [label(D), 0, 0]].sort(),
  );
  t.strictSame(svc.takeReports(), [], 'nothing new since the last take');
  const s = svc.stats();
  t.equal(s.apiGetRoute, 1);
  t.equal(s.lb.reports, 3);
  t.equal(s.lb.unknownReports, 1, 'report on an unknown key counted');
});

t.test('dnsReconnected and pullStale pull every key again; snapshot round-trips', async (t) => {
  const { svc, pulls, clock } = await startAgent(t, { thresholds: thresholds({ updateTimeoutMs: 15_000 }) });
  svc.applyRoute(1, 2, [A], true);
  svc.applyRoute(3, 4, [B], true);
  t.equal(svc.pullStale(), 0, 'fresh routes are not pulled');
  clock.advance(15_000);
  t.equal(svc.pullStale(), 2, 'stale after update_timeout');
  t.equal(svc.dnsReconnected(), 2);
  t.strictSame(pulls.sort(), ['1:2', '1:2', '3:4', '3:4']);
  const snap = svc.exportSnapshot();
  const { svc: fresh, caller } = await startAgent(t);
  t.equal(fresh.importSnapshot(JSON.parse(JSON.stringify(snap))), 2);
  const c = await caller();
  t.equal(hostLabel(await c.getHost(3, 4)), label(B), 'served from the snapshot before DNS answers');
  t.throws(() => fresh.importSnapshot({ version: 99 }), { code: 'BAD_SNAPSHOT' });
});

t.test('setThresholds applies to the next call', async (t) => {
  const { svc, caller } = await startAgent(t, { thresholds: thresholds({ probeNum: 100 }) });
  svc.applyRoute(1, 2, [A, B], true);
  const c = await caller();
  for (let i = 0; i < 15; i++) c.report(1, 2, A, RET.RET_SYSTEM_ERROR);
  svc.setThresholds(thresholds({ probeNum: 1 }));
  t.equal(hostLabel(await c.getHost(1, 2)), label(A), 'probe_num 1: every call probes');
});
