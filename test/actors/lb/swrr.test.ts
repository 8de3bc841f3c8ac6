/** Smooth weighted round-robin: the precomputed cycle is exactly the stepped sequence, and both follow the weights. */
import t from 'tap';
import { HostInfo } from '../../../actors/lb/core/hostInfo.js';
import { MAX_SCHEDULE, swrrSchedule, swrrStep } from '../../../actors/lb/core/swrr.js';
import { env, lbWith, label } from './fixtures/lbFixtures.js';

const hostsOf = (weights: number[]): HostInfo[] => weights.map((w, i) => new HostInfo(0x0a000001 + i, 9000 + i, 180, 0, w));

t.test('the cycle equals stepping, for weights with and without a common divisor', async (t) => {
  for (const weights of [[1, 4], [2, 8], [5, 1, 1], [3, 3, 3], [7, 11, 13], [1000, 1], [10, 20, 30, 40]]) {
    const hosts = hostsOf(weights);
    const cycle = swrrSchedule(hosts);
    if (cycle === null) {
      t.fail(`${weights}: no cycle`);
      continue;
    }
    const stepped = Array.from({ length: cycle.length * 2 }, () => swrrStep(hosts, Infinity, 0));
    t.same(stepped.map((h) => h?.port), [...cycle, ...cycle].map((h) => h.port), `${weights}: same order, cycle repeats`);
    const sum = weights.reduce((a, b) => a + b, 0);
    const g = weights.reduce((a, b) => { while (b) [a, b] = [b, a % b]; return a; });
    t.equal(cycle.length, sum / g, `${weights}: cycle of sum / gcd picks`);
    weights.forEach((w, i) => t.equal(cycle.filter((h) => h.port === 9000 + i).length, w / g, `${weights}: host ${i} picked in proportion`));
    t.ok(hosts.every((h) => h.current === 0), 'credits back at zero after whole cycles');
  }
});

t.test('equal weights: plain rotation in list order', async (t) => {
  t.same(swrrSchedule(hostsOf([5, 5, 5]))?.map((h) => h.port), [9000, 9001, 9002]);
});

t.test('a cycle longer than MAX_SCHEDULE is stepped per pick with the same result', async (t) => {
  const weights = [1000, 999];
  t.ok(1000 + 999 > MAX_SCHEDULE);
  t.equal(swrrSchedule(hostsOf(weights)), null);
  const e = env();
  const lb = lbWith([{ ip: 1, port: 1, weight: 1000 }, { ip: 2, port: 2, weight: 999 }], e, 0);
  const picks = Array.from({ length: 1999 }, () => label(lb.choose(0)));
  t.equal(picks.filter((p) => p === '1:1').length, 1000);
  t.equal(picks.filter((p) => p === '2:2').length, 999);
});
