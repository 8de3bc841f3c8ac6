import t from 'tap';
import type { LbThresholds } from '../../../actors/lb/core/lbConfig.js';
import { LarsRetCode } from '../../../actors/lb/core/retCode.js';
import { A, B, C, env, fakeClock, label, lbWith, overloadHost } from './fixtures/lbFixtures.js';

const S = LarsRetCode.RET_SUCC;
const F = LarsRetCode.RET_OVERLOAD;

/** A run of reports with one retcode, or a clock advance in ms. */
type Step = { report: number; times: number } | { advance: number };
const rep = (report: number, times = 1): Step => ({ report, times });
const wait = (advance: number): Step => ({ advance });

interface Case {
  name: string;
  over?: Partial<LbThresholds>;
  start: 'idle' | 'overload';
  steps: Step[];
  overload: boolean;
  fields?: Partial<Record<'vsucc' | 'verr' | 'rsucc' | 'rerr' | 'continSucc' | 'continErr', number>>;
  /** Expect idleTs / overloadTs equal to the clock after the steps. */
  stampedNow?: 'idleTs' | 'overloadTs';
}

const STREAK_OFF = { continErrLimit: 1000, continSuccLimit: 1000 };
const RATE_OFF = { errRate: 1 };

const cases: Case[] = [
  { name: 'one failure does not overload a fresh host', start: 'idle', steps: [rep(F)], overload: false, fields: { vsucc: 180, verr: 1, rerr: 1, continErr: 1 } },
  { name: 'err_rate: 20 failures stay idle (20/200 is not above 0.1)', over: STREAK_OFF, start: 'idle', steps: [rep(F, 20)], overload: false },
  { name: 'err_rate: the 21st failure overloads (21/201 > 0.1)', over: STREAK_OFF, start: 'idle', steps: [rep(F, 21)], overload: true, fields: { vsucc: 0, verr: 5, rerr: 0, continErr: 0 }, stampedNow: 'overloadTs' },
  { name: 'err_rate honours init_succ_cnt', over: { ...STREAK_OFF, initSuccCnt: 18 }, start: 'idle', steps: [rep(F, 3)], overload: true },
  { name: 'contin_err_limit: 14 consecutive failures stay idle', start: 'idle', steps: [rep(F, 14)], overload: false },
  { name: 'contin_err_limit: the 15th consecutive failure overloads', start: 'idle', steps: [rep(F, 15)], overload: true },
  { name: 'a success breaks the failure streak', over: RATE_OFF, start: 'idle', steps: [rep(F, 14), rep(S), rep(F, 14)], overload: false, fields: { continErr: 14 } },
  { name: 'a streak after a success still counts to the limit', over: RATE_OFF, start: 'idle', steps: [rep(F, 14), rep(S), rep(F, 15)], overload: true },
  { name: 'every retcode but RET_SUCC is a failure', over: { ...RATE_OFF, continErrLimit: 4 }, start: 'idle', steps: [rep(1), rep(2), rep(3), rep(42)], overload: true },
  { name: 'successes never overload an idle host', start: 'idle', steps: [rep(S, 500)], overload: false, fields: { rsucc: 500, continSucc: 500 } },
  { name: 'succ_rate: 95 successes stay overloaded (95/100 is not above 0.95)', over: STREAK_OFF, start: 'overload', steps: [rep(S, 95)], overload: true },
  { name: 'succ_rate: the 96th success idles (96/101 > 0.95)', over: STREAK_OFF, start: 'overload', steps: [rep(S, 96)], overload: false, fields: { vsucc: 180, verr: 0, rsucc: 0 }, stampedNow: 'idleTs' },
  { name: 'contin_succ_limit: 14 consecutive successes stay overloaded', start: 'overload', steps: [rep(S, 14)], overload: true },
  { name: 'contin_succ_limit: the 15th consecutive success idles', start: 'overload', steps: [rep(S, 15)], overload: false },
  { name: 'a failure breaks the success streak', start: 'overload', steps: [rep(S, 14), rep(F), rep(S, 14)], overload: true, fields: { continSucc: 14 } },
  { name: 'failures never idle an overloaded host before overload_timeout', start: 'overload', steps: [rep(F, 100)], overload: true },
  { name: 'idle window ended with rerr/(rsucc+rerr) = 0.7: overload', over: { ...RATE_OFF, ...STREAK_OFF }, start: 'idle', steps: [rep(S, 3), rep(F, 6), wait(15_000), rep(F)], overload: true },
  { name: 'idle window ended with 0.6 errors: a new window starts', over: { ...RATE_OFF, ...STREAK_OFF }, start: 'idle', steps: [rep(S, 4), rep(F, 5), wait(15_000), rep(F)], overload: false, fields: { vsucc: 180, verr: 0, rsucc: 0, rerr: 0, continErr: 0 }, stampedNow: 'idleTs' },
  { name: 'idle window not yet ended 1 ms before idle_timeout', over: { ...RATE_OFF, ...STREAK_OFF }, start: 'idle', steps: [rep(S, 3), rep(F, 6), wait(14_999), rep(F)], overload: false, fields: { rsucc: 3, rerr: 7 } },
  { name: 'idle window of successes only restarts', start: 'idle', steps: [rep(S, 5), wait(15_000), rep(S)], overload: false, fields: { rsucc: 0 }, stampedNow: 'idleTs' },
  { name: 'a shorter idle_timeout ends the window sooner', over: { ...RATE_OFF, ...STREAK_OFF, idleTimeoutMs: 1_000 }, start: 'idle', steps: [rep(F, 2), wait(1_000), rep(F)], overload: true },
  { name: 'overload_timeout: a failure after it idles the host', start: 'overload', steps: [wait(15_000), rep(F)], overload: false, stampedNow: 'idleTs' },
  { name: 'overload_timeout: a success after it idles the host', start: 'overload', steps: [wait(15_000), rep(S)], overload: false },
  { name: 'overload_timeout: 1 ms before it the host stays overloaded', start: 'overload', steps: [wait(14_999), rep(F)], overload: true },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const clock = fakeClock();
    const e = env(c.over);
    const lb = lbWith([A, B], e, clock.t);
    if (c.start === 'overload') overloadHost(lb, A, clock.t);
    for (const step of c.steps) {
      if ('advance' in step) clock.advance(step.advance);
      else for (let i = 0; i < step.times; i++) lb.report(A.ip, A.port, step.report, clock.t);
    }
    const h = lb.host(A.ip, A.port);
    t.equal(h?.overload, c.overload, 'overload flag');
    t.equal(lb.overloadOrder().some((x) => label(x) === 'A'), c.overload, 'on the matching list');
    t.equal(lb.idleOrder().some((x) => label(x) === 'A'), !c.overload, 'and only there');
    for (const [field, want] of Object.entries(c.fields ?? {})) t.equal(h?.[field as keyof typeof c.fields], want, field);
    if (c.stampedNow) t.equal(h?.[c.stampedNow], clock.t, `${c.stampedNow} is now`);
    t.equal(lb.host(B.ip, B.port)?.overload, false, 'other hosts untouched');
  });
}

t.test('a host changing list goes to the back of the other list', async (t) => {
  const clock = fakeClock();
  const e = env();
  const lb = lbWith([A, B, C], e, clock.t);
  overloadHost(lb, B, clock.t);
  overloadHost(lb, A, clock.t);
  t.strictSame(lb.idleOrder().map(label), ['C']);
  t.strictSame(lb.overloadOrder().map(label), ['B', 'A']);
  for (let i = 0; i < 15; i++) lb.report(B.ip, B.port, S, clock.t);
  t.strictSame(lb.idleOrder().map(label), ['C', 'B']);
  t.strictSame(lb.overloadOrder().map(label), ['A']);
  t.strictSame([e.counters.idleToOverload, e.counters.overloadToIdle], [2, 1], 'transitions counted both ways');
});

t.test('reports for hosts outside the route are refused', async (t) => {
  const clock = fakeClock();
  const lb = lbWith([A], env(), clock.t);
  t.equal(lb.report(B.ip, B.port, S, clock.t), false);
  t.equal(lb.report(A.ip, A.port + 1, S, clock.t), false);
  t.equal(lb.report(A.ip, 70_000, S, clock.t), false);
  t.equal(lb.report(A.ip >>> 0, A.port, S, clock.t), true, 'the unsigned spelling of a known IP is the same host');
});
