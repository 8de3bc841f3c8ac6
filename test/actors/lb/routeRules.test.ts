/**
 * Routing rules in the balancer (rulePicker.ts), through RouteLb as the agent
 * and the embedded client call it: a split's exact share and spacing, a
 * match for tagged callers with its fallback, ejections within a rule's
 * group, and rules that change or go with a route push.
 */
import t from 'tap';
import { LarsRetCode } from '../../../actors/lb/core/retCode.js';
import { RouteLb } from '../../../actors/lb/core/routeLb.js';
import { parseRule } from '../../../proto/routeRule.js';
import { A, B, C, D, fakeClock, label, thresholds } from './fixtures/lbFixtures.js';

const rules = (...texts: string[]) => texts.map(parseRule);
// A and B serve v1, C and D the canary v2; D is also the test pool.
const HOSTS = [
  { ...A, tags: ['version=v1'] },
  { ...B, tags: ['version=v1'] },
  { ...C, tags: ['version=v2'] },
  { ...D, tags: ['env=test', 'version=v2'] },
];

function setup(over = {}) {
  const clock = fakeClock();
  const rlb = new RouteLb({ now: clock.now, thresholds: thresholds(over) });
  const pick = (tags?: string[]): string => {
    const o = rlb.getHost(1, 2, tags);
    return o.retcode === LarsRetCode.RET_SUCC ? label(o) : `ret ${o.retcode}`;
  };
  const count = (n: number, tags?: string[]) => {
    const seen: Record<string, number> = {};
    const order: string[] = [];
    for (let i = 0; i < n; i++) {
      const h = pick(tags);
      order.push(h);
      seen[h] = (seen[h] ?? 0) + 1;
    }
    return { seen, order };
  };
  return { clock, rlb, pick, count };
}

t.test('no rules: the plain rotation, caller tags or not', async (t) => {
  const { rlb, count } = setup();
  rlb.applyRoute(1, 2, HOSTS, true);
  t.same(count(8, ['env=test']).order, ['A', 'B', 'C', 'D', 'A', 'B', 'C', 'D']);
});

t.test('split 5%: exactly 500 of 10,000 calls to the canary, one in twenty, rotating inside each group', async (t) => {
  const { rlb, count } = setup();
  rlb.applyRoute(1, 2, HOSTS, true, rules('split version=v2 5%'));
  const { seen, order } = count(10_000);
  t.same(seen, { A: 4750, B: 4750, C: 250, D: 250 });
  const canary = order.flatMap((h, i) => (h === 'C' || h === 'D' ? [i] : []));
  t.same([...new Set(canary.slice(1).map((c, i) => c - (canary[i] as number)))], [20], 'evenly spaced: no bursts');
});

t.test('match: tagged callers go to their hosts, fall back while none is idle, come back after', async (t) => {
  const { clock, rlb, pick, count } = setup({ continErrLimit: 2 });
  rlb.applyRoute(1, 2, HOSTS, true, rules('match env=test -> env=test'));
  t.same(count(4, ['env=test', 'team=x']).seen, { D: 4 }, 'every call of the test caller to D');
  t.same(count(4).order, ['A', 'B', 'C', 'D'], 'other callers: every host');
  // D fails twice in a row: ejected; the test caller falls back to the rest.
  rlb.report(1, 2, D.ip, D.port, LarsRetCode.RET_SYSTEM_ERROR);
  rlb.report(1, 2, D.ip, D.port, LarsRetCode.RET_SYSTEM_ERROR);
  t.same(count(3, ['env=test']).order, ['A', 'B', 'C'], 'no idle test host: the rest, in turn');
  clock.t += 60_000;
  rlb.expireOverloaded();
  t.equal(pick(['env=test']), 'D', 'back once its ejection ended');
});

t.test('a push that changes or drops the rules applies with the hosts', async (t) => {
  const { rlb, count } = setup();
  rlb.applyRoute(1, 2, HOSTS, true, rules('split version=v2 50%'));
  t.same(count(4).seen, { A: 1, C: 1, B: 1, D: 1 }, 'half and half');
  rlb.applyRoute(1, 2, HOSTS, true, rules('split version=v2 100%'));
  t.same(count(4).seen, { C: 2, D: 2 }, 'all to the canary');
  rlb.applyRoute(1, 2, [], false, rules());
  t.same(count(2).seen, { C: 1, D: 1 }, 'an empty list that is not applied leaves the rules too');
  rlb.applyRoute(1, 2, HOSTS, true);
  t.same(count(4).order, ['A', 'B', 'C', 'D'], 'a push without rules: none');
});

t.test('every host of a rule key overloaded: the same RET_OVERLOAD and probes as without rules', async (t) => {
  const { rlb, pick } = setup({ continErrLimit: 1, probeNum: 3 });
  rlb.applyRoute(1, 2, HOSTS.slice(2), true, rules('split version=v2 5%'));
  for (const h of [C, D]) rlb.report(1, 2, h.ip, h.port, LarsRetCode.RET_SYSTEM_ERROR);
  t.same([pick(), pick(), pick()], [`ret ${LarsRetCode.RET_OVERLOAD}`, `ret ${LarsRetCode.RET_OVERLOAD}`, 'C'], 'the third call probes');
});
