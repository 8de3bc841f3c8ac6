/**
 * Parity: one scripted scenario (route changes, failing hosts, recoveries,
 * growing ejection, every host overloaded, the last host deleted) on a
 * manual clock gives the same sequence of picks through the agent's RouteLb
 * and through the embedded client, whose routes come over a real socket.
 */
import t from 'tap';
import { LarsClient, LarsError, type Host } from '../../client/index.js';
import { parseLbThresholds } from '../../actors/lb/core/lbConfig.js';
import { LarsRetCode } from '../../actors/lb/core/retCode.js';
import { RouteLb } from '../../actors/lb/core/routeLb.js';
import { ManualClock } from '../../runtime/mailbox/manualClock.js';
import { int32ToIpv4, ipv4ToInt32 } from '../../runtime/net/ipv4.js';
import { FakeDns } from './fixtures/fakeDns.js';

const KEY = { modid: 16, cmdid: 1 };
const ADDRESS: Record<string, Host> = {
  A: { ip: '10.16.0.1', port: 9001 },
  B: { ip: '10.16.0.2', port: 9002 },
  C: { ip: '200.16.0.3', port: 9003 },
  D: { ip: '10.16.0.4', port: 9004 },
};
const NAME = new Map(Object.entries(ADDRESS).map(([n, h]) => [`${h.ip}:${h.port}`, n]));
/** Short windows so the script stays far below update_timeout (no re-pull mid-script). */
const LOADBALANCE = { probe_num: 3, contin_err_limit: 3, err_rate: 0.5, overload_timeout: 1, max_overload_timeout: 4, idle_timeout: 2, slow_start_ms: 400 };

type Step =
  | { route: string[] }
  | { calls: number; stepMs?: number }
  | { failing: string[] }
  | { advance: number };

const SCRIPT: Step[] = [
  { route: ['A', 'B', 'C'] },
  { calls: 30 },
  { failing: ['B'] },
  { calls: 30 },
  { advance: 1000 },
  { calls: 20 },
  { advance: 1000 },
  { calls: 20 },
  { failing: [] },
  { advance: 1000 },
  { calls: 40, stepMs: 10 },
  { route: ['A', 'C', 'D'] },
  { calls: 40, stepMs: 10 },
  { failing: ['A', 'C', 'D'] },
  { calls: 40 },
  { failing: [] },
  { advance: 1000 },
  { calls: 30 },
  { route: [] },
  { calls: 3 },
];

interface Driver {
  setRoute(names: string[]): Promise<void>;
  /** One pick: a host name or the error code; the pick is reported as the script says. */
  call(failing: ReadonlySet<string>): Promise<string>;
}

async function run(clock: ManualClock, driver: Driver): Promise<string[]> {
  const picks: string[] = [];
  let failing = new Set<string>();
  for (const step of SCRIPT) {
    if ('route' in step) await driver.setRoute(step.route);
    else if ('failing' in step) failing = new Set(step.failing);
    else if ('advance' in step) clock.advance(step.advance);
    else {
      for (let i = 0; i < step.calls; i++) {
        picks.push(await driver.call(failing));
        if (step.stepMs !== undefined) clock.advance(step.stepMs);
      }
    }
  }
  return picks;
}

/** A new event-loop turn: the embedded client reads its clock once per turn, as the agent does. */
const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

t.test('the agent\'s RouteLb and the embedded client pick the same hosts in the same order', async (t) => {
  const agentClock = new ManualClock(1_000_000);
  const rlb = new RouteLb({ now: () => agentClock.now(), thresholds: parseLbThresholds(LOADBALANCE, 'test') });
  const agentPicks = await run(agentClock, {
    async setRoute(names) {
      rlb.applyRoute(KEY.modid, KEY.cmdid, names.map((n) => ({ ip: ipv4ToInt32(ADDRESS[n]!.ip), port: ADDRESS[n]!.port })), true);
    },
    async call(failing) {
      const o = rlb.getHost(KEY.modid, KEY.cmdid);
      if (o.retcode === LarsRetCode.RET_OVERLOAD) return 'OVERLOAD';
      if (o.retcode === LarsRetCode.RET_NOEXIST) return 'NOEXIST';
      const name = NAME.get(`${int32ToIpv4(o.ip)}:${o.port}`) ?? '?';
      rlb.report(KEY.modid, KEY.cmdid, o.ip, o.port, failing.has(name) ? LarsRetCode.RET_SYSTEM_ERROR : LarsRetCode.RET_SUCC);
      return name;
    },
  });

  const dns = await FakeDns.start();
  t.teardown(() => dns.close());
  const clock = new ManualClock(1_000_000);
  const client = await LarsClient.embedded({ dns: [dns.address], clock, loadbalance: LOADBALANCE, pull_wait_ms: 5000 });
  t.teardown(() => client.close());
  let routes = 0;
  let routeArrived: () => void = () => undefined;
  const embeddedPicks = await run(clock, {
    async setRoute(names) {
      dns.set(KEY.modid, KEY.cmdid, names.map((n) => ADDRESS[n]!));
      const arrived = new Promise<void>((r) => (routeArrived = r));
      if (routes++ === 0) client.watch(KEY.modid, KEY.cmdid, () => routeArrived());
      else dns.push(KEY.modid, KEY.cmdid);
      await arrived;
      await nextTurn();
    },
    async call(failing) {
      await nextTurn();
      try {
        const host = client.pickHost(KEY.modid, KEY.cmdid);
        const name = NAME.get(`${host.ip}:${host.port}`) ?? '?';
        client.report(KEY.modid, KEY.cmdid, host, failing.has(name) ? 'error' : 'success');
        return name;
      } catch (err) {
        if (err instanceof LarsError) return err.code;
        throw err;
      }
    },
  });

  t.strictSame(embeddedPicks, agentPicks, 'same sequence');
  // The scenario must have exercised what it claims to.
  const count = (p: string): number => agentPicks.filter((x) => x === p).length;
  t.ok(count('OVERLOAD') >= 20, `every host overloaded for a while (${count('OVERLOAD')} OVERLOAD)`);
  t.equal(agentPicks.slice(-3).join(), 'NOEXIST,NOEXIST,NOEXIST', 'the last host deleted');
  t.ok(count('D') > 0 && agentPicks.lastIndexOf('B') < agentPicks.indexOf('D'), 'B removed, D added');
  const stats = client.stats().lb;
  t.ok(stats.idleToOverload >= 4 && stats.overloadToIdle >= 3 && stats.probes > 0, `ejections, recoveries and probes happened: ${JSON.stringify(stats)}`);
  t.equal(client.stats().dns.counters['pulls'], 1, 'one pull: everything else came as pushes');
});
