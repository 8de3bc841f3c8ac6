/**
 * Routing rules through the agent's UDP path (LarsClient calling an agent
 * over real sockets, caller tags in GetHostRequest.tags) and through the
 * embedded client (rules in a DNS's GetRouteResponse over a real socket),
 * both on frozen manual clocks: the same picks in the same order, and the
 * counts the rules say. Scenarios: a 5 % and a 50 % split, a caller match
 * with its fallback, and rules changed by a push mid-run.
 */
import t from 'tap';
import { LarsClient, type Host } from '../../../../client/index.js';
import { ManualClock } from '../../../../runtime/mailbox/manualClock.js';
import { AgentFixture } from '../../../helpers/agentFixture.js';
import { FakeDns } from '../../../client/fixtures/fakeDns.js';

const modid = 31;
const cmdid = 2;
const HOSTS = [
  { ip: '10.31.0.1', port: 9301, tags: ['version=v1'] },
  { ip: '10.31.0.2', port: 9302, tags: ['version=v1'] },
  { ip: '10.31.0.3', port: 9303, tags: ['version=v2'] },
  { ip: '10.31.0.4', port: 9304, tags: ['env=test', 'version=v2'] },
];
const NAMES = ['a', 'b', 'c', 'd'];
const nameOf = (h: Host): string => NAMES[HOSTS.findIndex((x) => x.ip === h.ip && x.port === h.port)] ?? `${h.ip}:${h.port}`;

interface Step {
  /** A push of these rules before the step's calls (the first step's rules come with the first route). */
  rules: string[];
  calls: number;
  tags?: string[];
}
interface Scenario {
  name: string;
  steps: Step[];
  /** Per step, how many calls each host got. */
  expected: Record<string, number>[];
}

const SCENARIOS: Scenario[] = [
  { name: 'split 5% over 2,000 calls', steps: [{ rules: ['split version=v2 5%'], calls: 2000 }], expected: [{ a: 950, b: 950, c: 50, d: 50 }] },
  { name: 'split 50%', steps: [{ rules: ['split version=v2 50%'], calls: 400 }], expected: [{ a: 100, b: 100, c: 100, d: 100 }] },
  {
    name: 'match: tagged callers to their hosts, others to every host',
    steps: [
      { rules: ['match env=test -> env=test'], calls: 40, tags: ['env=test', 'team=x'] },
      { rules: ['match env=test -> env=test'], calls: 40, tags: ['team=x'] },
    ],
    expected: [{ d: 40 }, { a: 10, b: 10, c: 10, d: 10 }],
  },
  {
    name: 'rules changed by a push mid-run',
    steps: [
      { rules: ['split version=v2 5%'], calls: 400 },
      { rules: ['split version=v2 100%'], calls: 40 },
      { rules: [], calls: 40 },
    ],
    expected: [{ a: 190, b: 190, c: 10, d: 10 }, { c: 20, d: 20 }, { a: 10, b: 10, c: 10, d: 10 }],
  },
];

type Caller = (tags: string[] | undefined) => Promise<string>;

async function run(s: Scenario, setRules: (rules: string[], first: boolean) => Promise<void>, call: Caller): Promise<{ order: string[]; counts: Record<string, number>[] }> {
  const order: string[] = [];
  const counts: Record<string, number>[] = [];
  for (const [i, step] of s.steps.entries()) {
    await setRules(step.rules, i === 0);
    const c: Record<string, number> = {};
    for (let n = 0; n < step.calls; n++) {
      const h = await call(step.tags);
      order.push(h);
      c[h] = (c[h] ?? 0) + 1;
    }
    counts.push(c);
  }
  return { order, counts };
}

async function agentRun(s: Scenario) {
  const agent = await AgentFixture.start({ clock: new ManualClock(1_000_000) });
  const client = new LarsClient({ basePort: agent.basePort, timeoutMs: 5_000 });
  try {
    return await run(
      s,
      async (rules) => agent.setRoute(modid, cmdid, HOSTS, rules),
      async (tags) => {
        const h = await client.getHost(modid, cmdid, tags === undefined ? {} : { tags });
        return nameOf(h);
      },
    );
  } finally {
    client.close();
    await agent.close();
  }
}

async function embeddedRun(dns: FakeDns, s: Scenario) {
  const client = await LarsClient.embedded({ dns: [dns.address], clock: new ManualClock(1_000_000), pull_wait_ms: 5000 });
  try {
    let arrived: () => void = () => undefined;
    return await run(
      s,
      async (rules, first) => {
        dns.set(modid, cmdid, HOSTS, rules);
        if (first) {
          const route = new Promise<void>((r) => (arrived = r));
          client.watch(modid, cmdid, () => arrived());
          await route;
          return;
        }
        // A push that changes only the rules changes no address, so no watcher hears of it: wait until it was read.
        const received = (): number => client.stats().dns.counters['routes_received'] ?? 0;
        const before = received();
        dns.push(modid, cmdid);
        while (received() === before) await new Promise((r) => setImmediate(r));
      },
      async (tags) => nameOf(client.pickHost(modid, cmdid, tags === undefined ? {} : { tags })),
    );
  } finally {
    await client.close();
  }
}

const dns = await FakeDns.start();
t.teardown(() => dns.close());

for (const s of SCENARIOS) {
  t.test(s.name, async (t) => {
    const agent = await agentRun(s);
    const embedded = await embeddedRun(dns, s);
    t.strictSame(embedded.order, agent.order, 'the embedded client picks what the agent picks, in the same order');
    t.strictSame(agent.counts, s.expected, 'the counts the rules say');
  });
}

t.test("a key's first call, waiting for its route, is answered by the rules with the caller's tags", async (t) => {
  const agent = await AgentFixture.start({ clock: new ManualClock(1_000_000) });
  const client = new LarsClient({ basePort: agent.basePort, timeoutMs: 5_000 });
  t.teardown(async () => {
    client.close();
    await agent.close();
  });
  const service = agent.serviceFor(modid, cmdid);
  const first = client.getHost(modid, cmdid, { tags: ['env=test'] });
  while (service.stats().parked === 0) await new Promise((r) => setImmediate(r));
  agent.setRoute(modid, cmdid, HOSTS, ['match env=test -> env=test']);
  t.equal(nameOf(await first), 'd', 'agent: the parked call is matched when the route comes');

  const embedded = await LarsClient.embedded({ dns: [dns.address], clock: new ManualClock(1_000_000), pull_wait_ms: 5000 });
  t.teardown(() => embedded.close());
  dns.set(modid, cmdid, HOSTS, ['match env=test -> env=test']);
  t.equal(nameOf(await embedded.getHost(modid, cmdid, { tags: ['env=test'] })), 'd', 'embedded: the first getHost waits for the route and is matched');
});
