import t from 'tap';
import { readFile } from 'node:fs/promises';
import { RoleSupervisor } from '../../../runtime/actors/roleSupervisor.js';
import { eraseConfigType } from '../../../runtime/actors/actorSpec.js';
import type { CounterMsg, CounterReplies } from '../../helpers/actors/counterProtocol.js';
import { frontBackRole, testSettings, type TestConfig } from '../../helpers/roleFixtures.js';
import { testWorkerExecArgv } from '../../helpers/workerExecArgv.js';

const quiet = () => undefined;

t.test('a role on real workers: tell/ask, broadcast, direct links, crash and restart, reload, stats, graceful stop', async (t) => {
  const dir = t.testdir();
  const config: TestConfig = { label: 'A', flushFile: `${dir}/back.json` };
  const sup = new RoleSupervisor({ spec: eraseConfigType(frontBackRole()), config, settings: testSettings(), log: quiet, workerExecArgv: testWorkerExecArgv });
  t.teardown(() => sup.kill());
  await sup.start();
  t.same(sup.unhealthy(), [], 'every actor up');

  const back = sup.group<CounterMsg, CounterReplies>('back').at(0);
  const fronts = sup.group<CounterMsg, CounterReplies>('front');
  t.equal(fronts.size, 2);

  t.test('broadcast reaches every instance of a kind', async (t) => {
    t.equal(fronts.tell({ type: 'add', n: 5 }), 2);
    const sums = await fronts.askAll({ type: 'sum' });
    t.same(sums.map((s) => (s.status === 'fulfilled' ? s.value : s.reason)), [5, 5]);
  });

  t.test('linked actors talk over their direct channel', async (t) => {
    t.equal(fronts.at(0).tell({ type: 'relay', to: 'back', n: 3 }), true);
    t.equal(fronts.at(1).tell({ type: 'relay', to: 'back', n: 4 }), true);
    // Each front's ask follows its relay on the same channel, so it sees it.
    const seen0 = await fronts.at(0).ask({ type: 'peerSum', to: 'back', index: 0 });
    const seen1 = await fronts.at(1).ask({ type: 'peerSum', to: 'back', index: 0 });
    t.equal(Math.max(seen0, seen1), 7);
    t.equal(await back.ask({ type: 'sum' }), 7);
    t.equal(await back.ask({ type: 'peerSum', to: 'front', index: 1 }), 5, 'links work both ways');
  });

  t.test('ask timeout is a typed error; the late reply is counted', async (t) => {
    const late = fronts.at(1).ask({ type: 'slow', ms: 300 }, 50);
    await t.rejects(late, { code: 'ASK_TIMEOUT', messageType: 'slow', target: 'front-1', timeoutMs: 50 });
    t.equal(await fronts.at(1).ask({ type: 'sum' }), 5, 'served after the slow one');
    t.equal(fronts.at(1).stats().lateReplies, 1);
  });

  t.test('a crashed actor is restarted with its snapshot and serves again, links rewired', async (t) => {
    const down = new Promise<[string, string]>((resolve) => sup.once('actorDown', (n, r) => resolve([n, r])));
    const up = new Promise<string>((resolve) => sup.once('actorUp', resolve));
    await t.rejects(back.ask({ type: 'crash', reason: 'boom' }), { code: 'REMOTE_HANDLER_FAILED' });
    const [name, reason] = await down;
    t.equal(name, 'back');
    t.match(reason, /boom/);
    t.equal(sup.unhealthy()[0]?.actor, 'back', 'unhealthy while restarting');
    t.equal(await up, 'back');
    t.equal(await back.ask({ type: 'sum' }), 7, 'state rebuilt from its last snapshot');
    t.equal(await fronts.at(0).ask({ type: 'peerSum', to: 'back', index: 0 }), 7, 'peer reaches the new incarnation');
    const sample = await sup.sample(2000);
    const backSample = sample.find((s) => s.name === 'back');
    t.equal(backSample?.restarts, 1, 'restart counted');
    t.equal(backSample?.state, 'running');
  });

  t.test('stats carry handled counts, mailbox depth and actor metrics', async (t) => {
    const sample = await sup.sample(2000);
    t.same(sample.map((s) => s.name), ['front-0', 'front-1', 'back']);
    const f0 = sample[0]?.stats;
    t.ok(f0 && f0.handled >= 3, 'handled counted');
    t.equal(f0?.metrics.counters?.['adds'], 1);
    t.equal(f0?.metrics.gauges?.['total'], 5);
    t.equal(f0?.depth, 0);
    t.equal(f0?.mailbox.askTimeouts, 0);
  });

  t.test('reload hands new start arguments to running actors', async (t) => {
    t.same(await sup.reload({ ...config, label: 'B' }, testSettings()), []);
    t.equal(await back.ask({ type: 'label' }), 'B');
    t.equal(await fronts.at(1).ask({ type: 'label' }), 'B.front1');
  });

  t.test('graceful stop drains fronts first and lets back flush', async (t) => {
    fronts.at(0).tell({ type: 'relay', to: 'back', n: 100 });
    t.equal(await sup.stop(5000), true, 'stopped cleanly');
    const flushed = JSON.parse(await readFile(`${dir}/back.json`, 'utf8')) as { total: number; label: string };
    t.same(flushed, { label: 'B', total: 107 }, 'the relay told just before stop was handled, then flushed');
    t.same(
      sup.unhealthy().map((u) => u.state),
      ['stopped', 'stopped', 'stopped'],
    );
  });
});
