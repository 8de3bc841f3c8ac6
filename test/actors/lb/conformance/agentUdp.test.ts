/**
 * The LB conformance table end to end: the agent's UDP services on real
 * sockets, called through LarsClient by the simulator's engine (getHost, call
 * the host, report), with the agent on a manual clock so the numbers are the
 * ones RouteLb gives on the fake clock.
 */
import t from 'tap';
import { LarsClient } from '../../../../client/index.js';
import { ManualClock } from '../../../../runtime/mailbox/manualClock.js';
import { Simulator } from '../../../../tools/client/simulator.js';
import { AgentFixture } from '../../../helpers/agentFixture.js';
import { thresholds } from '../fixtures/lbFixtures.js';
import { HOST_NAMES, SCENARIO_KEY, SCENARIOS, type HostName, type LbDriver, type Pick } from '../fixtures/lbScenarios.js';

const ADDRESS = new Map(HOST_NAMES.map((h, i) => [h, { ip: `10.0.15.${i + 1}`, port: 9100 + i }] as const));
const NAME = new Map<string, HostName>([...ADDRESS].map(([h, a]) => [`${a.ip}:${a.port}`, h] as const));
const { modid, cmdid } = SCENARIO_KEY;

async function agentDriver(agent: AgentFixture, clock: ManualClock, sim: Simulator): Promise<LbDriver> {
  const service = agent.serviceFor(modid, cmdid);
  let reportsSent = 0;
  // A report is fire and forget: wait until the agent applied it, so the
  // next step (and any clock move) comes after it, as on the fake clock.
  const applied = async (): Promise<void> => {
    for (let spins = 0; service.stats().lb.reports < reportsSent; spins++) {
      if (spins > 100_000) throw new Error('the agent never applied a report');
      await new Promise((r) => setImmediate(r));
    }
  };
  return {
    async setRoute(hosts) {
      agent.setRoute(modid, cmdid, hosts.map(([h, weight]) => ({ ...(ADDRESS.get(h) as { ip: string; port: number }), weight })));
    },
    async call(): Promise<Pick> {
      const r = await sim.call();
      const name = NAME.get(r);
      if (name === undefined) return r === 'OVERLOAD' ? 'OVERLOAD' : 'NOEXIST';
      reportsSent++;
      await applied();
      return name;
    },
    setFailing(h: HostName, failing: boolean) {
      const a = ADDRESS.get(h) as { ip: string; port: number };
      sim.setFailRate(`${a.ip}:${a.port}`, failing ? 1 : 0);
    },
    advance: (ms) => clock.advance(ms),
    now: () => clock.now(),
    async panicPicks() {
      return service.stats().lb.panicPicks;
    },
  };
}

for (const s of SCENARIOS) {
  t.test(s.name, async (t) => {
    const clock = new ManualClock(1_000_000);
    const agent = await AgentFixture.start({ clock, thresholds: thresholds(s.thresholds) });
    t.teardown(() => agent.close());
    const client = new LarsClient({ basePort: agent.basePort, timeoutMs: 5_000 });
    t.teardown(() => client.close());
    // Fail rates of 0 and 1 only, with a fixed draw: the same outcome on every run.
    const sim = new Simulator({ client, modid, cmdid, failRates: new Map(), callsPerSecond: 1, random: () => 0.5 });
    await s.run(await agentDriver(agent, clock, sim), t);
  });
}
