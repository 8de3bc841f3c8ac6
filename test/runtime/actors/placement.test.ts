/**
 * Placement (issue 23): actors share a pool of worker threads unless their
 * spec asks for one of their own. Sharing actors all run and answer; one
 * crashing restarts only it; a thread lost (process.exit inside it) restarts
 * every actor on it and is counted; a graceful stop still stops each one.
 */
import t from 'tap';
import { existsSync } from 'node:fs';
import { RoleSupervisor } from '../../../runtime/actors/roleSupervisor.js';
import { eraseConfigType, type RoleSpec } from '../../../runtime/actors/actorSpec.js';
import type { CounterMsg, CounterReplies } from '../../helpers/actors/counterProtocol.js';
import { COUNTER_ACTOR, counterArgs, testSettings, type TestConfig } from '../../helpers/roleFixtures.js';
import { testWorkerExecArgv } from '../../helpers/workerExecArgv.js';

/** Two `a` and one `b` that share, one `own` on a thread of its own. */
function mixedRole(): RoleSpec<TestConfig> {
  return {
    role: 'placed',
    actors: [
      { kind: 'a', module: COUNTER_ACTOR, count: 2, args: ({ config, index }) => counterArgs(config, `.a${index}`) },
      { kind: 'b', module: COUNTER_ACTOR, args: ({ config }) => counterArgs(config, '.b') },
      { kind: 'own', module: COUNTER_ACTOR, thread: 'own', args: ({ config }) => counterArgs(config, '.own') },
    ],
    links: [['a', 'b']],
  };
}

t.test('actors placed on one shared thread and one of their own', async (t) => {
  const dir = t.testdir();
  const config: TestConfig = { label: 'P', flushFile: `${dir}/flush` };
  const sup = new RoleSupervisor({ spec: eraseConfigType(mixedRole()), config, settings: testSettings(), log: () => undefined, workerExecArgv: testWorkerExecArgv });
  t.teardown(() => sup.kill());
  await sup.start();
  const actor = (kind: string, i = 0) => sup.group<CounterMsg, CounterReplies>(kind).at(i);
  const where = (kind: string, i = 0) => actor(kind, i).ask({ type: 'whereami' });
  const restarts = async () => Object.fromEntries((await sup.sample(2000)).map((s) => [s.name, s.restarts]));
  /** Resolves once each of `names` has come up again. */
  const upAgain = (names: string[]) =>
    new Promise<void>((resolve) => {
      const left = new Set(names);
      const up = (n: string): void => {
        left.delete(n);
        if (left.size === 0) {
          sup.off('actorUp', up);
          resolve();
        }
      };
      sup.on('actorUp', up);
    });

  const [a0, a1, b, own] = await Promise.all([where('a', 0), where('a', 1), where('b'), where('own')]);
  t.not(a0.threadId, 0, 'shared actors are on a worker thread, not the main one');
  t.equal(sup.threads.running, 1, 'one shared thread ([supervisor] workers = 1)');
  t.ok(a0.threadId === a1.threadId && a1.threadId === b.threadId, 'a-0, a-1 and b share a thread');
  t.not(own.threadId, a0.threadId, 'the own-thread actor is elsewhere');

  t.test('sharing actors all answer, links between them work', async (t) => {
    actor('a', 0).tell({ type: 'add', n: 5 });
    actor('a', 1).tell({ type: 'relay', to: 'b', n: 3 });
    t.equal(await actor('a', 0).ask({ type: 'sum' }), 5);
    t.equal(await actor('a', 1).ask({ type: 'peerSum', to: 'b', index: 0 }), 3);
    t.equal(await actor('own').ask({ type: 'label' }), 'P.own');
  });

  t.test('one actor crashing restarts only it; its neighbours keep their incarnation', async (t) => {
    const back = upAgain(['b']);
    await t.rejects(actor('b').ask({ type: 'crash', reason: 'boom' }), { code: 'REMOTE_HANDLER_FAILED' });
    await back;
    const [na0, na1, nb] = await Promise.all([where('a', 0), where('a', 1), where('b')]);
    t.same([na0, na1], [a0, a1], 'a-0 and a-1 untouched');
    t.not(nb.incarnation, b.incarnation, 'b is a new incarnation');
    t.equal(nb.threadId, a0.threadId, 'on the same thread, which lived on');
    t.equal(await actor('b').ask({ type: 'sum' }), 3, 'b restored from its snapshot');
    t.same(await restarts(), { 'a-0': 0, 'a-1': 0, b: 1, own: 0 });
    t.equal(sup.threads.lost, 0, 'no thread lost');
  });

  t.test('process.exit inside the shared thread restarts each of its actors, counted', async (t) => {
    const back = upAgain(['a-0', 'a-1', 'b']);
    actor('a', 1).tell({ type: 'exitThread', code: 7 });
    await back;
    t.equal(sup.threads.lost, 1, 'the lost thread is counted');
    t.same(await restarts(), { 'a-0': 1, 'a-1': 1, b: 2, own: 0 }, 'each actor on it restarted once; the own-thread actor not');
    const [na0, nb, nown] = await Promise.all([where('a', 0), where('b'), where('own')]);
    t.not(na0.threadId, a0.threadId, 'on a new thread');
    t.equal(nb.threadId, na0.threadId, 'still sharing it');
    t.same(nown, own, 'the own-thread actor untouched');
    t.equal(await actor('a', 0).ask({ type: 'sum' }), 5, 'a-0 restored from its snapshot');
    t.equal(await actor('a', 1).ask({ type: 'peerSum', to: 'b', index: 0 }), 3, 'links rewired');
  });

  t.test('graceful stop stops every actor through its stop hook; the shared thread ends', async (t) => {
    t.equal(await sup.stop(10_000), true, 'clean stop');
    for (const suffix of ['.a0', '.a1', '.b', '.own']) t.ok(existsSync(`${dir}/flush${suffix}`), `flushed ${suffix}`);
    t.equal(sup.threads.running, 0, 'no shared thread left');
  });
});
