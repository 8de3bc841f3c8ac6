/**
 * The agent fixture answers like the agent role: a request on a port that
 * does not own its key is answered from the owner's table, from the port
 * asked, and counted as wrongPort there.
 */
import t from 'tap';
import { lars } from '../../proto/generated/lars.js';
import { ownerOf } from '../../actors/lb/agentProtocol.js';
import { AgentFixture } from './agentFixture.js';
import { AgentCaller } from '../actors/lb/fixtures/agentUdpFixtures.js';

t.test('every port answers for every key, from the owner’s one LB state', async (t) => {
  const agent = await AgentFixture.start({ pullWaitMs: 20, routes: [{ modid: 1, cmdid: 1, hosts: [{ ip: '10.0.0.1', port: 8001 }, { ip: '10.0.0.2', port: 8002 }] }] });
  t.teardown(() => agent.close());
  const owner = ownerOf(1, 1);
  const picks: number[] = [];
  for (const index of [0, 1, 2]) {
    const caller = await AgentCaller.open(agent.basePort + index);
    t.teardown(() => caller.close());
    const r = await caller.getHost(1, 1);
    t.equal(r.retcode, lars.LarsRetCode.RET_SUCC, `port base+${index}`);
    picks.push(r.host?.port ?? 0);
    t.equal(agent.services[index]?.stats().wrongPort, index === owner ? 0 : 1, `base+${index}: wrongPort`);
  }
  t.same(picks, [8001, 8002, 8001], 'one rotation over all three ports: the owner’s LB state');
  t.same(agent.pulls, [], 'no port asked DNS for a key it has a route for');
});
