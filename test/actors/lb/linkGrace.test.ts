/**
 * The outage log line of watchGrace when the timer fires a little before the
 * grace has run out by the clock (Node counts a timer from the event loop's
 * cached time, which lags under load): it must still be logged, once.
 */
import t from 'tap';
import { graceLinkEvents, LinkGrace, watchGrace } from '../../../actors/lb/linkGrace.js';

interface Timer {
  ms: number;
  fn: () => void;
}

function context(): { timers: Timer[]; lines: string[]; after: (ms: number, fn: () => void) => { cancel(): void }; log: (line: string) => void } {
  const timers: Timer[] = [];
  const lines: string[] = [];
  return {
    timers,
    lines,
    after: (ms, fn) => {
      timers.push({ ms, fn });
      return { cancel: () => undefined };
    },
    log: (line) => void lines.push(line),
  };
}

t.test('a timer that fires before the grace has run out by the clock re-arms for the rest', async (t) => {
  let now = 1_000;
  const grace = new LinkGrace('DNS', 300, () => now);
  const ctx = context();
  watchGrace(grace, ctx);
  t.strictSame(ctx.timers.map((x) => x.ms), [300]);
  now += 298; // the timer fired 2 ms early by the clock
  ctx.timers.shift()?.fn();
  t.strictSame(ctx.lines, [], 'not overdue yet: nothing logged');
  t.strictSame(ctx.timers.map((x) => x.ms), [2], 'looks again when the grace has run out');
  now += 2;
  ctx.timers.shift()?.fn();
  t.equal(ctx.lines.length, 1);
  t.match(ctx.lines[0], /^no DNS connection for 300 ms \(link_grace_ms 300\): \/healthz answers 503/);
  t.strictSame(ctx.timers, [], 'done');
});

t.test('a link that came back meanwhile logs nothing and stops watching', async (t) => {
  let now = 0;
  const grace = new LinkGrace('reporter', 300, () => now);
  const ctx = context();
  watchGrace(grace, ctx);
  now += 100;
  grace.up();
  now += 200;
  ctx.timers.shift()?.fn();
  t.strictSame(ctx.lines, []);
  t.strictSame(ctx.timers, []);
});

t.test('a link closed by our own stop is one "closed (stopping)" line: no outage, no grace watch', async (t) => {
  const grace = new LinkGrace('DNS', 300, () => 0);
  const ctx = context();
  const events = graceLinkEvents(grace, ctx, 'serving known routes meanwhile');
  events.onConnected({ host: '127.0.0.1', port: 7778 });
  events.onDisconnected('local');
  t.strictSame(ctx.lines, ['connected to DNS 127.0.0.1:7778', 'DNS connection closed (stopping)']);
  t.strictSame(ctx.timers, [], 'no outage timer');
  events.onDisconnected('peer');
  t.match(ctx.lines[2], /^DNS connection lost \(peer\); serving known routes meanwhile$/, 'a real loss still says what the agent does meanwhile');
  t.equal(ctx.timers.length, 1, 'and watches the grace');
});
