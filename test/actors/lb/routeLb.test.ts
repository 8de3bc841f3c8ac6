import t from 'tap';
import { LarsRetCode } from '../../../actors/lb/core/retCode.js';
import { RouteLb } from '../../../actors/lb/core/routeLb.js';
import { A, B, C, D, fakeClock, label, thresholds } from './fixtures/lbFixtures.js';

const setup = (over = {}, maxKeys?: number) => {
  const clock = fakeClock();
  const rlb = new RouteLb({ now: clock.now, thresholds: thresholds(over), ...(maxKeys === undefined ? {} : { maxKeys }) });
  return { clock, rlb };
};
const pick = (rlb: RouteLb, modid = 1, cmdid = 2) => {
  const o = rlb.getHost(modid, cmdid);
  return { retcode: o.retcode, host: o.retcode === LarsRetCode.RET_SUCC ? label(o) : 'none', pending: o.pending, pull: o.pull };
};

t.test('a first request claims one pull and waits for the route', async (t) => {
  const { rlb } = setup();
  t.strictSame(pick(rlb), { retcode: LarsRetCode.RET_NOEXIST, host: 'none', pending: true, pull: true });
  t.strictSame(pick(rlb), { retcode: LarsRetCode.RET_NOEXIST, host: 'none', pending: true, pull: false }, 'concurrent first requests: one pull');
  t.ok(rlb.applyRoute(1, 2, [A, B], true));
  t.strictSame([pick(rlb), pick(rlb)].map((p) => [p.retcode, p.host, p.pending, p.pull]), [
    [LarsRetCode.RET_SUCC, 'A', false, false],
    [LarsRetCode.RET_SUCC, 'B', false, false],
  ]);
  t.equal(rlb.stats().pulls, 1);
});

t.test('an explicit empty route answers RET_NOEXIST without waiting', async (t) => {
  const { rlb } = setup();
  rlb.getHost(1, 2);
  rlb.applyRoute(1, 2, [], true);
  t.strictSame(pick(rlb), { retcode: LarsRetCode.RET_NOEXIST, host: 'none', pending: false, pull: false });
  t.equal(rlb.applyRoute(9, 9, [], true), false, 'an empty list for a key nobody asked for creates nothing');
  t.equal(rlb.keyCount, 1);
});

t.test('all hosts overloaded: RET_OVERLOAD except on probe turns', async (t) => {
  const { rlb } = setup({ probeNum: 2 });
  rlb.applyRoute(1, 2, [A], true);
  for (let i = 0; i < 15; i++) rlb.report(1, 2, A.ip, A.port, LarsRetCode.RET_OVERLOAD);
  t.strictSame([pick(rlb), pick(rlb), pick(rlb), pick(rlb)].map((p) => p.host), ['none', 'A', 'none', 'A']);
  t.equal(rlb.getHost(1, 2).retcode, LarsRetCode.RET_OVERLOAD);
});

t.test('a stale route keeps serving and is re-pulled once', async (t) => {
  const { clock, rlb } = setup({ updateTimeoutMs: 15_000 });
  rlb.getHost(1, 2);
  rlb.applyRoute(1, 2, [A], true);
  clock.advance(14_999);
  t.equal(pick(rlb).pull, false);
  clock.advance(1);
  t.strictSame(pick(rlb), { retcode: LarsRetCode.RET_SUCC, host: 'A', pending: false, pull: true });
  t.equal(pick(rlb).pull, false, 'pull in flight');
  clock.advance(15_000);
  t.equal(pick(rlb).pull, true, 'an unanswered pull is claimed again after update_timeout');
});

t.test('dns-client reconnect: every key back to NEW, served and re-pulled', async (t) => {
  const { rlb } = setup();
  for (const [m, c] of [[1, 2], [3, 4]] as const) {
    rlb.getHost(m, c);
    rlb.applyRoute(m, c, [A], true);
  }
  rlb.getHost(5, 6);
  rlb.resetAllToNew();
  t.strictSame(rlb.takeKeysNeedingPull().sort((x, y) => x.modid - y.modid), [
    { modid: 1, cmdid: 2 },
    { modid: 3, cmdid: 4 },
    { modid: 5, cmdid: 6 },
  ]);
  t.strictSame(rlb.takeKeysNeedingPull(), [], 'claimed: not handed out twice');
  t.strictSame(pick(rlb, 3, 4), { retcode: LarsRetCode.RET_SUCC, host: 'A', pending: false, pull: false });
});

t.test('a pull that could not be sent is claimed again by the next use', async (t) => {
  const { rlb } = setup();
  t.equal(pick(rlb).pull, true);
  rlb.pullFailed(1, 2);
  t.equal(pick(rlb).pull, true);
});

t.test('reports reach the key; unknown keys and hosts are counted', async (t) => {
  const { rlb } = setup();
  rlb.applyRoute(1, 2, [A, B], true);
  t.equal(rlb.report(1, 2, A.ip, A.port, LarsRetCode.RET_SUCC), true);
  t.equal(rlb.report(1, 3, A.ip, A.port, LarsRetCode.RET_SUCC), false);
  t.equal(rlb.report(1, 2, C.ip, C.port, LarsRetCode.RET_SUCC), false);
  t.match(rlb.stats(), { reports: 3, unknownReports: 2, keys: 1, hosts: 2, idleHosts: 2, overloadedHosts: 0 });
  t.match(rlb.find(1, 2)?.host(A.ip, A.port), { rsucc: 1 });
});

t.test('getRoute lists every host and follows the same pull rules', async (t) => {
  const { rlb } = setup();
  t.strictSame(rlb.getRoute(7, 8), { hosts: [], pending: true, pull: true, accepted: true });
  rlb.applyRoute(7, 8, [D, A], true);
  t.strictSame(rlb.getRoute(7, 8), { hosts: [D, A], pending: false, pull: false, accepted: true });
});

t.test('the key cap refuses new keys with RET_SYSTEM_ERROR', async (t) => {
  const { rlb } = setup({}, 2);
  rlb.getHost(1, 1);
  rlb.getHost(1, 2);
  t.strictSame(pick(rlb, 1, 3), { retcode: LarsRetCode.RET_SYSTEM_ERROR, host: 'none', pending: false, pull: false });
  t.equal(rlb.getRoute(1, 3).accepted, false);
  t.equal(rlb.applyRoute(1, 3, [A], true), false);
  t.match(rlb.stats(), { keys: 2, keysRejected: 3 });
});

t.test('setThresholds reloads every existing key', async (t) => {
  const { rlb } = setup({ continErrLimit: 15 });
  rlb.applyRoute(1, 2, [A, B], true);
  rlb.applyRoute(3, 4, [A, B], true);
  rlb.setThresholds(thresholds({ continErrLimit: 2, errRate: 1 }));
  for (const [m, c] of [[1, 2], [3, 4]] as const) {
    rlb.report(m, c, A.ip, A.port, LarsRetCode.RET_OVERLOAD);
    rlb.report(m, c, A.ip, A.port, LarsRetCode.RET_OVERLOAD);
    t.equal(rlb.find(m, c)?.host(A.ip, A.port)?.overload, true, `key ${m}/${c}`);
  }
  t.equal(rlb.thresholds.continErrLimit, 2);
  t.equal(rlb.stats().idleToOverload, 2);
});

t.test('takeReports: one entry per key with new reports, every host in it', async (t) => {
  const { rlb } = setup();
  rlb.applyRoute(1, 2, [A, B], true);
  rlb.applyRoute(3, 4, [C], true);
  rlb.report(1, 2, B.ip, B.port, LarsRetCode.RET_SUCC);
  t.strictSame(rlb.takeReports(), [{
    modid: 1, cmdid: 2, results: [
      { ip: A.ip, port: A.port, succ: 0, err: 0, overload: false },
      { ip: B.ip, port: B.port, succ: 1, err: 0, overload: false },
    ],
  }]);
  t.strictSame(rlb.takeReports(), []);
});

t.test('modid and cmdid may be any int32', async (t) => {
  const { rlb } = setup();
  rlb.applyRoute(-5, 2 ** 31 - 1, [A], true);
  rlb.applyRoute(-5, -(2 ** 31), [B], true);
  t.equal(pick(rlb, -5, 2 ** 31 - 1).host, 'A');
  t.equal(pick(rlb, -5, -(2 ** 31)).host, 'B');
});
