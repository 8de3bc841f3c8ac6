/** The keys view from one read: routed hosts with stats per caller, hosts gone from the route while recently reported, totals. */
import t from 'tap';
import { buildKeysView } from '../../../actors/console/keysView.js';
import { ipv4ToInt32, ipv4ToUint32 } from '../../../runtime/net/ipv4.js';
import type { StatusRow } from '../../../store/statusStore.js';

const NOW_S = 1_800_000_000;
const row = (ip: string, port: number, over: Partial<StatusRow> = {}): StatusRow => ({ modid: 5, cmdid: 6, ip: ipv4ToInt32(ip), port, caller: ipv4ToInt32('10.9.9.9'), succCnt: 10, errCnt: 0, ts: NOW_S - 1, overload: false, ...over });

t.test('routed hosts, a removed host still reported, an old one not shown, a high IP', async (t) => {
  const table = { version: 9, routes: [{ modid: 5, cmdid: 6, hosts: [{ ip: ipv4ToUint32('10.0.0.1'), port: 80 }, { ip: ipv4ToUint32('200.1.2.3'), port: 81 }] }] };
  const status = [
    row('10.0.0.1', 80, { errCnt: 10, overload: true }),
    row('200.1.2.3', 81, { succCnt: 4 }),
    row('10.0.0.7', 80, { succCnt: 3 }),
    row('10.0.0.8', 80, { ts: NOW_S - 3600 }),
    { ...row('10.0.0.1', 80), modid: 7 },
  ];
  const view = buildKeysView(table, status, [{ modid: 5, cmdid: 6, version: 9, atMs: 123 }], NOW_S * 1000);
  t.equal(view.keys.length, 1, 'keys come from the route table');
  const key = view.keys[0]!;
  t.match(key, { hostCount: 2, overloaded: 1, succ: 14, err: 10, lastChange: { version: 9, atMs: 123 } });
  t.same(key.hosts.map((h) => [`${h.ip}:${h.port}`, h.inRoute, h.overload, h.succ, h.err]), [
    ['10.0.0.1:80', true, true, 10, 10],
    ['200.1.2.3:81', true, false, 4, 0],
    ['10.0.0.7:80', false, false, 3, 0],
  ]);
  t.same(key.hosts[0]!.callers, [{ caller: '10.9.9.9', succ: 10, err: 10, errRate: 0.5, overload: true, ageS: 1 }]);
});

t.test('weights as agents balance with them: absent and 0 are 1, past 1000 is 1000 (a row written by SQL)', async (t) => {
  const hosts = [{ ip: ipv4ToUint32('10.0.0.1'), port: 80 }, { ip: ipv4ToUint32('10.0.0.2'), port: 80, weight: 0 }, { ip: ipv4ToUint32('10.0.0.3'), port: 80, weight: 5000 }, { ip: ipv4ToUint32('10.0.0.4'), port: 80, weight: 7 }];
  const view = buildKeysView({ version: 1, routes: [{ modid: 5, cmdid: 6, hosts }] }, [], [], NOW_S * 1000);
  t.same(view.keys[0]!.hosts.map((h) => h.weight), [1, 1, 1000, 7]);
});
