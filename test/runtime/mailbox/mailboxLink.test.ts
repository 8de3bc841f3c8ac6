import t, { type Test } from 'tap';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Inbox } from '../../../runtime/mailbox/inbox.js';
import { MailboxLink, type MailboxLinkOptions } from '../../../runtime/mailbox/mailboxLink.js';
import { ManualClock } from '../../../runtime/mailbox/manualClock.js';
import { systemClock } from '../../../runtime/mailbox/clock.js';
import type { Message } from '../../../runtime/mailbox/message.js';
import type { PortLike } from '../../../runtime/mailbox/portLike.js';

type Msg = { type: 'add'; n: number } | { type: 'sum' } | { type: 'boom' } | { type: 'hang' };
const add = (n: number): Msg => ({ type: 'add', n });

/** Wraps a port to count postMessage calls. */
function countingPort(port: MessagePort): PortLike & { posts: number } {
  const wrapped = {
    posts: 0,
    postMessage(value: unknown, transfer?: readonly import('node:worker_threads').TransferListItem[]) {
      wrapped.posts++;
      port.postMessage(value, transfer);
    },
    on: port.on.bind(port) as PortLike['on'],
    off: port.off.bind(port) as PortLike['off'],
    close: () => port.close(),
  };
  return wrapped;
}

function pair(t: Test, opts: Partial<MailboxLinkOptions> = {}) {
  const { port1, port2 } = new MessageChannel();
  let total = 0;
  const seen: number[] = [];
  const crashes: unknown[] = [];
  const inbox = new Inbox(
    (m) => {
      const msg = m as Msg;
      switch (msg.type) {
        case 'add':
          total += msg.n;
          seen.push(msg.n);
          return undefined;
        case 'sum':
          return total;
        case 'boom':
          throw Object.assign(new Error('kaput'), { code: 'E_KAPUT' });
        case 'hang':
          return new Promise(() => undefined);
      }
    },
    (err) => crashes.push(err),
  );
  // Counts arrivals so a test can await "n messages reached the receiver" instead of sleeping.
  let arrivals = 0;
  let waiter: { n: number; resolve: () => void } | undefined;
  const sink = {
    deliver(link: MailboxLink, askId: number, m: Message) {
      arrivals++;
      if (waiter && arrivals >= waiter.n) waiter.resolve();
      inbox.deliver(link, askId, m);
    },
  };
  const arrived = (n: number) => (arrivals >= n ? Promise.resolve() : new Promise<void>((resolve) => (waiter = { n, resolve })));
  const sendPort = countingPort(port1);
  const clock = opts.clock ?? systemClock;
  const a = new MailboxLink({ target: 'b', peer: { kind: 'b', index: 0 }, clock, ...opts }, sendPort);
  const b = new MailboxLink({ target: 'a', peer: { kind: 'a', index: 0 }, clock, sink, ...opts, capacity: 1000 }, port2);
  t.teardown(() => {
    a.close();
    b.close();
  });
  return { a, b, inbox, sendPort, seen, crashes, arrived, get total() { return total; } };
}

t.test('tells arrive in order and an ask sees them all', async (t) => {
  const p = pair(t);
  for (let i = 1; i <= 100; i++) t.equal(p.a.tell(add(i)), true);
  t.equal(await p.a.ask({ type: 'sum' } satisfies Msg), 5050);
  t.same(p.seen, Array.from({ length: 100 }, (_, i) => i + 1));
  t.equal(p.a.stats().sent, 101);
  t.equal(p.b.stats().received, 101);
});

t.test('messages told in one turn travel in one postMessage; unbatched posts each', async (t) => {
  const batched = pair(t);
  for (let i = 0; i < 50; i++) batched.a.tell(add(1));
  await batched.a.ask({ type: 'sum' });
  t.equal(batched.sendPort.posts, 1, '50 tells + 1 ask in one post');

  const unbatched = pair(t, { batching: false });
  for (let i = 0; i < 50; i++) unbatched.a.tell(add(1));
  t.equal(await unbatched.a.ask({ type: 'sum' }), 50);
  t.equal(unbatched.sendPort.posts, 51);
});

t.test('ask times out with a typed error on the injected clock', async (t) => {
  const clock = new ManualClock();
  const p = pair(t, { clock });
  const pending = p.a.ask({ type: 'hang' }, 250);
  clock.advance(249);
  let settled = false;
  void pending.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((r) => setImmediate(r));
  t.equal(settled, false, 'still waiting at 249 ms');
  clock.advance(1);
  await t.rejects(pending, { code: 'ASK_TIMEOUT', name: 'AskTimeoutError', timeoutMs: 250, messageType: 'hang' });
  t.equal(p.a.stats().askTimeouts, 1);
  t.equal(p.a.stats().pendingAsks, 0);
});

t.test('overflow: bounded by credit, dropped or rejected, always counted', async (t) => {
  const drop = pair(t, { capacity: 4 });
  drop.inbox.pause(); // receiver busy: nothing is handled, no credit returns
  const accepted = [1, 2, 3, 4, 5, 6].map((n) => drop.a.tell(add(n)));
  t.same(accepted, [true, true, true, true, false, false]);
  t.equal(drop.a.stats().dropped, 2);
  await t.rejects(drop.a.ask({ type: 'sum' }), { code: 'MAILBOX_FULL' });
  t.equal(drop.a.outstanding, 4);
  await drop.arrived(4);
  t.equal(drop.inbox.depth, 4, 'receiver depth readable');
  const room = drop.a.waitForCapacity();
  drop.inbox.resume();
  await room;
  t.equal(await drop.a.ask({ type: 'sum' }), 10, 'only the accepted ones were handled');

  const reject = pair(t, { capacity: 2, overflow: 'reject' });
  reject.inbox.pause();
  reject.a.tell(add(1));
  reject.a.tell(add(1));
  t.throws(() => reject.a.tell(add(1)), { code: 'MAILBOX_FULL', capacity: 2 });
  t.equal(reject.a.stats().rejected, 1);
});

t.test('a handler that throws fails the ask with the remote code and crashes the inbox', async (t) => {
  const p = pair(t);
  await t.rejects(p.a.ask({ type: 'boom' }), { code: 'REMOTE_HANDLER_FAILED', remoteCode: 'E_KAPUT', messageType: 'boom' });
  t.equal(p.crashes.length, 1);
  t.match(p.crashes[0], { message: 'kaput' });
});

t.test('peer gone: asks in flight fail, later messages wait for the next peer', async (t) => {
  const { port1, port2 } = new MessageChannel();
  const a = new MailboxLink({ target: 'b', peer: { kind: 'b', index: 0 }, clock: systemClock }, port1);
  const inFlight = a.ask({ type: 'sum' });
  await new Promise((r) => setImmediate(r));
  const closed = a.whenDetached();
  port2.close();
  await t.rejects(inFlight, { code: 'PEER_GONE' });
  await closed;
  t.equal(a.attached, false);
  t.equal(a.tell(add(7)), true, 'buffered while detached');
  const later = a.ask({ type: 'sum' });

  const next = new MessageChannel();
  let total = 0;
  const inbox = new Inbox((m) => {
    const msg = m as Msg;
    if (msg.type === 'add') total += msg.n;
    return total;
  });
  const b = new MailboxLink({ target: 'a', peer: { kind: 'a', index: 0 }, clock: systemClock, sink: inbox }, next.port2);
  a.attach(next.port1);
  t.equal(await later, 7);
  a.close();
  b.close();
});

t.test('an uncloneable message is counted, the rest of its batch still goes', async (t) => {
  const p = pair(t);
  p.a.tell(add(1));
  p.a.tell({ type: 'add', n: 2, fn: () => 0 } as unknown as Message);
  const bad = p.a.ask({ type: 'sum', fn: () => 0 } as unknown as Message);
  p.a.tell(add(3));
  await t.rejects(bad, { code: 'NOT_CLONEABLE' });
  t.equal(await p.a.ask({ type: 'sum' }), 4);
  t.equal(p.a.stats().unsendable, 1);
});

t.test('garbage on the port is counted, not thrown', async (t) => {
  const { port1, port2 } = new MessageChannel();
  const inbox = new Inbox(() => 'ok');
  const b = new MailboxLink({ target: 'a', peer: { kind: 'a', index: 0 }, clock: systemClock, sink: inbox }, port2);
  const a = new MailboxLink({ target: 'b', peer: { kind: 'b', index: 0 }, clock: systemClock }, port1);
  port1.postMessage('hello');
  port1.postMessage([0, 0, { notype: true }]);
  t.equal(await a.ask({ type: 'x' }), 'ok');
  t.equal(b.stats().malformed, 2);
  a.close();
  b.close();
});

t.test('close fails pending asks and drops later tells', async (t) => {
  const p = pair(t);
  const hanging = p.a.ask({ type: 'hang' });
  await new Promise((r) => setImmediate(r));
  p.a.close();
  await t.rejects(hanging, { code: 'MAILBOX_CLOSED' });
  t.equal(p.a.tell(add(1)), false);
  await t.rejects(p.a.ask({ type: 'sum' }), { code: 'MAILBOX_CLOSED' });
});

t.test('posted and whenReceived: a count handed over another channel is a barrier', async (t) => {
  const p = pair(t);
  for (let i = 1; i <= 5; i++) p.a.tell(add(i));
  t.equal(p.a.posted, 0, 'buffered until the turn ends');
  p.a.flush();
  const posted = p.a.posted;
  t.equal(posted, 5);
  let reached = false;
  const barrier = p.b.whenReceived(posted).then(() => (reached = true));
  t.equal(reached, false, 'not before they arrive');
  await barrier;
  t.equal(p.b.stats().received, 5);
  t.same(p.seen, [1, 2, 3, 4, 5], 'and they are in the inbox, handled in order');
  await p.b.whenReceived(5);
  t.pass('an old count resolves at once');
});

t.test('whenReceived does not wait for a peer that went', async (t) => {
  const p = pair(t);
  const waiting = p.b.whenReceived(1000);
  p.b.detach();
  await waiting;
  t.pass('resolved on detach');
});
