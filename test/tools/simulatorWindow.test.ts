/**
 * The simulator's windows on a scripted client: a call is counted in the
 * window its answer lands in, so shares stay within 100 % and the table renders
 * whatever the timing (a call answered after the window it was made in once
 * gave a share of 200 % and crashed the view).
 */
import t from 'tap';
import type { LarsClient } from '../../client/index.js';
import { Simulator } from '../../tools/client/simulator.js';
import { renderWindow } from '../../tools/client/simulatorView.js';

type Host = { ip: string; port: number };

function scriptedClient(): { client: LarsClient; answer: () => void } {
  const waiting: Array<(h: Host) => void> = [];
  const host = { ip: '10.0.0.1', port: 8001 };
  const fake = {
    closed: false,
    getHost: () => new Promise<Host>((resolve) => waiting.push(resolve)),
    report: () => undefined,
    getRoute: async () => [{ ...host, weight: 1 }],
  };
  return { client: fake as unknown as LarsClient, answer: () => waiting.shift()?.(host) };
}

t.test('calls answered after their window count in the window that answers them', async (t) => {
  const { client, answer } = scriptedClient();
  const sim = new Simulator({ client, modid: 1, cmdid: 1, failRates: new Map(), callsPerSecond: 1 });
  const first = sim.call();
  const w1 = await sim.window();
  t.equal(w1.calls, 0, 'nothing answered in the first window');
  const second = sim.call();
  answer();
  answer();
  await Promise.all([first, second]);
  const w2 = await sim.window();
  t.equal(w2.calls, 2);
  const h = w2.hosts.find((x) => x.host === '10.0.0.1:8001');
  t.equal(h?.calls, 2);
  t.equal(h?.share, 1, 'share within 100 %');
  t.equal(h?.effectiveWeight, 1);
  t.doesNotThrow(() => renderWindow(w2, 'sim'));
});
