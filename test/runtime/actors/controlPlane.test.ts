/**
 * The control plane (comlink): an actor's own typed control API called by the
 * supervisor, error codes across the thread boundary, stats while the actor
 * is busy, and calls that can never hang (timeout, worker gone, not running).
 */
import t from 'tap';
import { RoleSupervisor } from '../../../runtime/actors/roleSupervisor.js';
import { eraseConfigType } from '../../../runtime/actors/actorSpec.js';
import type { CounterControl, CounterMsg, CounterReplies } from '../../helpers/actors/counterProtocol.js';
import { soloRole, testSettings } from '../../helpers/roleFixtures.js';
import { testWorkerExecArgv } from '../../helpers/workerExecArgv.js';

t.test('control calls into an actor: typed, coded errors, bounded', async (t) => {
  const sup = new RoleSupervisor({ spec: eraseConfigType(soloRole()), config: { label: 'A' }, settings: testSettings(), log: () => undefined, workerExecArgv: testWorkerExecArgv });
  t.teardown(() => sup.kill());
  await sup.start();
  const solo = sup.group<CounterMsg, CounterReplies>('solo').at(0);
  const inspect = (): Promise<{ label: string; total: number; calls: number }> => sup.call<CounterControl, 'inspect'>('solo', 0, 'inspect', [], 5000);

  t.test('the actor answers its own control call with its state', async (t) => {
    solo.tell({ type: 'add', n: 4 });
    t.equal(await solo.ask({ type: 'sum' }), 4);
    t.same(await inspect(), { label: 'A', total: 4, calls: 1 });
  });

  t.test('what the actor throws arrives with its code; the actor keeps running', async (t) => {
    await t.rejects(sup.call<CounterControl, 'refuse'>('solo', 0, 'refuse', ['E_NOPE'], 5000), {
      code: 'REMOTE_HANDLER_FAILED',
      remoteCode: 'E_NOPE',
      messageType: 'refuse',
      message: /solo failed handling "refuse": refused with E_NOPE/,
    });
    t.equal(await solo.ask({ type: 'sum' }), 4);
  });

  t.test('stats are answered while a handler holds the inbox', async (t) => {
    let slowDone = false;
    const slow = solo.ask({ type: 'slow', ms: 1500 }).then((v) => {
      slowDone = true;
      return v;
    });
    let depth = 0;
    while (depth < 1 && !slowDone) depth = (await sup.statsOf('solo', 0, 1000)).depth;
    t.notOk(slowDone, 'answered while the slow handler held the inbox');
    t.equal(depth, 1, 'the message being handled');
    t.equal(await slow, 'done');
  });

  t.test('a crashed actor comes back; calls reach the new incarnation', async (t) => {
    const up = new Promise<string>((resolve) => sup.once('actorUp', resolve));
    await t.rejects(solo.ask({ type: 'crash', reason: 'boom' }));
    await up;
    t.same(await inspect(), { label: 'A', total: 4, calls: 1 }, 'fresh state, total restored from the snapshot');
  });

  t.test('unknown instances and kinds are typed errors', async (t) => {
    await t.rejects(sup.call<CounterControl, 'inspect'>('solo', 3, 'inspect', [], 100), { code: 'NO_SUCH_ACTOR' });
    await t.rejects(sup.statsOf('nope', 0, 100), { code: 'NO_SUCH_ACTOR' });
  });

  t.test('a call that never answers fails after its budget', async (t) => {
    await t.rejects(sup.call<CounterControl, 'stall'>('solo', 0, 'stall', [], 100), { code: 'ASK_TIMEOUT', messageType: 'stall', timeoutMs: 100 });
  });

  t.test('a call in flight when the worker ends fails at once, not at its timeout', async (t) => {
    const pending = sup.call<CounterControl, 'stall'>('solo', 0, 'stall', [], 60_000);
    const started = performance.now();
    // The stalled call holds the inbox, so the graceful stop runs out of budget and terminates the worker.
    t.equal(await sup.stop(200), false);
    await t.rejects(pending, { code: 'PEER_GONE', messageType: 'stall' });
    t.ok(performance.now() - started < 30_000, 'settled with the worker');
    await t.rejects(inspect(), { code: 'ACTOR_NOT_RUNNING' });
  });
});
