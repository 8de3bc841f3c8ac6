/**
 * Worker side of the mailbox benchmark. `consumer` handles small tells and
 * answers asks; `producer` runs one measurement per request from the main
 * thread and reports elapsed time.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { systemClock } from '../../runtime/mailbox/clock.js';
import { Inbox } from '../../runtime/mailbox/inbox.js';
import { MailboxLink } from '../../runtime/mailbox/mailboxLink.js';
import type { BenchMsg, BenchReplies, Measurement, RunRequest } from './benchProtocol.js';

const { role, port, capacity } = workerData as { role: 'producer' | 'consumer'; port: MessagePort; capacity: number };
const peer = { kind: role === 'producer' ? 'consumer' : 'producer', index: 0 };

if (role === 'consumer') {
  let received = 0;
  const inbox = new Inbox((m) => {
    const msg = m as BenchMsg;
    switch (msg.type) {
      case 'inc':
        received += msg.n;
        return undefined;
      case 'ping':
        return msg.seq;
      case 'count': {
        const n = received;
        received = 0;
        return n satisfies BenchReplies['count'];
      }
    }
  });
  new MailboxLink({ target: 'producer', peer, clock: systemClock, sink: inbox, capacity }, port);
} else {
  parentPort?.on('message', (req: RunRequest) => {
    void run(req).then((m) => parentPort?.postMessage(m));
  });
}

async function run(req: RunRequest): Promise<Measurement> {
  const link = new MailboxLink({ target: 'consumer', peer, clock: systemClock, capacity, batching: req.mode !== 'tell-unbatched', askTimeoutMs: 60_000 });
  link.attach(port);
  const started = performance.now();
  let ops = 0;
  if (req.mode === 'tell-batched' || req.mode === 'tell-unbatched') {
    const inc: BenchMsg = { type: 'inc', n: 1 };
    while (ops < req.count) {
      while (ops < req.count && link.outstanding < link.capacity) {
        link.tell(inc);
        ops++;
      }
      await link.waitForCapacity();
    }
    const count: BenchMsg = { type: 'count' };
    const handled = (await link.ask(count)) as number;
    if (handled !== req.count) throw new Error(`consumer handled ${handled} of ${req.count}`);
  } else {
    const inFlight = req.mode === 'ask-sequential' ? 1 : req.concurrency;
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < req.count) {
        const seq = next++;
        const ping: BenchMsg = { type: 'ping', seq };
        const got = (await link.ask(ping)) as number;
        if (got !== seq) throw new Error(`reply ${got} to ping ${seq}`);
        ops++;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
  }
  const elapsedMs = performance.now() - started;
  const stats = link.stats();
  link.detach();
  return { mode: req.mode, ops, elapsedMs, dropped: stats.dropped };
}
