/**
 * Placement on the main thread (issue 23): with `[supervisor] workers = 0`
 * the shared actors run on the supervisor's own thread (no isolate of their
 * own), and with own_threads off an actor that wants a thread is placed
 * there too. They all answer and reach each other over their links; one
 * crashing restarts only it; a graceful stop runs each stop hook, and no
 * worker thread was started for any of them.
 */
import t from 'tap';
import { existsSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { RoleSupervisor } from '../../../runtime/actors/roleSupervisor.js';
import { eraseConfigType, type RoleSpec } from '../../../runtime/actors/actorSpec.js';
import { autoOwnThreads, autoWorkers } from '../../../runtime/actors/actorThreadPool.js';
import type { CounterMsg, CounterReplies } from '../../helpers/actors/counterProtocol.js';
import { COUNTER_ACTOR, counterArgs, testSettings, type TestConfig } from '../../helpers/roleFixtures.js';
import { testWorkerExecArgv } from '../../helpers/workerExecArgv.js';

function mainRole(): RoleSpec<TestConfig> {
  return {
    role: 'main',
    actors: [
      { kind: 'a', module: COUNTER_ACTOR, count: 2, args: ({ config, index }) => counterArgs(config, `.a${index}`) },
      { kind: 'own', module: COUNTER_ACTOR, thread: 'own', args: ({ config }) => counterArgs(config, '.own') },
    ],
    links: [['a', 'own']],
  };
}

t.test('auto: no shared thread and no thread per actor below four cores', async (t) => {
  t.same([1, 2, 3, 4, 8].map((c) => autoWorkers(c)), [0, 0, 0, 1, 2]);
  t.same([1, 2, 3, 4, 8].map((c) => autoOwnThreads(c)), [false, false, false, true, true]);
});

t.test('workers = 0, own_threads off: every actor on the main thread', async (t) => {
  const dir = t.testdir();
  const config: TestConfig = { label: 'M', flushFile: `${dir}/flush` };
  const sup = new RoleSupervisor({ spec: eraseConfigType(mainRole()), config, settings: { ...testSettings(), workers: 0, ownThreads: false }, log: () => undefined, workerExecArgv: testWorkerExecArgv });
  t.teardown(() => sup.kill());
  await sup.start();
  const actor = (kind: string, i = 0) => sup.group<CounterMsg, CounterReplies>(kind).at(i);
  const where = (kind: string, i = 0) => actor(kind, i).ask({ type: 'whereami' });

  const [a0, a1, own] = await Promise.all([where('a', 0), where('a', 1), where('own')]);
  t.same([a0.threadId, a1.threadId, own.threadId], [threadId, threadId, threadId], 'all three on this (the main) thread');
  t.equal(sup.threads.running, 0, 'no shared thread started');
  t.equal(sup.threads.onMainThread, 3, 'three actors counted on the main thread');

  actor('a', 0).tell({ type: 'relay', to: 'own', n: 4 });
  t.equal(await actor('a', 0).ask({ type: 'peerSum', to: 'own', index: 0 }), 4, 'links between them work');

  const back = new Promise<void>((resolve) => {
    const up = (n: string): void => {
      if (n !== 'own') return;
      sup.off('actorUp', up);
      resolve();
    };
    sup.on('actorUp', up);
  });
  await t.rejects(actor('own').ask({ type: 'crash', reason: 'boom' }), { code: 'REMOTE_HANDLER_FAILED' });
  await back;
  const [na0, na1, nown] = await Promise.all([where('a', 0), where('a', 1), where('own')]);
  t.same([na0, na1], [a0, a1], 'its neighbours keep their incarnation');
  t.not(nown.incarnation, own.incarnation, 'the crashed one is a new incarnation');
  t.equal(await actor('own').ask({ type: 'sum' }), 4, 'restored from its snapshot');
  t.same(Object.fromEntries((await sup.sample(2000)).map((s) => [s.name, s.restarts])), { 'a-0': 0, 'a-1': 0, own: 1 });
  t.equal(sup.threads.onMainThread, 3, 'the crashed incarnation was released, not left behind');

  t.equal(await sup.stop(10_000), true, 'clean stop');
  for (const suffix of ['.a0', '.a1', '.own']) t.ok(existsSync(`${dir}/flush${suffix}`), `flushed ${suffix}`);
  t.equal(sup.threads.onMainThread, 0, 'nothing left on the main thread');
});
