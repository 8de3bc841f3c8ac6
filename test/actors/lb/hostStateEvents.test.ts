import t from 'tap';
import { LarsRetCode } from '../../../actors/lb/core/retCode.js';
import { RouteLb } from '../../../actors/lb/core/routeLb.js';
import { hostStateText, type HostStateEvent } from '../../../actors/lb/core/hostStateEvent.js';
import { LineBudget } from '../../../runtime/log/lineBudget.js';
import { A, B, fakeClock, thresholds } from './fixtures/lbFixtures.js';

const setup = (over = {}) => {
  const clock = fakeClock();
  const events: HostStateEvent[] = [];
  const rlb = new RouteLb({ now: clock.now, thresholds: thresholds(over), onHostState: (e) => events.push(e) });
  rlb.applyRoute(3, 4, [A, B], true);
  return { clock, rlb, events };
};

t.test('errors in a row eject a host once, with the reason and the ejection time', async (t) => {
  const { rlb, events } = setup({ continErrLimit: 5, errRate: 1, overloadTimeoutMs: 7000 });
  for (let i = 0; i < 8; i++) rlb.report(3, 4, A.ip, A.port, LarsRetCode.RET_SYSTEM_ERROR);
  t.equal(events.length, 1, 'one event for the transition, none for the failures after it');
  t.match(events[0], { type: 'ejected', modid: 3, cmdid: 4, ip: A.ip, port: A.port, reason: 'errorsInARow', ejectionMs: 7000, ejections: 1 });
  t.equal(hostStateText(events[0] as HostStateEvent), 'host 10.0.0.1:9001 of 3/4 overloaded for 7000 ms (contin_err_limit errors in a row, ejection 1)');
});

t.test('the error rate ejects with its own reason', async (t) => {
  const { rlb, events } = setup({ initSuccCnt: 0, errRate: 0.5, continErrLimit: 100 });
  rlb.report(3, 4, A.ip, A.port, LarsRetCode.RET_SUCC);
  rlb.report(3, 4, A.ip, A.port, LarsRetCode.RET_SYSTEM_ERROR);
  rlb.report(3, 4, A.ip, A.port, LarsRetCode.RET_SYSTEM_ERROR);
  t.match(events, [{ type: 'ejected', reason: 'errRate' }]);
});

t.test('a host comes back by successes or when its ejection runs out, and says how long it was out', async (t) => {
  const { clock, rlb, events } = setup({ continErrLimit: 3, errRate: 1, continSuccLimit: 2, succRate: 1, overloadTimeoutMs: 5000 });
  for (let i = 0; i < 3; i++) rlb.report(3, 4, A.ip, A.port, LarsRetCode.RET_SYSTEM_ERROR);
  clock.advance(1200);
  rlb.report(3, 4, A.ip, A.port, LarsRetCode.RET_SUCC);
  rlb.report(3, 4, A.ip, A.port, LarsRetCode.RET_SUCC);
  t.match(events[1], { type: 'returned', reason: 'successesInARow', ejectionMs: 1200 });
  t.equal(hostStateText(events[1] as HostStateEvent), 'host 10.0.0.1:9001 of 3/4 back to idle (contin_succ_limit successes in a row)');

  for (let i = 0; i < 3; i++) rlb.report(3, 4, B.ip, B.port, LarsRetCode.RET_SYSTEM_ERROR);
  clock.advance(5000);
  rlb.expireOverloaded();
  t.match(events[3], { type: 'returned', ip: B.ip, reason: 'ejectionEnded', ejectionMs: 5000 });
  t.equal(events.length, 4);
});

t.test('no listener: transitions still happen and nothing is built', async (t) => {
  const clock = fakeClock();
  const rlb = new RouteLb({ now: clock.now, thresholds: thresholds({ continErrLimit: 2, errRate: 1 }) });
  rlb.applyRoute(3, 4, [A], true);
  rlb.report(3, 4, A.ip, A.port, LarsRetCode.RET_SYSTEM_ERROR);
  rlb.report(3, 4, A.ip, A.port, LarsRetCode.RET_SYSTEM_ERROR);
  t.equal(rlb.stats().overloadedHosts, 1);
});

t.test('a line budget lets the first lines through and sums up the rest once', async (t) => {
  const clock = fakeClock(0);
  const budget = new LineBudget(2, 10_000, clock.now);
  const said: string[] = [];
  const taken = [1, 2, 3, 4, 5].map(() => budget.take((s) => said.push(s)));
  t.same(taken, [true, true, false, false, false]);
  t.same(said, []);
  clock.advance(10_000);
  t.equal(budget.take((s) => said.push(s)), true);
  t.same(said, ['3 more like it not logged in the last 10 s']);
  clock.advance(10_000);
  budget.take((s) => said.push(s));
  t.equal(said.length, 1, 'nothing held back: no summary');
});
