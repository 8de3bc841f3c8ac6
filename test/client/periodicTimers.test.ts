import t from 'tap';
import { ManualClock } from '../../runtime/mailbox/manualClock.js';
import { PeriodicTimers } from '../../client/periodicTimers.js';

t.test('each job runs every period, re-armed after it runs, until stopAll', async (t) => {
  const clock = new ManualClock();
  const timers = new PeriodicTimers(clock);
  const runs = { fast: 0, slow: 0 };
  timers.every(100, () => runs.fast++);
  timers.every(250, () => runs.slow++);
  clock.advance(99);
  t.same(runs, { fast: 0, slow: 0 });
  clock.advance(1);
  t.same(runs, { fast: 1, slow: 0 });
  clock.advance(400);
  t.same(runs, { fast: 5, slow: 2 });
  t.equal(clock.pending, 2, 'one armed timer per job, not one per run');
  timers.stopAll();
  t.equal(clock.pending, 0);
  clock.advance(1000);
  t.same(runs, { fast: 5, slow: 2 });
});

t.test('a job that stops the timers while it runs is not re-armed again', async (t) => {
  const clock = new ManualClock();
  const timers = new PeriodicTimers(clock);
  let runs = 0;
  timers.every(10, () => {
    runs++;
    timers.stopAll();
  });
  clock.advance(100);
  t.equal(runs, 1);
  t.equal(clock.pending, 0);
});
