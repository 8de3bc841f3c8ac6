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
  t.same(key.hosts[0]!.callers, [{ caller: '10.9.9.9', succ: 10, err: 10, errRate: 0.5, overload: true, ageS: 1, current: true }]);
});

t.test('an overload only counts while a report is current: after traffic stops the last row says how old it is', async (t) => {
  const table = { version: 1, routes: [{ modid: 5, cmdid: 6, hosts: [{ ip: ipv4ToUint32('10.0.0.1'), port: 80 }, { ip: ipv4ToUint32('10.0.0.2'), port: 80 }] }] };
  // The agent's last reports before traffic stopped: 10.0.0.1 overloaded, 10.0.0.2 idle. The clock moves on, the rows do not.
  const lastReportS = NOW_S - 1;
  const status = [row('10.0.0.1', 80, { errCnt: 10, overload: true, ts: lastReportS }), row('10.0.0.2', 80, { ts: lastReportS })];
  const at = (ageS: number) => buildKeysView(table, status, [], (lastReportS + ageS) * 1000).keys[0]!;
  t.match(at(1), { overloaded: 1, hosts: [{ overload: true, staleOverloadAgeS: null }, { overload: false }] }, 'fresh: overloaded');
  t.match(at(9), { overloaded: 1 }, 'still current 9 s after');
  const later = at(12 * 60);
  t.equal(later.overloaded, 0, 'the key list counts it no more 12 minutes later');
  t.match(later.hosts[0], { overload: false, staleOverloadAgeS: 720, lastReportAgeS: 720, callers: [{ overload: true, current: false, ageS: 720 }] }, 'the host says how old its last overload is');
  t.match(later.hosts[1], { overload: false, staleOverloadAgeS: null });
  const again = buildKeysView(table, [...status, row('10.0.0.1', 80, { caller: ipv4ToInt32('10.9.9.8'), ts: lastReportS + 720 })], [], (lastReportS + 720) * 1000).keys[0]!;
  t.match(again.hosts[0], { overload: false, staleOverloadAgeS: 720 }, 'another caller now idle on it: not overloaded, the old overload still dated');
});

t.test('weights as agents balance with them: absent and 0 are 1, past 1000 is 1000 (a row written by SQL)', async (t) => {
  const hosts = [{ ip: ipv4ToUint32('10.0.0.1'), port: 80 }, { ip: ipv4ToUint32('10.0.0.2'), port: 80, weight: 0 }, { ip: ipv4ToUint32('10.0.0.3'), port: 80, weight: 5000 }, { ip: ipv4ToUint32('10.0.0.4'), port: 80, weight: 7 }];
  const view = buildKeysView({ version: 1, routes: [{ modid: 5, cmdid: 6, hosts }] }, [], [], NOW_S * 1000);
  t.same(view.keys[0]!.hosts.map((h) => h.weight), [1, 1, 1000, 7]);
});

t.test('registrations and drains: each host says its source, lease, check and whether it is served', async (t) => {
  const ip = ipv4ToUint32;
  const table = { version: 4, routes: [{ modid: 5, cmdid: 6, hosts: [{ ip: ip('10.0.0.1'), port: 80 }, { ip: ip('10.0.0.2'), port: 80, weight: 3 }] }] };
  const lease = { owner: 'agent web-1', replica: 'dns-a', ttlMs: 10_000, remainingMs: 7_500, registeredAtMs: 1, passing: true, detail: 'tcp://127.0.0.1:80' };
  const states = [
    { modid: 5, cmdid: 6, ip: ip('10.0.0.1'), port: 80, weight: 1, static: true, served: true },
    { modid: 5, cmdid: 6, ip: ip('10.0.0.2'), port: 80, weight: 3, static: false, served: true, lease },
    { modid: 5, cmdid: 6, ip: ip('10.0.0.3'), port: 80, weight: 2, static: false, served: false, lease: { ...lease, owner: 'client h:42', passing: false, detail: 'connect ECONNREFUSED 127.0.0.1:80' } },
    { modid: 5, cmdid: 6, ip: ip('10.0.0.4'), port: 80, weight: 1, static: false, served: false, lease: { ...lease, detail: '' }, drained: { atMs: 99, who: 'console 127.0.0.1' } },
    { modid: 8, cmdid: 1, ip: ip('10.0.1.1'), port: 90, weight: 1, static: true, served: false, drained: { atMs: 98, who: 'lars route disable' } },
  ];
  const view = buildKeysView(table, [], [], NOW_S * 1000, states);
  t.same(view.keys.map((k) => [k.modid, k.cmdid, k.hostCount, k.outOfService]), [[5, 6, 2, 2], [8, 1, 0, 1]], 'a key whose only host is drained is still listed');
  const pick = (h: (typeof view.keys)[number]['hosts'][number]) => [`${h.ip}:${h.port}`, h.source, h.owner, h.leaseRemainingMs, h.check, h.enabled, h.served, h.weight];
  t.same(view.keys[0]!.hosts.map(pick), [
    ['10.0.0.1:80', 'static', null, null, null, true, true, 1],
    ['10.0.0.2:80', 'registered', 'agent web-1', 7_500, { passing: true, detail: 'tcp://127.0.0.1:80' }, true, true, 3],
    ['10.0.0.3:80', 'registered', 'client h:42', 7_500, { passing: false, detail: 'connect ECONNREFUSED 127.0.0.1:80' }, true, false, 2],
    ['10.0.0.4:80', 'registered', 'agent web-1', 7_500, null, false, false, 1],
  ]);
  t.same(view.keys[0]!.hosts[3]!.drained, { atMs: 99, who: 'console 127.0.0.1' });
  t.same(view.keys[1]!.hosts.map(pick), [['10.0.1.1:90', 'static', null, null, null, false, false, 1]]);
  t.ok(view.keys[0]!.hosts.every((h) => h.inRoute), 'every host the store knows is in the route');

  const plain = buildKeysView(table, [], [], NOW_S * 1000);
  t.same(plain.keys[0]!.hosts.map(pick), [
    ['10.0.0.1:80', 'static', null, null, null, true, true, 1],
    ['10.0.0.2:80', 'static', null, null, null, true, true, 3],
  ], 'a store without lease tables: every host static and served');
});
