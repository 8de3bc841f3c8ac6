/**
 * The agent role as a real process (its udp-server actors on worker threads,
 * DNS as a process over SQLite) asked on ports that do not own the key: the
 * udp-servers hand the request to the owner over their direct channels,
 * the caller's connected socket gets the answer from the port it asked, the
 * key has one LB state (GET /lb lists it once), and /metrics counts
 * wrongPort on the ports that were asked.
 */
import t from 'tap';
import { lars } from '../../../proto/generated/lars.js';
import { ipv4ToInt32 } from '../../../runtime/net/ipv4.js';
import type { LbKeyState, LbStateDump } from '../../../actors/lb/lbStateDump.js';
import { startDnsAndAgent } from '../../helpers/dnsAndAgent.js';
import { AgentCaller } from './fixtures/agentUdpFixtures.js';
import { Metrics } from '../../e2e/fixtures/metrics.js';

const RET = lars.LarsRetCode;
// (1 + 1) % 3 == 2: the key is owned by base_port + 2.
const [MODID, CMDID, OWNER] = [1, 1, 2];
const HOSTS = [8001, 8002, 8003];

async function getJson<T>(port: number, path: string): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return (await res.json()) as T;
}

t.test('an agent asked on the wrong ports answers from the owner', async (t) => {
  const { agent, basePort } = await startDnsAndAgent(t, { modid: MODID, cmdid: CMDID, hosts: HOSTS.map((port, i) => [`10.0.0.${i + 1}`, port] as const) }, 600);
  await agent.waitFor(/connected to DNS/);
  const admin = await agent.adminPort();
  const callers: AgentCaller[] = [];
  for (let i = 0; i < 3; i++) {
    const c = await AgentCaller.open(basePort + i);
    t.teardown(() => c.close());
    callers.push(c);
  }
  const [wrong0, wrong1] = callers as [AgentCaller, AgentCaller, AgentCaller];

  const cold = await wrong0.getHost(MODID, CMDID);
  t.equal(cold.retcode, RET.RET_SUCC, 'a cold key asked on a wrong port: pulled by the owner and answered, not NOEXIST');
  const seen = new Set<number>();
  for (let i = 0; i < 9; i++) {
    const r = await (callers[i % 3] as AgentCaller).getHost(MODID, CMDID);
    t.equal(r.retcode, RET.RET_SUCC);
    seen.add(r.host?.port ?? 0);
  }
  t.strictSame([...seen].sort(), HOSTS, 'spread over every host from every port: one round robin');

  wrong1.askRoute(MODID, CMDID);
  t.strictSame((await wrong1.nextRoute()).host.map((h) => h.port).sort(), HOSTS, 'API getRoute on a wrong port');

  for (let i = 0; i < 3; i++) wrong1.report(MODID, CMDID, { ip: ipv4ToInt32('10.0.0.2'), port: 8002 }, RET.RET_SYSTEM_ERROR);
  // Reports are datagrams without replies: poll the owner's state until they landed.
  let key = await getJson<LbKeyState>(admin, `/lb?modid=${MODID}&cmdid=${CMDID}`);
  const deadline = Date.now() + 10_000;
  while (key.hosts.find((h) => h.port === 8002)?.state !== 'overloaded' && Date.now() < deadline) key = await getJson<LbKeyState>(admin, `/lb?modid=${MODID}&cmdid=${CMDID}`);
  t.equal(key.hosts.find((h) => h.port === 8002)?.state, 'overloaded', 'reports on a wrong port drove the host overloaded in the owner');
  for (let i = 0; i < 6; i++) t.not((await wrong0.getHost(MODID, CMDID)).host?.port, 8002, 'and it is avoided from a wrong port');

  const all = await getJson<LbStateDump>(admin, '/lb');
  t.strictSame(all.keys.map((k) => [k.modid, k.cmdid, k.hosts.length]), [[MODID, CMDID, 3]], 'GET /lb lists the key once');

  const metrics = await (await fetch(`http://127.0.0.1:${admin}/metrics`)).text();
  const counter = (actor: number, name: string): number => new Metrics(metrics).counter(new RegExp(`^udp-server-${actor}$`), name);
  // wrong0: cold + 3 of the 9 + 6 = 10; wrong1: 3 of the 9 + route + 3 reports = 7.
  t.strictSame([0, 1, 2].map((i) => counter(i, 'wrongPort')), [10, 7, 0], 'wrongPort counted on the asked ports');
  t.equal(counter(OWNER, 'wrongPortServed'), 17, 'all served by the owner');
  t.strictSame([0, 1, 2].map((i) => counter(i, 'wrongPortRefused')), [0, 0, 0]);
});
