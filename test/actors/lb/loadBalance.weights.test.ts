/** Weights through route updates: kept, changed, clamped; which hosts slow-start. */
import t from 'tap';
import { A, B, C, env, label, lbWith } from './fixtures/lbFixtures.js';

const picks = (lb: ReturnType<typeof lbWith>, n: number, now = 0): string[] => Array.from({ length: n }, () => label(lb.choose(now)));
const count = (xs: string[], x: string): number => xs.filter((y) => y === x).length;
function hostOf(lb: ReturnType<typeof lbWith>, h: { ip: number; port: number }) {
  const found = lb.host(h.ip, h.port);
  if (found === undefined) throw new Error(`no host ${label(h)}`);
  return found;
}

t.test('a weight change from DNS takes effect at once; the host keeps its state', async (t) => {
  const lb = lbWith([A, B], env(), 0);
  t.same(picks(lb, 4), ['A', 'B', 'A', 'B'], 'equal weights: rotation');
  lb.report(A.ip, A.port, 0, 0);
  t.ok(lb.update([{ ...A, weight: 3 }, B], true, 0));
  t.equal(lb.host(A.ip, A.port)?.rsucc, 1, 'counts kept');
  const p = picks(lb, 40);
  t.same([count(p, 'A'), count(p, 'B')], [30, 10]);
  lb.update([A, B], true, 0);
  t.same(picks(lb, 4), ['A', 'B', 'A', 'B'], 'back to 1: rotation again');
});

t.test('weights outside 1…1000 from a foreign DNS are clamped, never refused', async (t) => {
  const lb = lbWith([{ ...A, weight: 0 }, { ...B, weight: 5000 }, { ...C, weight: -3 }], env(), 0);
  t.same([A, B, C].map((h) => lb.host(h.ip, h.port)?.weight), [1, 1000, 1]);
  t.same(lb.addresses(), [A, { ...B, weight: 1000 }, C], 'weight 1 is left out, as on the wire');
});

t.test('slow start: hosts of a key\'s first route start at full weight, hosts added later ramp', async (t) => {
  const e = env({ slowStartMs: 10_000 });
  const lb = lbWith([A, B], e, 0);
  t.same([A, B].map((h) => lb.effectiveWeight(hostOf(lb, h), 0)), [1, 1], 'first route: no ramp');
  lb.update([A, B, C], true, 1_000);
  const c = hostOf(lb, C);
  t.equal(lb.effectiveWeight(c, 1_000), 0.1, 'an added host starts at 10 %');
  t.equal(lb.effectiveWeight(c, 6_000), 0.5, 'half way');
  t.equal(lb.effectiveWeight(c, 11_000), 1, 'full weight after slow_start_ms');
  const p = picks(lb, 300, 11_000);
  t.same([count(p, 'A'), count(p, 'B'), count(p, 'C')], [100, 100, 100], 'after the ramp: plain rotation');
});
