/** The shared call timer: per-timeout FIFO lists, one Node timer, settled calls never expire. */
import t from 'tap';
import { DeadlineQueue, type Deadline } from '../../client/deadlines.js';

interface Item extends Deadline {
  name: string;
}

const item = (name: string): Item => ({ name, deadline: 0, settled: false, nextDeadline: null });

function queue(): { q: DeadlineQueue<Item>; expired: string[]; next: () => Promise<string> } {
  const expired: string[] = [];
  let waiter: ((n: string) => void) | undefined;
  const q = new DeadlineQueue<Item>((it) => {
    expired.push(it.name);
    waiter?.(it.name);
  });
  const next = (): Promise<string> => new Promise((resolve) => (waiter = resolve));
  return { q, expired, next };
}

t.test('calls expire in deadline order across different timeouts; settled ones never do', async (t) => {
  const { q, expired, next } = queue();
  const now = performance.now();
  const long = item('long');
  const short = item('short');
  const settled = item('settled');
  const mid = item('mid');
  q.add(long, 60, now);
  q.add(settled, 20, now);
  q.add(short, 20, now);
  q.add(mid, 40, now);
  t.equal(q.live, 4);
  t.equal(q.settle(settled), true);
  t.equal(q.settle(settled), false, 'settling twice is a no-op');
  while (expired.length < 3) await next();
  t.same(expired, ['short', 'mid', 'long']);
  t.equal(q.live, 0);
  t.ok(performance.now() - now >= 59, 'nothing expires before its deadline');
});

t.test('after a stalled event loop, calls of different timeouts still expire in deadline order', async (t) => {
  const { q, expired, next } = queue();
  const now = performance.now();
  q.add(item('long'), 30, now);
  q.add(item('short'), 10, now);
  q.add(item('mid'), 20, now);
  // Block past every deadline so one sweep finds all three expired at once.
  while (performance.now() - now < 40) {
    // busy: this is the stall
  }
  while (expired.length < 3) await next();
  t.same(expired, ['short', 'mid', 'long']);
});

t.test('drain settles every live call and stops the timer', async (t) => {
  const { q, expired } = queue();
  const a = item('a');
  const b = item('b');
  q.add(a, 10_000, performance.now());
  q.add(b, 10_000, performance.now());
  q.settle(a);
  t.same(q.drain().map((i) => i.name), ['b']);
  t.equal(q.live, 0);
  t.same(expired, []);
});
