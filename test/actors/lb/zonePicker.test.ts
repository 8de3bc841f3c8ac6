/**
 * Zone-aware picking (core/zonePicker.ts) inside one key's LoadBalance: the
 * split rule, when it applies, what re-derives it, and how the caller's zone
 * reaches the agent's udp-servers and the embedded client. The same rules
 * end to end, on both paths: conformance/zones.test.ts.
 */
import t from 'tap';
import { checkCallerZone } from '../../../actors/lb/core/agentConfig.js';
import { LoadBalance } from '../../../actors/lb/core/loadBalance.js';
import { newLbCounters } from '../../../actors/lb/core/lbCounters.js';
import { RouteLb } from '../../../actors/lb/core/routeLb.js';
import { localShare } from '../../../actors/lb/core/zonePicker.js';
import { roles } from '../../../actors/roles/index.js';
import { LarsArgumentError, LarsClient } from '../../../client/index.js';
import { loadRoleConfig } from '../../../tools/start/roleConfig.js';
import { fakeClock, ip, overloadHost, thresholds, type FakeClock } from './fixtures/lbFixtures.js';

const a = (n: number, zone?: string, weight?: number): { ip: number; port: number; zone?: string; weight?: number } => ({
  ip: ip(`10.0.0.${n}`),
  port: 9000 + n,
  ...(zone === undefined ? {} : { zone }),
  ...(weight === undefined ? {} : { weight }),
});
/** Zone a: hosts 1..4; zone b: hosts 5..8. */
const EIGHT = [1, 2, 3, 4].map((n) => a(n, 'a')).concat([5, 6, 7, 8].map((n) => a(n, 'b')));

function key(zone: string | undefined, over: Parameters<typeof thresholds>[0] = {}): { lb: LoadBalance; clock: FakeClock; counters: ReturnType<typeof newLbCounters>; env: { thresholds: ReturnType<typeof thresholds> } } {
  const clock = fakeClock();
  const counters = newLbCounters();
  const env = { thresholds: thresholds({ continErrLimit: 3, errRate: 1, overloadTimeoutMs: 3_600_000, maxOverloadTimeoutMs: 3_600_000, probeNum: 1_000_000, ...over }), counters, zone };
  return { lb: new LoadBalance(1, 1, env), clock, counters, env };
}

function picks(lb: LoadBalance, now: number, n: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const h = lb.choose(now);
    const name = h === null ? 'none' : String(((h.ip >>> 0) & 0xff));
    out[name] = (out[name] ?? 0) + 1;
  }
  return out;
}

t.test('localShare: all local at or above the threshold, health / threshold below, 0 or 1 at the edges', async (t) => {
  t.equal(localShare(3, 4, true, 0.75), 1, 'at the threshold');
  t.equal(localShare(2, 4, true, 0.75), 0.5 / 0.75);
  t.equal(localShare(0, 4, true, 0.75), 0, 'nothing idle locally: all spill');
  t.equal(localShare(1, 4, false, 0.75), 1, 'nowhere to spill');
  t.equal(localShare(1, 4, true, 0), 1, 'threshold 0: stay while any local host is idle');
  t.equal(localShare(0, 0, true, 0.7), 0, 'no local host at all');
});

t.test('a caller zone keeps picks local; without one, or below zone_min_hosts, every host is picked', async (t) => {
  const local = key('a');
  local.lb.update(EIGHT, true, local.clock.now());
  t.same(picks(local.lb, local.clock.now(), 400), { 1: 100, 2: 100, 3: 100, 4: 100 });
  const none = key(undefined);
  none.lb.update(EIGHT, true, none.clock.now());
  t.same(Object.keys(picks(none.lb, none.clock.now(), 800)).length, 8, 'no caller zone: all 8');
  const few = key('a', { zoneMinHosts: 9 });
  few.lb.update(EIGHT, true, few.clock.now());
  t.same(Object.keys(picks(few.lb, few.clock.now(), 800)).length, 8, '8 hosts < zone_min_hosts 9: all 8');
  t.equal(local.counters.zoneSpillPicks + none.counters.zoneSpillPicks + few.counters.zoneSpillPicks, 0, 'no spill counted');
});

t.test('ejections below the threshold spill in proportion to the deficit, counted', async (t) => {
  const { lb, clock, counters } = key('a', { zoneSpillThreshold: 0.75 });
  lb.update(EIGHT, true, clock.now());
  overloadHost(lb, a(1), clock.now());
  overloadHost(lb, a(2), clock.now());
  t.same(picks(lb, clock.now(), 600), { 3: 200, 4: 200, 5: 50, 6: 50, 7: 50, 8: 50 });
  t.equal(counters.zoneSpillPicks, 200);
});

t.test('a push that moves a host into the caller\'s zone re-derives the split; zone and tags stay on the route', async (t) => {
  const { lb, clock } = key('a');
  lb.update(EIGHT, true, clock.now());
  const moved = EIGHT.map((h, i) => (i === 4 ? { ...h, zone: 'a', tags: ['version=v2'] } : h));
  lb.update(moved, true, clock.now());
  t.same(picks(lb, clock.now(), 500), { 1: 100, 2: 100, 3: 100, 4: 100, 5: 100 });
  t.same(lb.addresses()[4], { ...a(5, 'a'), tags: ['version=v2'] }, 'getRoute and snapshots carry zone and tags');
  t.equal(lb.routeVersion, 2, 'a zone change is a route change');
});

t.test('a reload of zone_spill_threshold applies from the next pick, with no route change', async (t) => {
  const k = key('a', { zoneSpillThreshold: 0.75 });
  k.lb.update(EIGHT, true, k.clock.now());
  overloadHost(k.lb, a(1), k.clock.now());
  t.same(picks(k.lb, k.clock.now(), 300), { 2: 100, 3: 100, 4: 100 }, '3 of 4 idle at 0.75: local');
  k.env.thresholds = thresholds({ ...k.env.thresholds, zoneSpillThreshold: 1 });
  t.same(picks(k.lb, k.clock.now(), 400), { 2: 100, 3: 100, 4: 100, 5: 25, 6: 25, 7: 25, 8: 25 }, 'at 1: 3/4 stay');
});

t.test('snapshots keep zones; a bad zone in a snapshot is refused', async (t) => {
  const clock = fakeClock();
  const rlb = new RouteLb({ now: clock.now, zone: 'a' });
  rlb.applyRoute(1, 1, [a(1, 'a'), a(2)], true);
  const snap = rlb.exportSnapshot();
  t.same(snap.routes[0]?.hosts, [a(1, 'a'), a(2)]);
  const back = new RouteLb({ now: clock.now });
  t.equal(back.importSnapshot(JSON.parse(JSON.stringify(snap))), 1);
  t.same(back.find(1, 1)?.addresses(), [a(1, 'a'), a(2)]);
  t.throws(() => back.importSnapshot({ version: 1, routes: [{ modid: 2, cmdid: 1, hosts: [{ ...a(1), zone: 'eu west' }] }] }), { code: 'BAD_SNAPSHOT', message: /routes\[0\]\.hosts\[0\]: zone "eu west"/ });
});

t.test('[agent] zone reaches every udp-server; a bad one fails with the file and key', async (t) => {
  const dir = t.testdir({ 'agent.ini': '[agent]\nzone = eu-west-1a\n' });
  const udp = roles.agent.spec.actors.find((x) => x.kind === 'udp-server');
  const config = loadRoleConfig(roles.agent, dir);
  t.same([0, 1, 2].map((index) => (udp?.args?.({ config: config.sections, index, store: undefined }) as { zone: string }).zone), ['eu-west-1a', 'eu-west-1a', 'eu-west-1a']);
  const none = loadRoleConfig(roles.agent, t.testdir({ 'agent.ini': '[agent]\n' }));
  t.equal((udp?.args?.({ config: none.sections, index: 0, store: undefined }) as { zone: string }).zone, '', 'no zone by default');
  const bad = loadRoleConfig(roles.agent, t.testdir({ 'agent.ini': '[agent]\nzone = eu/west\n' }));
  t.throws(() => udp?.args?.({ config: bad.sections, index: 0, store: undefined }), { code: 'BAD_CONFIG', message: /agent\.ini \[agent\] zone: zone "eu\/west": only letters/ });
  t.equal(checkCallerZone('', 'x'), '');
});

t.test('the embedded zone option is checked like [agent] zone', async (t) => {
  const err = await LarsClient.embedded({ dns: ['127.0.0.1:1'], zone: 'eu west' }).catch((e: unknown) => e);
  t.type(err, LarsArgumentError);
  t.match((err as Error).message, /zone: zone "eu west": only letters/);
});
