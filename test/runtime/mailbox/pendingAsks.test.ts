import t from 'tap';
import { ManualClock } from '../../../runtime/mailbox/manualClock.js';
import { PendingAsks } from '../../../runtime/mailbox/pendingAsks.js';
import { AskTimeoutError, PeerGoneError } from '../../../runtime/mailbox/mailboxErrors.js';

function asks() {
  const clock = new ManualClock();
  const counts = { askTimeouts: 0, lateReplies: 0 };
  return { clock, counts, pending: new PendingAsks('peer-0', clock, counts) };
}

t.test('a reply settles its ask once; a second reply is counted late', async (t) => {
  const { counts, pending, clock } = asks();
  let id = -1;
  const reply = pending.open('sum', 100, (i) => (id = i));
  pending.settle(id, undefined, 42);
  t.equal(await reply, 42);
  pending.settle(id, undefined, 43);
  t.equal(counts.lateReplies, 1);
  t.equal(pending.size, 0);
  t.equal(clock.pending, 0, 'timer cleared');
});

t.test('a timeout rejects and counts; the reply after it is late', async (t) => {
  const { counts, pending, clock } = asks();
  let id = -1;
  const reply = pending.open('sum', 100, (i) => (id = i));
  clock.advance(100);
  await t.rejects(reply, AskTimeoutError);
  t.equal(counts.askTimeouts, 1);
  pending.settle(id, undefined, 1);
  t.equal(counts.lateReplies, 1);
});

t.test('the peer going fails only asks posted to it', async (t) => {
  const { pending } = asks();
  const posted = pending.open('a', 100, () => undefined);
  pending.markAllPosted();
  let bufferedId = -1;
  const buffered = pending.open('b', 100, (i) => (bufferedId = i));
  pending.failPosted((type) => new PeerGoneError(type, 'peer-0'));
  await t.rejects(posted, PeerGoneError);
  t.equal(pending.size, 1, 'the buffered ask waits for the next peer');
  t.equal(pending.typeOf(bufferedId), 'b');
  pending.failAll(() => new Error('closed'));
  await t.rejects(buffered, { message: 'closed' });
  t.equal(pending.size, 0);
});

t.test('a throw while enqueueing rejects the ask instead of escaping', async (t) => {
  const { pending } = asks();
  const reply = pending.open('x', 100, () => {
    throw new Error('post failed');
  });
  await t.rejects(reply, { message: 'post failed' });
});
