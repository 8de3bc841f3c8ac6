import t from 'tap';
import { HostInfo } from '../../../actors/lb/core/hostInfo.js';
import { HostList } from '../../../actors/lb/core/hostList.js';

const make = (n: number): HostInfo[] => Array.from({ length: n }, (_, i) => new HostInfo(i + 1, 80, 180, 0));
const ports = (l: HostList): number[] => l.toArray().map((h) => h.ip);

t.test('rotate hands out front to back, in insertion order, forever', async (t) => {
  const l = new HostList();
  for (const h of make(3)) l.pushBack(h);
  const seen = Array.from({ length: 7 }, () => l.rotate()?.ip);
  t.strictSame(seen, [1, 2, 3, 1, 2, 3, 1]);
  t.strictSame(ports(l), [2, 3, 1], 'the picked host went to the back');
  t.equal(new HostList().rotate(), null, 'empty list gives null');
});

t.test('remove keeps the order of the others, wherever the host sits', async (t) => {
  const cases: Array<{ remove: number[]; want: number[] }> = [
    { remove: [1], want: [2, 3, 4] },
    { remove: [4], want: [1, 2, 3] },
    { remove: [2, 3], want: [1, 4] },
    { remove: [1, 2, 3, 4], want: [] },
  ];
  for (const c of cases) {
    const l = new HostList();
    const hs = make(4);
    for (const h of hs) l.pushBack(h);
    for (const ipToRemove of c.remove) l.remove(hs[ipToRemove - 1] as HostInfo);
    t.strictSame(ports(l), c.want, `remove ${c.remove.join(',')}`);
    t.equal(l.size, c.want.length);
    if (c.want.length === 0) t.equal(l.front, null);
  }
});

t.test('a removed host can be appended again, to the back', async (t) => {
  const l = new HostList();
  const hs = make(3);
  for (const h of hs) l.pushBack(h);
  l.rotate();
  l.remove(hs[2] as HostInfo);
  l.pushBack(hs[2] as HostInfo);
  t.strictSame(ports(l), [2, 1, 3]);
  t.equal(hs[2]?.next, hs[1], 'circular: the back links to the front');
});
