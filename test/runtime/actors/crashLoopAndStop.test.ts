import t from 'tap';
import { RoleSupervisor } from '../../../runtime/actors/roleSupervisor.js';
import { eraseConfigType } from '../../../runtime/actors/actorSpec.js';
import { soloRole, testSettings } from '../../helpers/roleFixtures.js';
import { testWorkerExecArgv } from '../../helpers/workerExecArgv.js';
import type { CounterMsg, CounterReplies } from '../../helpers/actors/counterProtocol.js';

t.test('an actor that crashes before its role ever started fails the role at once: its reason, no restart', async (t) => {
  const logged: string[] = [];
  const sup = new RoleSupervisor({
    spec: eraseConfigType(soloRole('doomed')),
    config: { label: 'x', crashOnStart: true },
    settings: testSettings({ crashLimit: 5, backoffMinMs: 5 }),
    log: (l) => logged.push(l),
    workerExecArgv: testWorkerExecArgv,
  });
  t.teardown(() => sup.kill());
  const err = await sup.start().then(
    () => undefined,
    (e: unknown) => e as Error & { code: string },
  );
  t.equal(err?.code, 'START_FAILED');
  t.equal(err?.message, 'doomed/solo could not start: refusing to start');
  t.same(logged, [], 'no restart');
  t.same(sup.unhealthy(), [{ actor: 'solo', state: 'failed', lastError: 'refusing to start' }]);
  t.equal(sup.failure, err);
});

t.test('more crashes than the limit within the window (after a good start) fail the role with a one-line reason', async (t) => {
  const logged: string[] = [];
  const sup = new RoleSupervisor({
    spec: eraseConfigType(soloRole('doomed')),
    config: { label: 'x' },
    settings: testSettings({ crashLimit: 1, backoffMinMs: 5 }),
    log: (l) => logged.push(l),
    workerExecArgv: testWorkerExecArgv,
  });
  t.teardown(() => sup.kill());
  await sup.start();
  const failed = new Promise<Error & { code: string }>((resolve) => sup.once('failed', (e) => resolve(e as Error & { code: string })));
  const solo = sup.group<CounterMsg, CounterReplies>('solo').at(0);
  const back = new Promise<string>((resolve) => sup.once('actorUp', resolve));
  solo.tell({ type: 'crash', reason: 'boom' });
  await back;
  solo.tell({ type: 'crash', reason: 'boom' });
  const err = await failed;
  t.equal(err.code, 'CRASH_LOOP');
  t.match(err.message, /^role doomed: 2 actor crashes within 60000 ms \(last: solo: boom\); stopping the role$/);
  t.notMatch(err.message, /\n/);
  t.equal(logged.length, 1, 'the one restart was logged');
  t.match(logged[0], /doomed\/solo crashed \(boom\); restarting in 5 ms/);
  t.same(sup.unhealthy(), [{ actor: 'solo', state: 'failed', lastError: 'boom' }]);
  t.equal(sup.failure, err);
});

t.test('an actor that does not stop within the budget is terminated', async (t) => {
  const sup = new RoleSupervisor({
    spec: eraseConfigType(soloRole()),
    config: { label: 'slow', stopDelayMs: 60_000 },
    settings: testSettings(),
    log: () => undefined,
    workerExecArgv: testWorkerExecArgv,
  });
  t.teardown(() => sup.kill());
  await sup.start();
  const started = performance.now();
  t.equal(await sup.stop(300), false, 'not clean');
  const took = performance.now() - started;
  t.ok(took >= 290 && took < 3000, `bounded (${Math.round(took)} ms)`);
  t.match(sup.unhealthy()[0], { actor: 'solo', state: 'stopped', lastError: 'did not stop within 300 ms; terminated' });
});
