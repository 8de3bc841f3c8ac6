/** The simulator's fail-rate is what the host did (failed / calls), next to the rate asked for; through a real agent over UDP. */
import t from 'tap';
import { LarsClient } from '../../client/index.js';
import { Simulator } from '../../tools/client/simulator.js';
import { renderWindow, windowJson } from '../../tools/client/simulatorView.js';
import { AgentFixture } from '../helpers/agentFixture.js';

t.test('observed, not configured', async (t) => {
  const agent = await AgentFixture.start({ routes: [{ modid: 1, cmdid: 1, hosts: [{ ip: '10.0.0.1', port: 80 }] }] });
  t.teardown(() => agent.close());
  const client = new LarsClient({ basePort: agent.basePort, timeoutMs: 5_000 });
  t.teardown(() => client.close());
  // Asked for 50 %; the draws make exactly one call in four fail.
  const draws = [0.1, 0.9, 0.9, 0.9];
  let i = 0;
  const sim = new Simulator({ client, modid: 1, cmdid: 1, failRates: new Map([['10.0.0.1:80', 0.5]]), callsPerSecond: 1, random: () => draws[i++ % draws.length] ?? 1 });
  for (let n = 0; n < 4; n++) t.equal(await sim.call(), '10.0.0.1:80');
  const w = await sim.window();
  t.match(w.hosts[0], { host: '10.0.0.1:80', calls: 4, failed: 1, failRate: 0.25, failRateSet: 0.5 });
  t.match(renderWindow(w, 'sim').join('\n'), /10\.0\.0\.1:80 .* 1 +25\.0% /, 'the fail-rate column shows 25 %');
  t.match(JSON.parse(windowJson(w)).hosts[0], { failRate: 0.25, failRateSet: 0.5 });
});
