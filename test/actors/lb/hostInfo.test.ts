import t from 'tap';
import { HostInfo, hostKey } from '../../../actors/lb/core/hostInfo.js';
import { ip } from './fixtures/lbFixtures.js';

const NOW = 5_000;

t.test('a fresh host has every field initialised, idle since now', async (t) => {
  const h = new HostInfo(ip('10.0.0.1'), 80, 180, NOW);
  t.strictSame(
    { vsucc: h.vsucc, verr: h.verr, rsucc: h.rsucc, rerr: h.rerr, continSucc: h.continSucc, continErr: h.continErr, overload: h.overload, idleTs: h.idleTs, overloadTs: h.overloadTs },
    { vsucc: 180, verr: 0, rsucc: 0, rerr: 0, continSucc: 0, continErr: 0, overload: false, idleTs: NOW, overloadTs: 0 },
  );
  // zone and tags are undefined by design: no zone (every caller's zone) and no tags.
  for (const [k, v] of Object.entries(h)) {
    if (k !== 'prev' && k !== 'next' && k !== 'zone' && k !== 'tags') t.not(v, undefined, `${k} is set`);
  }
  t.strictSame([h.zone, h.tags], [undefined, undefined], 'a host without zone or tags from its route has none');
  const zoned = new HostInfo(ip('10.0.0.1'), 80, 180, NOW, 1, { zone: 'a', tags: ['version=v2'] });
  t.strictSame([zoned.zone, zoned.tags], ['a', ['version=v2']]);
});

t.test('set_idle and set_overload reset exactly the fields DESIGN lists', async (t) => {
  const dirty = (): HostInfo => {
    const h = new HostInfo(1, 1, 180, 0);
    Object.assign(h, { vsucc: 7, verr: 8, rsucc: 9, rerr: 10, continSucc: 11, continErr: 12, idleTs: 13, overloadTs: 14 });
    return h;
  };
  const cases = [
    { name: 'set_idle', apply: (h: HostInfo) => h.setIdle(100, NOW), want: { vsucc: 100, verr: 0, overload: false, idleTs: NOW, overloadTs: 14 } },
    { name: 'set_overload', apply: (h: HostInfo) => h.setOverload(5, NOW), want: { vsucc: 0, verr: 5, overload: true, idleTs: 13, overloadTs: NOW } },
  ];
  for (const c of cases) {
    const h = dirty();
    if (c.name === 'set_idle') h.overload = true;
    c.apply(h);
    t.strictSame(
      { vsucc: h.vsucc, verr: h.verr, overload: h.overload, idleTs: h.idleTs, overloadTs: h.overloadTs },
      c.want,
      c.name,
    );
    t.strictSame([h.rsucc, h.rerr, h.continSucc, h.continErr], [0, 0, 0, 0], `${c.name} zeroes real counts and streaks`);
  }
});

t.test('window verdict: rerr / (rsucc + rerr) >= window_err_rate with at least one call', async (t) => {
  const cases: Array<[number, number, boolean]> = [
    [0, 0, false],
    [3, 7, true],
    [4, 6, false],
    [0, 1, true],
    [10, 0, false],
  ];
  for (const [rsucc, rerr, want] of cases) {
    const h = new HostInfo(1, 1, 180, 0);
    h.rsucc = rsucc;
    h.rerr = rerr;
    t.equal(h.windowOverloaded(0.7), want, `${rsucc} succ / ${rerr} err`);
  }
});

t.test('host keys: int32 and unsigned spellings agree, bad ports never match', async (t) => {
  const neg = ip('200.1.1.4');
  t.ok(neg < 0, 'IPs from 128.0.0.0 are negative int32');
  t.equal(hostKey(neg, 80), hostKey(neg >>> 0, 80));
  t.not(hostKey(neg, 80), hostKey(neg, 81));
  t.not(hostKey(ip('1.0.0.0'), 0), hostKey(ip('0.0.0.0'), 0x10000 - 1));
  for (const port of [-1, 65536, 1.5, NaN]) t.equal(hostKey(1, port), -1, `port ${port}`);
  t.equal(new HostInfo(neg >>> 0, 80, 1, 0).ip, neg, 'stored in wire (int32) form');
});
