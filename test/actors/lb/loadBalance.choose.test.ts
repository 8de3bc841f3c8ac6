import t from 'tap';
import type { HostAddress } from '../../../actors/lb/core/hostInfo.js';
import type { LbThresholds } from '../../../actors/lb/core/lbConfig.js';
import { A, B, C, D, env, fakeClock, label, lbWith, overloadHost, thresholds } from './fixtures/lbFixtures.js';

interface Case {
  name: string;
  over?: Partial<LbThresholds>;
  hosts: HostAddress[];
  overloaded: HostAddress[];
  /** Picks in order; 'none' = no host (RET_OVERLOAD, or RET_NOEXIST with no hosts). */
  picks: string[];
  probes: number;
}

const cases: Case[] = [
  { name: 'idle hosts rotate front to back in insertion order', hosts: [A, B, C], overloaded: [], picks: ['A', 'B', 'C', 'A', 'B', 'C', 'A'], probes: 0 },
  {
    name: 'every probe_num-th call probes an overloaded host while idle hosts exist',
    over: { probeNum: 4 }, hosts: [A, B, C], overloaded: [C],
    picks: ['A', 'B', 'A', 'C', 'B', 'A', 'B', 'C'], probes: 2,
  },
  {
    name: 'default probe_num: the 10th call is the probe',
    hosts: [A, B, C], overloaded: [C],
    picks: ['A', 'B', 'A', 'B', 'A', 'B', 'A', 'B', 'A', 'C', 'B'], probes: 1,
  },
  {
    name: 'probes rotate through the overload list',
    over: { probeNum: 2 }, hosts: [A, B, C], overloaded: [B, C],
    picks: ['A', 'B', 'A', 'C', 'A', 'B'], probes: 3,
  },
  {
    name: 'all overloaded: RET_OVERLOAD except on probe turns',
    over: { probeNum: 3 }, hosts: [A, B], overloaded: [A, B],
    picks: ['none', 'none', 'A', 'none', 'none', 'B', 'none', 'none', 'A'], probes: 3,
  },
  { name: 'probe_num 1 probes every call', over: { probeNum: 1 }, hosts: [A, B], overloaded: [B], picks: ['B', 'B', 'B'], probes: 3 },
  { name: 'no hosts: nothing to give', hosts: [], overloaded: [], picks: ['none', 'none'], probes: 0 },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const clock = fakeClock();
    const e = env(c.over);
    const lb = lbWith(c.hosts, e, clock.t);
    for (const h of c.overloaded) overloadHost(lb, h, clock.t);
    const picks = c.picks.map(() => label(lb.choose(clock.t)));
    t.strictSame(picks, c.picks);
    t.equal(e.counters.probes, c.probes, 'probes counted');
  });
}

t.test('the probe counter only runs while some host is overloaded', async (t) => {
  const clock = fakeClock();
  const e = env({ probeNum: 3 });
  const lb = lbWith([A, B], e, clock.t);
  for (let i = 0; i < 5; i++) lb.choose(clock.t);
  overloadHost(lb, B, clock.t);
  t.strictSame([1, 2, 3].map(() => label(lb.choose(clock.t))), ['A', 'A', 'B']);
});

t.test('an overloaded host returns to idle after overload_timeout without any report', async (t) => {
  const clock = fakeClock();
  const e = env({ probeNum: 1000 });
  const lb = lbWith([A, B, C], e, clock.t);
  overloadHost(lb, A, clock.t);
  clock.advance(5_000);
  overloadHost(lb, B, clock.t);
  clock.advance(9_999);
  lb.choose(clock.t);
  t.strictSame(lb.overloadOrder().map(label), ['A', 'B'], '1 ms early: still overloaded');
  clock.advance(1);
  lb.choose(clock.t);
  t.strictSame(lb.overloadOrder().map(label), ['B'], 'A expired');
  t.strictSame(lb.idleOrder().map(label).sort(), ['A', 'C'], 'A is idle');
  t.equal(lb.host(A.ip, A.port)?.idleTs, clock.t, 'with a fresh window');
  clock.advance(5_000);
  lb.choose(clock.t);
  t.strictSame(lb.overloadOrder(), [], 'B expired on its own deadline');
  t.equal(e.counters.overloadToIdle, 2);
});

t.test('reloaded thresholds apply from the next call', async (t) => {
  const clock = fakeClock();
  const e = env({ probeNum: 100 });
  const lb = lbWith([A, B, D], e, clock.t);
  overloadHost(lb, D, clock.t);
  t.strictSame([1, 2, 3].map(() => label(lb.choose(clock.t))), ['A', 'B', 'A']);
  e.thresholds = thresholds({ probeNum: 2 });
  t.strictSame([1, 2].map(() => label(lb.choose(clock.t))), ['D', 'B'], 'counter already past the new probe_num: probe at once');
  t.strictSame([1, 2, 3].map(() => label(lb.choose(clock.t))), ['D', 'A', 'D']);
});
