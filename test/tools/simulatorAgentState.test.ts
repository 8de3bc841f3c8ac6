/**
 * The simulator shows the agent's state of each host (its admin's GET /lb),
 * not one guessed from shares: with 8 hosts and the default probe_num 10 an
 * overloaded host still gets about 1/10 of the calls (its probes), close to an
 * idle host's 1/8, and the guess called it idle while `lars status` said
 * overloaded. DNS and agent are real processes.
 */
import t from 'tap';
import { WatchedProcess } from '../../bench/watchedProcess.js';
import { startDnsAndAgent } from '../helpers/dnsAndAgent.js';
import { LARS_BIN, runLars } from '../helpers/runLars.js';

const hosts = Array.from({ length: 8 }, (_, i) => [`10.0.0.${i + 1}`, 8001 + i] as const);
const BAD = '10.0.0.8:8008';

t.test('a host failing every call reads overloaded among 8 hosts, as lars status says', async (t) => {
  const { agent, basePort } = await startDnsAndAgent(t, { modid: 1, cmdid: 1, hosts }, 600, 10);
  const admin = `127.0.0.1:${await agent.adminPort()}`;
  const env = { NODE_OPTIONS: '' };
  const sim = new WatchedProcess([LARS_BIN, 'simulator', '--modid', '1', '--cmdid', '1', '--fail', `${BAD}=1`, '--json', '--timeout-ms', '2000', '--base-port', String(basePort), '--admin', admin], { env });
  t.teardown(() => sim.kill());
  // A window in which the bad host got calls (its probes) and still reads overloaded.
  const line = await sim.waitFor(/^\{"second".*"host":"10\.0\.0\.8:8008","calls":[1-9]\d*,[^}]*"state":"overloaded","stateFrom":"agent".*$/m, 20_000);
  const bad = (JSON.parse(line[0]) as { hosts: Array<{ host: string; share: number }> }).hosts.find((h) => h.host === BAD);
  t.ok(bad !== undefined && bad.share > 0, `probed (share ${bad?.share}), yet overloaded`);
  const status = await runLars(['status', '--admin', admin, '--modid', '1', '--cmdid', '1', '--json'], { env });
  const agentSays = (JSON.parse(status.stdout) as { hosts: Array<{ ip: string; port: number; state: string }> }).hosts.find((h) => h.port === 8008);
  t.equal(agentSays?.state, 'overloaded', 'lars status agrees');
  t.equal(await sim.stop(), 0);
});
