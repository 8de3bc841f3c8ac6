/** The LB state dump (GET /lb, `lars status`): fields, times, route version, expiry on read, key order and cap. */
import t from 'tap';
import { dumpKey, dumpKeys } from '../../../actors/lb/lbStateDump.js';
import { LoadBalance } from '../../../actors/lb/core/loadBalance.js';
import { A, B, C, env, fakeClock, lbWith, overloadHost } from './fixtures/lbFixtures.js';

const WALL = 1_800_000_000_000;
const at = (now: number) => ({ now, wallNow: WALL });
const SUCC = 0;
const FAIL = 1;

t.test('a fresh key: every host idle since the route came, nothing counted yet', async (t) => {
  const clock = fakeClock();
  const lb = lbWith([A, C], env(), clock.t);
  clock.advance(250);
  t.same(dumpKey(lb, at(clock.t)), {
    modid: 1,
    cmdid: 1,
    route: 'ready',
    routeVersion: 1,
    routeAgeMs: 250,
    hosts: [
      { ip: '10.0.0.1', port: 9001, state: 'idle', since: WALL - 250, sinceMs: 250, vsucc: 180, verr: 0, rsucc: 0, rerr: 0, windowMs: 250, continSucc: 0, continErr: 0, probes: 0, weight: 1, effectiveWeight: 1, ejections: 0, totalEjections: 0 },
      { ip: '192.168.1.3', port: 9003, state: 'idle', since: WALL - 250, sinceMs: 250, vsucc: 180, verr: 0, rsucc: 0, rerr: 0, windowMs: 250, continSucc: 0, continErr: 0, probes: 0, weight: 1, effectiveWeight: 1, ejections: 0, totalEjections: 0 },
    ],
  });
});

t.test('counts, streaks, the overloaded host with its probes and since', async (t) => {
  const clock = fakeClock();
  const lb = lbWith([A, B], env({ probeNum: 2 }), clock.t);
  lb.report(A.ip, A.port, SUCC, clock.t);
  lb.report(A.ip, A.port, SUCC, clock.t);
  lb.report(A.ip, A.port, FAIL, clock.t);
  clock.advance(1000);
  overloadHost(lb, B, clock.t);
  clock.advance(500);
  let probes = 0;
  for (let i = 0; i < 6; i++) if (lb.choose(clock.t)?.port === B.port) probes++;
  t.equal(probes, 3, 'every second pick probes B');
  const dump = dumpKey(lb, at(clock.t));
  const [a, b] = dump.hosts;
  t.match(a, { ip: '10.0.0.1', state: 'idle', vsucc: 182, verr: 1, rsucc: 2, rerr: 1, continSucc: 0, continErr: 1, probes: 0, sinceMs: 1500 });
  t.match(b, { ip: '10.0.0.2', state: 'overloaded', since: WALL - 500, sinceMs: 500, vsucc: 0, verr: 5, rsucc: 0, rerr: 0, windowMs: 500, probes: 3 });
  t.equal(dump.hosts.length, 2, 'idle list, then overload list');
});

t.test('the route version moves only when the host list changes', async (t) => {
  const clock = fakeClock();
  const lb = new LoadBalance(7, 8, env());
  t.same(dumpKey(lb, at(clock.t)), { modid: 7, cmdid: 8, route: 'new', routeVersion: 0, routeAgeMs: null, hosts: [] }, 'no route yet');
  lb.update([A], true, clock.t);
  t.equal(dumpKey(lb, at(clock.t)).routeVersion, 1);
  clock.advance(5000);
  lb.update([A], true, clock.t);
  t.same([dumpKey(lb, at(clock.t + 10)).routeVersion, dumpKey(lb, at(clock.t + 10)).routeAgeMs], [1, 10], 'the same list again: same version, age from the re-pull');
  lb.update([A, B], true, clock.t);
  lb.update([B], true, clock.t);
  t.equal(dumpKey(lb, at(clock.t)).routeVersion, 3, 'an added host, then a removed one');
  lb.update([], false, clock.t);
  t.equal(dumpKey(lb, at(clock.t)).routeVersion, 3, 'an ignored empty update changes nothing');
});

t.test('a host past its overload_timeout reads as idle even if nobody asked for the key', async (t) => {
  const clock = fakeClock();
  const lb = lbWith([A, B], env({ overloadTimeoutMs: 2000 }), clock.t);
  overloadHost(lb, B, clock.t);
  clock.advance(1999);
  t.equal(dumpKey(lb, at(clock.t)).hosts[1]?.state, 'overloaded', '1 ms before');
  clock.advance(1);
  const after = dumpKey(lb, at(clock.t));
  t.match(after.hosts.find((h) => h.port === B.port), { state: 'idle', sinceMs: 0, probes: 0, vsucc: 180 });
  t.equal(lb.overloadCount, 0, 'and the LB itself agrees');
});

t.test('every key in (modid, cmdid) order, capped', async (t) => {
  const e = env();
  const keys = [
    [2, 1],
    [1, 9],
    [-5, 3],
    [1, 2],
  ].map(([m, c]) => {
    const lb = new LoadBalance(m as number, c as number, e);
    lb.update([A], true, 0);
    return lb;
  });
  const all = dumpKeys(keys, at(0), 10);
  t.same(
    all.keys.map((k) => `${k.modid}/${k.cmdid}`),
    ['-5/3', '1/2', '1/9', '2/1'],
  );
  t.equal(all.truncated, false);
  const capped = dumpKeys(keys, at(0), 2);
  t.same(
    capped.keys.map((k) => `${k.modid}/${k.cmdid}`),
    ['-5/3', '1/2'],
  );
  t.equal(capped.truncated, true);
});

t.test('weights, the slow-start ramp and ejections in a row', async (t) => {
  const clock = fakeClock();
  const lb = lbWith([{ ...A, weight: 4 }, B], env({ slowStartMs: 10_000, overloadTimeoutMs: 1_000 }), clock.t);
  overloadHost(lb, B, clock.t);
  clock.advance(1_000);
  lb.choose(clock.t);
  overloadHost(lb, B, clock.t);
  t.match(dumpKey(lb, at(clock.t)).hosts, [
    { port: A.port, weight: 4, effectiveWeight: 4, ejections: 0, totalEjections: 0 },
    { port: B.port, state: 'overloaded', weight: 1, ejections: 2, totalEjections: 2 },
  ], 'ejected again without a clean window: 2 in a row');
  clock.advance(2_000);
  lb.choose(clock.t);
  clock.advance(2_500);
  t.match(dumpKey(lb, at(clock.t)).hosts.find((h) => h.port === B.port), { state: 'idle', weight: 1, effectiveWeight: 0.25 }, 'a quarter into the ramp');
});
