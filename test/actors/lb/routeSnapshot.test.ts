import t from 'tap';
import { LarsRetCode } from '../../../actors/lb/core/retCode.js';
import { RouteLb } from '../../../actors/lb/core/routeLb.js';
import { parseRouteSnapshot } from '../../../actors/lb/core/routeSnapshot.js';
import { CodedError } from '../../../runtime/errors.js';
import { A, B, C, D, fakeClock } from './fixtures/lbFixtures.js';

t.test('snapshot round trip through JSON: a restarted agent serves before DNS answers', async (t) => {
  const clock = fakeClock();
  const before = new RouteLb({ now: clock.now });
  before.applyRoute(1, 2, [A, D], true);
  before.applyRoute(-3, 4, [C], true);
  before.getHost(5, 6);
  before.applyRoute(5, 6, [], true);
  before.getHost(7, 8);
  const text = JSON.stringify(before.exportSnapshot());

  const after = new RouteLb({ now: clock.now });
  t.equal(after.importSnapshot(JSON.parse(text)), 2, 'keys with hosts only');
  t.strictSame(after.exportSnapshot(), before.exportSnapshot());
  t.strictSame(after.getRoute(1, 2).hosts, [A, D], 'negative IPs survive');
  const o = after.getHost(-3, 4);
  t.strictSame([o.retcode, o.ip, o.port, o.pending, o.pull], [LarsRetCode.RET_SUCC, C.ip, C.port, false, true], 'served at once, re-pulled');
  t.equal(after.getHost(5, 6).pending, true, 'keys without hosts are not restored');
});

t.test('snapshot import never overrides a route DNS already gave', async (t) => {
  const clock = fakeClock();
  const rlb = new RouteLb({ now: clock.now });
  rlb.applyRoute(1, 2, [B], true);
  const n = rlb.importSnapshot({ version: 1, routes: [{ modid: 1, cmdid: 2, hosts: [A] }, { modid: 3, cmdid: 3, hosts: [A] }] });
  t.equal(n, 1);
  t.strictSame(rlb.getRoute(1, 2).hosts, [B]);
});

t.test('malformed snapshots are BAD_SNAPSHOT errors naming the place', async (t) => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['not an object', 'x', /route snapshot/],
    ['wrong version', { version: 2, routes: [] }, /version/],
    ['route without hosts', { version: 1, routes: [{ modid: 1, cmdid: 1 }] }, /routes\[0\]/],
    ['fractional modid', { version: 1, routes: [{ modid: 1.5, cmdid: 1, hosts: [] }] }, /routes\[0\]/],
    ['bad port', { version: 1, routes: [{ modid: 1, cmdid: 1, hosts: [{ ip: 1, port: 65536 }] }] }, /routes\[0\]\.hosts\[0\]/],
    ['ip out of range', { version: 1, routes: [{ modid: 1, cmdid: 1, hosts: [{ ip: 2 ** 32, port: 1 }] }] }, /hosts\[0\]/],
  ];
  for (const [name, data, where] of cases) {
    let caught: unknown;
    try {
      parseRouteSnapshot(data);
    } catch (err) {
      caught = err;
    }
    t.ok(caught instanceof CodedError && caught.code === 'BAD_SNAPSHOT', `${name}: BAD_SNAPSHOT`);
    t.match((caught as Error | undefined)?.message, where, `${name}: names the place`);
  }
  t.strictSame(parseRouteSnapshot({ version: 1, routes: [{ modid: 1, cmdid: 1, hosts: [{ ip: 0xc8010104, port: 80 }] }] }).routes[0]?.hosts, [{ ip: D.ip, port: 80 }], 'unsigned IPs normalised to int32');
});
