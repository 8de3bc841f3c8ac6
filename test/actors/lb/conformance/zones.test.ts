/**
 * The zone table (fixtures/zoneScenarios.ts) through the agent's UDP path
 * (an agent with [agent] zone, called by LarsClient over real sockets) and
 * through the embedded client (zone option, routes from a DNS over a real
 * socket), both on frozen manual clocks: the same picks in the same order,
 * and the counts each scenario expects.
 */
import t from 'tap';
import { LarsClient, LarsError, type Host } from '../../../../client/index.js';
import { parseLbThresholds } from '../../../../actors/lb/core/lbConfig.js';
import { ManualClock } from '../../../../runtime/mailbox/manualClock.js';
import { AgentFixture } from '../../../helpers/agentFixture.js';
import { FakeDns } from '../../../client/fixtures/fakeDns.js';
import { runZoneScenario, tally, ZONE_HOSTS, ZONE_KEY, ZONE_LOADBALANCE, ZONE_SCENARIOS, type ZoneDriver, type ZoneHost, type ZonePick, type ZoneRouteHost, type ZoneScenario } from '../fixtures/zoneScenarios.js';

const ADDRESS = new Map(ZONE_HOSTS.map((h, i) => [h, { ip: `10.21.0.${i + 1}`, port: 9200 + i }] as const));
const NAME = new Map<string, ZoneHost>([...ADDRESS].map(([h, a]) => [`${a.ip}:${a.port}`, h] as const));
const { modid, cmdid } = ZONE_KEY;

const routeHosts = (hosts: readonly ZoneRouteHost[]): Array<{ ip: string; port: number; weight: number; zone?: string }> =>
  hosts.map(([h, zone, weight]) => ({ ...(ADDRESS.get(h) as Host), weight, ...(zone === '' ? {} : { zone }) }));

const nameOf = (host: Host): ZoneHost => NAME.get(`${host.ip}:${host.port}`) as ZoneHost;
const errorPick = (err: unknown): ZonePick => {
  if (err instanceof LarsError && (err.code === 'OVERLOAD' || err.code === 'NOEXIST')) return err.code;
  throw err;
};

async function agentPicks(s: ZoneScenario): Promise<Awaited<ReturnType<typeof runZoneScenario>> & { spills: number }> {
  const clock = new ManualClock(1_000_000);
  const agent = await AgentFixture.start({ clock, thresholds: parseLbThresholds({ ...ZONE_LOADBALANCE, ...s.loadbalance }, 'test'), zone: s.zone });
  const client = new LarsClient({ basePort: agent.basePort, timeoutMs: 5_000 });
  try {
    const service = agent.serviceFor(modid, cmdid);
    let reportsSent = 0;
    const driver: ZoneDriver = {
      async setRoute(hosts) {
        agent.setRoute(modid, cmdid, routeHosts(hosts));
      },
      async call(failing) {
        let host: Host;
        try {
          host = await client.getHost(modid, cmdid);
        } catch (err) {
          return errorPick(err);
        }
        const name = nameOf(host);
        client.report(modid, cmdid, host, failing.has(name) ? 'error' : 'success');
        reportsSent++;
        // Fire and forget over UDP: wait until the agent applied it, as the embedded client does at once.
        while (service.stats().lb.reports < reportsSent) await new Promise((r) => setImmediate(r));
        return name;
      },
    };
    const run = await runZoneScenario(s, driver);
    return { ...run, spills: service.stats().lb.zoneSpillPicks };
  } finally {
    client.close();
    await agent.close();
  }
}

async function embeddedPicks(dns: FakeDns, s: ZoneScenario): Promise<Awaited<ReturnType<typeof runZoneScenario>> & { spills: number }> {
  const clock = new ManualClock(1_000_000);
  const client = await LarsClient.embedded({ dns: [dns.address], clock, zone: s.zone, loadbalance: { ...ZONE_LOADBALANCE, ...s.loadbalance }, pull_wait_ms: 5000 });
  try {
    let routes = 0;
    let routeArrived: () => void = () => undefined;
    const driver: ZoneDriver = {
      async setRoute(hosts) {
        dns.set(modid, cmdid, routeHosts(hosts));
        const arrived = new Promise<void>((r) => (routeArrived = r));
        if (routes++ === 0) client.watch(modid, cmdid, () => routeArrived());
        else dns.push(modid, cmdid);
        await arrived;
      },
      async call(failing) {
        let host: Host;
        try {
          host = client.pickHost(modid, cmdid);
        } catch (err) {
          return errorPick(err);
        }
        const name = nameOf(host);
        client.report(modid, cmdid, host, failing.has(name) ? 'error' : 'success');
        return name;
      },
    };
    const run = await runZoneScenario(s, driver);
    return { ...run, spills: client.stats().lb.zoneSpillPicks };
  } finally {
    await client.close();
  }
}

const dns = await FakeDns.start();
t.teardown(() => dns.close());

for (const s of ZONE_SCENARIOS) {
  t.test(s.name, async (t) => {
    const agent = await agentPicks(s);
    const embedded = await embeddedPicks(dns, s);
    t.strictSame(embedded.all, agent.all, 'the embedded client picks what the agent picks, in the same order');
    t.strictSame(agent.spills, embedded.spills, `as many picks out of the caller's zone on both paths (${agent.spills})`);
    t.strictSame(tally(agent.counted), s.expected, 'the counted picks come to what the rules say');
    if (s.then !== undefined) t.strictSame(tally(agent.after), s.then.expected, 'after the push');
  });
}
