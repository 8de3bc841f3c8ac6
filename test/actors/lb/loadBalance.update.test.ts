import t from 'tap';
import type { HostAddress } from '../../../actors/lb/core/hostInfo.js';
import { LoadBalance, RouteState } from '../../../actors/lb/core/loadBalance.js';
import { LarsRetCode } from '../../../actors/lb/core/retCode.js';
import { A, B, C, D, env, fakeClock, label, lbWith, overloadHost } from './fixtures/lbFixtures.js';

const names = (xs: HostAddress[]): string[] => xs.map(label);

t.test('new hosts join idle at the back, in the order DNS lists them', async (t) => {
  const clock = fakeClock();
  const lb = lbWith([A, B], env(), clock.t);
  lb.choose(clock.t);
  t.ok(lb.update([D, A, B, C], true, clock.t));
  t.strictSame(names(lb.idleOrder()), ['B', 'A', 'D', 'C']);
  t.strictSame(names(lb.addresses()), ['A', 'B', 'D', 'C'], 'getRoute order: first listed first');
  t.equal(lb.host(D.ip, D.port)?.vsucc, 180, 'new host starts idle with init_succ_cnt');
});

t.test('vanished hosts leave whichever list they are on', async (t) => {
  const cases: Array<{ name: string; overloaded: HostAddress[]; next: HostAddress[]; idle: string[]; over: string[] }> = [
    { name: 'idle host removed', overloaded: [], next: [A, C], idle: ['A', 'C'], over: [] },
    { name: 'overloaded host removed', overloaded: [B], next: [A, C], idle: ['A', 'C'], over: [] },
    { name: 'all but an overloaded host removed', overloaded: [B], next: [B], idle: [], over: ['B'] },
  ];
  for (const c of cases) {
    const clock = fakeClock();
    const lb = lbWith([A, B, C], env(), clock.t);
    for (const h of c.overloaded) overloadHost(lb, h, clock.t);
    lb.update(c.next, true, clock.t);
    t.strictSame([names(lb.idleOrder()), names(lb.overloadOrder())], [c.idle, c.over], c.name);
    t.equal(lb.size, c.next.length, `${c.name}: size`);
  }
});

t.test('hosts that stay keep their counters and state', async (t) => {
  const clock = fakeClock();
  const lb = lbWith([A, B], env(), clock.t);
  for (let i = 0; i < 3; i++) lb.report(A.ip, A.port, LarsRetCode.RET_OVERLOAD, clock.t);
  overloadHost(lb, B, clock.t);
  const bOverloadTs = lb.host(B.ip, B.port)?.overloadTs;
  clock.advance(1_000);
  lb.update([B, C, A], true, clock.t);
  t.match(lb.host(A.ip, A.port), { verr: 3, rerr: 3, continErr: 3, overload: false });
  t.match(lb.host(B.ip, B.port), { overload: true, overloadTs: bOverloadTs });
  t.strictSame(names(lb.idleOrder()), ['A', 'C']);
});

t.test('a host dropped and listed again starts fresh', async (t) => {
  const clock = fakeClock();
  const lb = lbWith([A, B], env(), clock.t);
  overloadHost(lb, A, clock.t);
  lb.update([B], true, clock.t);
  lb.update([B, A], true, clock.t);
  t.match(lb.host(A.ip, A.port), { overload: false, verr: 0, vsucc: 180 });
});

t.test('duplicates collapse; impossible ports are skipped and counted', async (t) => {
  const clock = fakeClock();
  const e = env();
  const lb = lbWith([A, A, { ip: B.ip, port: 70_000 }, { ip: B.ip, port: -1 }, C], e, clock.t);
  t.strictSame(names(lb.idleOrder()), ['A', 'C']);
  t.equal(e.counters.invalidHosts, 2);
});

t.test('empty-update protection', async (t) => {
  const cases = [
    { name: 'non-explicit empty list keeps the hosts', explicit: false, applied: false, size: 2 },
    { name: 'explicit empty list from DNS removes them', explicit: true, applied: true, size: 0 },
  ];
  for (const c of cases) {
    const clock = fakeClock();
    const e = env();
    const lb = lbWith([A, B], e, clock.t);
    overloadHost(lb, B, clock.t);
    clock.advance(10);
    t.equal(lb.update([], c.explicit, clock.t), c.applied, `${c.name}: applied`);
    t.equal(lb.size, c.size, `${c.name}: size`);
    t.equal(lb.idleCount + lb.overloadCount, c.size, `${c.name}: lists agree`);
    t.equal(e.counters.emptyUpdatesIgnored, c.applied ? 0 : 1, `${c.name}: counted`);
    t.equal(lb.state, RouteState.READY, `${c.name}: the pull counts as answered`);
    t.equal(lb.lastUpdate, clock.t);
    t.equal(lb.choose(clock.t) === null, c.size === 0, `${c.name}: choose`);
  }
  const fresh = new LoadBalance(1, 1, env());
  fresh.update([], false, 0);
  t.equal(fresh.hasRoute, false, 'a non-explicit empty list does not count as a route either');
  fresh.update([], true, 0);
  t.equal(fresh.hasRoute, true, 'an explicit one does');
});

t.test('route state: NEW, PULLING, READY and update_timeout', async (t) => {
  const clock = fakeClock();
  const e = env({ updateTimeoutMs: 15_000 });
  const lb = new LoadBalance(3, 4, e);
  t.strictSame([lb.state, lb.hasRoute, lb.needsPull(clock.t)], [RouteState.NEW, false, true]);
  lb.markPulling(clock.t);
  t.strictSame([lb.state, lb.needsPull(clock.t + 14_999), lb.needsPull(clock.t + 15_000)], [RouteState.PULLING, false, true], 'an unanswered pull is retried after update_timeout');
  clock.advance(100);
  lb.update([A], true, clock.t);
  t.strictSame([lb.state, lb.hasRoute, lb.lastUpdate], [RouteState.READY, true, clock.t]);
  t.strictSame([lb.needsPull(clock.t + 14_999), lb.needsPull(clock.t + 15_000)], [false, true], 'stale after update_timeout');
  lb.resetToNew();
  t.strictSame([lb.state, lb.needsPull(clock.t), lb.size], [RouteState.NEW, true, 1], 'reset keeps the hosts');
  t.equal(e.counters.pulls, 1);
});

t.test('report window export: every host once per take, only after new reports', async (t) => {
  const clock = fakeClock();
  const lb = lbWith([A, B, D], env(), clock.t);
  t.equal(lb.takeReport(), undefined, 'nothing reported yet');
  lb.report(A.ip, A.port, LarsRetCode.RET_SUCC, clock.t);
  lb.report(A.ip, A.port, LarsRetCode.RET_SUCC, clock.t);
  lb.report(A.ip, A.port, LarsRetCode.RET_SYSTEM_ERROR, clock.t);
  overloadHost(lb, B, clock.t);
  lb.report(B.ip, B.port, LarsRetCode.RET_OVERLOAD, clock.t);
  t.strictSame(lb.takeReport(), [
    { ip: A.ip, port: A.port, succ: 2, err: 1, overload: false },
    { ip: D.ip, port: D.port, succ: 0, err: 0, overload: false },
    { ip: B.ip, port: B.port, succ: 0, err: 1, overload: true },
  ]);
  t.equal(lb.takeReport(), undefined, 'taken: nothing new');
  lb.report(C.ip, C.port, LarsRetCode.RET_SUCC, clock.t);
  t.equal(lb.takeReport(), undefined, 'reports for unknown hosts do not count');
  lb.report(D.ip, D.port, LarsRetCode.RET_SUCC, clock.t);
  t.match(lb.takeReport(), [{ succ: 2 }, { succ: 1, ip: D.ip }, { overload: true }], 'counts are the host window, not the delta');
});
