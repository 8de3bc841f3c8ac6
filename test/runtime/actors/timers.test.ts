import t from 'tap';
import { ManualClock } from '../../../runtime/mailbox/manualClock.js';
import { Timers, type TimerCallback } from '../../../runtime/actors/timers.js';

function setup() {
  const clock = new ManualClock(1000);
  const fired: string[] = [];
  const viaInbox: TimerCallback[] = [];
  // Callbacks go through `run` (the actor's inbox in production): record and run.
  const timers = new Timers(clock, (fn) => {
    viaInbox.push(fn);
    void fn();
  });
  return { clock, fired, viaInbox, timers };
}

t.test('after fires once at its time, through the inbox', async (t) => {
  const { clock, fired, viaInbox, timers } = setup();
  timers.after(100, () => void fired.push(`a@${clock.now()}`));
  clock.advance(99);
  t.same(fired, []);
  clock.advance(1);
  t.same(fired, ['a@1100']);
  clock.advance(1000);
  t.same(fired, ['a@1100']);
  t.equal(viaInbox.length, 1);
  t.equal(timers.active, 0);
});

t.test('every keeps its phase and stops when cancelled', async (t) => {
  const { clock, fired, timers } = setup();
  const h = timers.every(50, () => void fired.push(String(clock.now())));
  clock.advance(175);
  t.same(fired, ['1050', '1100', '1150']);
  h.cancel();
  clock.advance(500);
  t.equal(fired.length, 3);
  t.equal(timers.active, 0);
});

t.test('every skips beats it missed instead of bursting', async (t) => {
  // A clock that jumps (the VM was paused) and fires the overdue timer once.
  let now = 0;
  let due: (() => void) | undefined;
  const delays: number[] = [];
  const clock = {
    now: () => now,
    setTimeout: (fn: () => void, ms: number) => {
      due = fn;
      delays.push(ms);
      return delays.length;
    },
    clearTimeout: () => undefined,
  };
  let runs = 0;
  const timers = new Timers(clock, (fn) => void fn());
  timers.every(10, () => void runs++);
  now = 55;
  due?.();
  t.equal(runs, 1, 'one run for five missed beats');
  t.same(delays, [10, 10], 'next beat one period from now');
});

t.test('cancelAll clears everything; cancelling twice is harmless', async (t) => {
  const { clock, fired, timers } = setup();
  const a = timers.after(10, () => void fired.push('a'));
  timers.every(10, () => void fired.push('e'));
  t.equal(timers.active, 2);
  timers.cancelAll();
  a.cancel();
  clock.advance(100);
  t.same(fired, []);
  t.equal(clock.pending, 0);
});

t.test('every rejects a non-positive period', async (t) => {
  const { timers } = setup();
  t.throws(() => timers.every(0, () => undefined), RangeError);
});

t.test('manual clock fires timers scheduled by timers within the same advance, in order', async (t) => {
  const clock = new ManualClock();
  const order: number[] = [];
  clock.setTimeout(() => {
    order.push(clock.now());
    clock.setTimeout(() => order.push(clock.now()), 5);
  }, 10);
  clock.setTimeout(() => order.push(clock.now()), 12);
  clock.advance(20);
  t.same(order, [10, 12, 15]);
  t.equal(clock.now(), 20);
});
