/** The store's idle deadline on a hand-moved clock: expires only after idleMs without a byte from the server. */
import t from 'tap';
import { IdleDeadline } from '../../store/mysql/queryDeadline.js';
import { FakeScheduler } from '../helpers/fakeScheduler.js';

function deadline(idleMs: number): { d: IdleDeadline; sched: FakeScheduler; clock: { now: number }; expired: () => number } {
  const sched = new FakeScheduler();
  const clock = { now: 0 };
  let expired = 0;
  const d = new IdleDeadline({ idleMs, onExpire: () => expired++, scheduler: sched, now: () => clock.now });
  return { d, sched, clock, expired: () => expired };
}

t.test('a server that sends nothing: expires at idleMs, once', (t) => {
  const { sched, clock, expired } = deadline(1000);
  t.same(sched.requested, [1000]);
  clock.now = 1000;
  t.equal(sched.fire(), 1);
  t.equal(expired(), 1);
  t.equal(sched.live(), 0, 'no timer left');
  t.end();
});

t.test('bytes arriving move the deadline: a long result that keeps streaming is not cut', (t) => {
  const { d, sched, clock, expired } = deadline(1000);
  clock.now = 400;
  d.touch();
  clock.now = 900;
  d.touch();
  clock.now = 1000;
  sched.fire();
  t.equal(expired(), 0, 'last byte at 900: not due at 1000');
  t.equal(sched.requested.at(-1), 900, 're-armed for what is left: 900 + 1000 - 1000');
  clock.now = 1300;
  d.touch();
  clock.now = 1900;
  sched.fire();
  t.equal(expired(), 0, 'last byte at 1300: not due at 1900');
  t.equal(sched.requested.at(-1), 400);
  clock.now = 2300;
  sched.fire();
  t.equal(expired(), 1, '1000 ms after the last byte');
  t.end();
});

t.test('cancel: never expires', (t) => {
  const { d, sched, clock, expired } = deadline(1000);
  d.cancel();
  clock.now = 5000;
  sched.fire();
  t.equal(expired(), 0);
  d.touch();
  d.cancel();
  t.end();
});
