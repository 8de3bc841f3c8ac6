import t from 'tap';
import { MessageChannel } from 'node:worker_threads';
import { Inbox } from '../../../runtime/mailbox/inbox.js';
import { MailboxLink } from '../../../runtime/mailbox/mailboxLink.js';
import { systemClock } from '../../../runtime/mailbox/clock.js';
import type { Message } from '../../../runtime/mailbox/message.js';

function wire(t: import('tap').Test, inbox: Inbox) {
  const { port1, port2 } = new MessageChannel();
  const b = new MailboxLink({ target: 'a', peer: { kind: 'a', index: 3 }, clock: systemClock, sink: inbox }, port2);
  const a = new MailboxLink({ target: 'b', peer: { kind: 'b', index: 0 }, clock: systemClock }, port1);
  t.teardown(() => {
    a.close();
    b.close();
  });
  return a;
}

t.test('an async handler holds the inbox: no two handlers overlap, order kept', async (t) => {
  const log: string[] = [];
  let active = 0;
  let maxActive = 0;
  const inbox = new Inbox(async (m, from) => {
    active++;
    maxActive = Math.max(maxActive, active);
    log.push(`start ${(m as Message & { id: number }).id} from ${from.kind}#${from.index}`);
    await new Promise((r) => setImmediate(r));
    log.push(`end ${(m as Message & { id: number }).id}`);
    active--;
    return (m as Message & { id: number }).id * 10;
  });
  const a = wire(t, inbox);
  const replies = await Promise.all([1, 2, 3].map((id) => a.ask({ type: 'job', id } as Message)));
  t.same(replies, [10, 20, 30]);
  t.equal(maxActive, 1);
  t.same(log, ['start 1 from a#3', 'end 1', 'start 2 from a#3', 'end 2', 'start 3 from a#3', 'end 3']);
  t.equal(inbox.handled, 3);
  t.equal(inbox.depth, 0);
});

t.test('local work queues behind messages already waiting', async (t) => {
  const order: string[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const inbox = new Inbox(async (m) => {
    order.push(m.type);
    if (m.type === 'first') await gate;
  });
  const a = wire(t, inbox);
  a.tell({ type: 'first' });
  a.tell({ type: 'second' });
  const idle = (async () => {
    await a.ask({ type: 'sync' });
  })();
  // The local job is queued while `first` holds the inbox, after the messages that arrived before it.
  await new Promise<void>((r) => {
    const check = (): void => (inbox.depth >= 3 ? r() : void setImmediate(check));
    check();
  });
  inbox.runLocal(() => void order.push('timer'));
  release();
  await idle;
  await inbox.whenIdle();
  t.same(order, ['first', 'second', 'sync', 'timer']);
});

t.test('close drops what is queued and fails its asks; later arrivals too', async (t) => {
  const inbox = new Inbox(() => 'ok');
  inbox.pause();
  const a = wire(t, inbox);
  const queued = a.ask({ type: 'q' });
  await new Promise<void>((r) => {
    const check = (): void => (inbox.depth === 1 ? r() : void setImmediate(check));
    check();
  });
  inbox.close('actor-x');
  await t.rejects(queued, { code: 'REMOTE_HANDLER_FAILED', remoteCode: 'MAILBOX_CLOSED' });
  await t.rejects(a.ask({ type: 'later' }), { code: 'REMOTE_HANDLER_FAILED', remoteCode: 'MAILBOX_CLOSED' });
  t.equal(inbox.droppedClosed, 2);
});
