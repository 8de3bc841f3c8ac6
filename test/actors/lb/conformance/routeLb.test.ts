/** The LB conformance table against RouteLb on the fake clock. */
import t from 'tap';
import { LarsRetCode } from '../../../../actors/lb/core/retCode.js';
import { RouteLb } from '../../../../actors/lb/core/routeLb.js';
import { fakeClock, thresholds } from '../fixtures/lbFixtures.js';
import { HOST_NAMES, SCENARIO_KEY, SCENARIOS, type HostName, type LbDriver, type Pick } from '../fixtures/lbScenarios.js';

const ADDRESS = new Map(HOST_NAMES.map((h, i) => [h, { ip: (0x0a000f01 + i) | 0, port: 9100 + i }] as const));
const NAME = new Map([...ADDRESS].map(([h, a]) => [a.ip, h] as const));

function routeLbDriver(rlb: RouteLb, clock: ReturnType<typeof fakeClock>): LbDriver {
  const { modid, cmdid } = SCENARIO_KEY;
  const failing = new Set<HostName>();
  return {
    async setRoute(hosts) {
      rlb.applyRoute(modid, cmdid, hosts.map(([h, weight]) => ({ ...(ADDRESS.get(h) as { ip: number; port: number }), weight })), true);
    },
    async call(): Promise<Pick> {
      const o = rlb.getHost(modid, cmdid);
      if (o.retcode === LarsRetCode.RET_OVERLOAD) return 'OVERLOAD';
      if (o.retcode !== LarsRetCode.RET_SUCC) return 'NOEXIST';
      const h = NAME.get(o.ip) as HostName;
      rlb.report(modid, cmdid, o.ip, o.port, failing.has(h) ? LarsRetCode.RET_OVERLOAD : LarsRetCode.RET_SUCC);
      return h;
    },
    setFailing(h, f) {
      if (f) failing.add(h);
      else failing.delete(h);
    },
    advance: clock.advance,
    now: clock.now,
    async panicPicks() {
      return rlb.stats().panicPicks;
    },
  };
}

for (const s of SCENARIOS) {
  t.test(s.name, async (t) => {
    const clock = fakeClock();
    const rlb = new RouteLb({ now: clock.now, thresholds: thresholds(s.thresholds) });
    await s.run(routeLbDriver(rlb, clock), t);
  });
}
