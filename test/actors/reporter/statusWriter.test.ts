/**
 * The writing policy over a fake sink and a fake clock: when batches go,
 * how many at once, what a failure does, and the accounting identity
 * accepted = written + dropped + pending + in flight at every step.
 */
import t from 'tap';
import { Coalescer } from '../../../actors/reporter/coalescer.js';
import { StatusWriter } from '../../../actors/reporter/statusWriter.js';
import { FakeScheduler } from '../../helpers/fakeScheduler.js';
import { FakeSink } from './fixtures/fakeSink.js';

function setup(opts: { batchRows?: number; concurrency?: number; maxPending?: number; now?: () => number } = {}) {
  const coalescer = new Coalescer(opts.maxPending ?? 1000);
  const sink = new FakeSink();
  const scheduler = new FakeScheduler();
  const writer = new StatusWriter({
    coalescer,
    sink,
    scheduler,
    concurrency: opts.concurrency ?? 2,
    batchRows: opts.batchRows ?? 3,
    backoffMinMs: 100,
    backoffMaxMs: 800,
    random: () => 1, // no jitter: the delay is the exponential ceiling
    ...(opts.now ? { now: opts.now } : {}),
  });
  const add = (ip: number, succ = ip): void => coalescer.add(1, 1, 1, ip, 80, succ, 0, false, 1);
  const balanced = (): boolean =>
    coalescer.rowsAccepted === writer.rowsWritten + coalescer.rowsDropped + writer.rowsDroppedAtStop + coalescer.size + writer.rowsInFlight;
  return { coalescer, sink, scheduler, writer, add, balanced };
}

t.test('a full batch goes at once; a partial one waits for the flush tick', async (t) => {
  const { sink, writer, add } = setup();
  add(1);
  add(2);
  writer.poke();
  t.equal(sink.writes, 0, 'two rows < batch_rows: nothing yet');
  add(3);
  writer.poke();
  t.equal(sink.writes, 1);
  t.same(sink.first().rows.map((r) => r.ip), [1, 2, 3]);
  add(4);
  writer.flush();
  t.equal(sink.writes, 2, 'the flush sends the partial batch');
  await sink.first().ok();
  await sink.first().ok();
  t.equal(writer.rowsWritten, 4);
  t.equal(writer.batchesWritten, 2);
  t.equal(writer.latency.snapshot().count, 2);
});

t.test('at most `concurrency` batches in flight; completions pull the rest', async (t) => {
  const { sink, writer, add, balanced } = setup({ batchRows: 2, concurrency: 2 });
  for (let ip = 1; ip <= 9; ip++) add(ip);
  writer.flush();
  t.equal(sink.open.length, 2);
  t.ok(balanced());
  await sink.first().ok();
  t.equal(sink.open.length, 2, 'a freed slot is filled from the flush that is still owed');
  while (sink.open.length > 0) await sink.first().ok();
  t.equal(writer.rowsWritten, 9);
  t.ok(writer.isIdle);
  t.ok(balanced());
});

t.test('a key is never in two batches at once, so an older value cannot commit last', async (t) => {
  const { sink, writer, add } = setup({ batchRows: 2, concurrency: 2 });
  add(1, 10);
  add(2, 20);
  writer.poke(); // batch A: 1, 2
  add(1, 11); // newer value of a key in flight
  add(3, 30);
  writer.poke();
  t.equal(sink.open.length, 2);
  t.same(sink.open[1]?.rows.map((r) => r.ip), [3], 'key 1 waits for batch A');
  await sink.open[1]?.ok();
  await sink.first().ok();
  writer.flush();
  await sink.first().ok();
  t.same(sink.committed.filter((r) => r.ip === 1).map((r) => r.succCnt), [10, 11]);
});

t.test('a failed batch is put back, retried after an exponential backoff, and lands', async (t) => {
  const { sink, scheduler, writer, add, balanced, coalescer } = setup({ batchRows: 2, concurrency: 1 });
  add(1, 10);
  add(2, 20);
  writer.poke();
  add(1, 11); // arrives while the batch is in flight
  await sink.first().fail();
  t.equal(writer.batchesFailed, 1);
  t.same(writer.errorsByCode, { STORE_UNAVAILABLE: 1 });
  t.ok(writer.backingOff);
  t.same(scheduler.requested, [100]);
  t.same(coalescer.snapshot().map((r) => [r.ip, r.succCnt]), [[1, 11], [2, 20]], 'newer value kept, failed row back in front');
  add(3, 30);
  add(4, 40);
  writer.poke();
  t.equal(sink.open.length, 0, 'nothing is sent while backing off');
  t.ok(balanced());

  scheduler.fire();
  t.equal(writer.retries, 1);
  await sink.first().fail('WORKER_FAILED');
  t.same(scheduler.requested, [100, 200], 'second failure in a row doubles the delay');
  scheduler.fire();
  await sink.first().fail();
  scheduler.fire();
  await sink.first().fail();
  scheduler.fire();
  await sink.first().fail();
  t.same(scheduler.requested, [100, 200, 400, 800, 800], 'capped at the max');
  scheduler.fire();
  while (sink.open.length > 0) await sink.first().ok();
  t.equal(writer.rowsWritten, 4);
  t.same(sink.committed.map((r) => [r.ip, r.succCnt]), [[1, 11], [2, 20], [3, 30], [4, 40]]);
  t.same(writer.errorsByCode, { STORE_UNAVAILABLE: 4, WORKER_FAILED: 1 });
  t.ok(balanced());
  t.equal(coalescer.rowsAccepted, writer.rowsWritten, 'drained: accepted = written (+ 0 dropped)');

  add(5);
  add(6);
  writer.poke();
  await sink.first().fail();
  t.equal(scheduler.requested.at(-1), 100, 'a success resets the backoff');
});

t.test('an outage beyond the bound: oldest rows dropped, accepted = written + dropped exactly', async (t) => {
  const { sink, scheduler, writer, add, balanced, coalescer } = setup({ batchRows: 4, concurrency: 1, maxPending: 5 });
  for (let ip = 1; ip <= 4; ip++) add(ip);
  writer.poke();
  await sink.first().fail();
  for (let ip = 5; ip <= 8; ip++) add(ip); // 4 back + 4 new > 5
  t.equal(coalescer.rowsDropped, 3);
  t.ok(balanced());
  scheduler.fire();
  writer.flush();
  while (sink.open.length > 0) await sink.first().ok();
  t.same(sink.committed.map((r) => r.ip), [4, 5, 6, 7, 8]);
  t.equal(coalescer.rowsAccepted, writer.rowsWritten + coalescer.rowsDropped);
});

t.test('drain writes everything, including rows arriving meanwhile, then resolves', async (t) => {
  const { sink, writer, add } = setup({ batchRows: 10 });
  add(1);
  const drained = writer.drain();
  let done = false;
  void drained.then(() => (done = true));
  add(2);
  await sink.first().ok();
  t.notOk(done);
  await sink.first().ok();
  await drained;
  t.equal(writer.rowsWritten, 2);
  t.ok(writer.isIdle);
  await writer.close();
  t.ok(sink.closed);
  t.equal(await writer.drain().then(() => 'resolved'), 'resolved', 'idle: drain resolves at once');
});

t.test('abandon counts pending and in-flight rows as dropped and ignores late results', async (t) => {
  const { sink, writer, add, balanced, coalescer } = setup({ batchRows: 2, concurrency: 1 });
  for (let ip = 1; ip <= 5; ip++) add(ip);
  writer.poke();
  const late = sink.first();
  t.equal(await writer.abandon(), 5);
  t.ok(sink.destroyed);
  await late.ok();
  t.equal(writer.rowsWritten, 0, 'a batch settled after abandon is not counted twice');
  t.equal(writer.rowsDroppedAtStop, 5);
  t.ok(balanced());
  t.equal(coalescer.size, 0);
  t.equal(await writer.abandon(), 0, 'idempotent');
});

t.test('a sink that throws synchronously is a failed batch, not a crash', async (t) => {
  const { sink, scheduler, writer, add, coalescer } = setup({ batchRows: 1, concurrency: 1 });
  const real = sink.write.bind(sink);
  let throwOnce = true;
  sink.write = (packed) => {
    if (throwOnce) {
      throwOnce = false;
      throw new Error('boom');
    }
    return real(packed);
  };
  add(1);
  writer.poke();
  await new Promise((r) => setImmediate(r));
  t.same(writer.errorsByCode, { WRITE_FAILED: 1 });
  t.equal(coalescer.size, 1);
  scheduler.fire();
  await sink.first().ok();
  t.equal(writer.rowsWritten, 1);
});

t.test('while every pending key is in flight, new results do not rescan the pending set', async (t) => {
  // Regression: with batch_rows equal to the key count, each incoming result
  // used to rescan all pending keys, grinding the reporter to a halt.
  const { coalescer, sink, writer, add } = setup({ batchRows: 50, concurrency: 2, maxPending: 1000 });
  for (let ip = 1; ip <= 50; ip++) add(ip);
  writer.poke();
  t.equal(sink.open.length, 1, 'the one full batch is in flight');
  let scans = 0;
  const take = coalescer.take.bind(coalescer);
  coalescer.take = (...args: Parameters<typeof take>) => {
    scans++;
    return take(...args);
  };
  for (let round = 0; round < 100; round++) {
    for (let ip = 1; ip <= 50; ip++) add(ip, round);
    writer.poke();
  }
  t.ok(scans <= 1, `${scans} scans for 5,000 results on busy keys`);
  await sink.first().ok();
  t.equal(sink.open.length, 1, 'the completion sends the waiting rows');
  t.same(sink.first().rows.find((r) => r.ip === 7)?.succCnt, 99, 'with the newest values');
});

t.test('conflicts the store retried inside a committed batch are counted apart, not as failures', async (t) => {
  const { sink, writer, add } = setup();
  for (let ip = 1; ip <= 3; ip++) add(ip);
  writer.poke();
  await sink.first().ok(4);
  t.equal(writer.dbConflicts, 4);
  t.equal(writer.batchesFailed, 0, 'no failed batch');
  t.equal(writer.backingOff, false, 'no backoff, so the role is not degraded');
  t.equal(writer.rowsWritten, 3);
});

t.test('stuckSince: a batch unanswered for the deadline, dated from its start or from a commit after it', async (t) => {
  const clock = { now: 0 };
  const { sink, writer, add } = setup({ batchRows: 1, concurrency: 2, now: () => clock.now });
  t.equal(writer.stuckSince(3000), undefined, 'nothing in flight');
  add(1);
  writer.poke(); // batch A at 0: its store waits on a hung node
  clock.now = 2999;
  t.equal(writer.stuckSince(3000), undefined, 'within the deadline');
  clock.now = 3000;
  t.equal(writer.stuckSince(3000), 0, 'A unanswered for 3 s: stuck since it started');
  add(2);
  writer.poke(); // batch B at 3000
  clock.now = 3500;
  await sink.open[1]?.ok();
  t.equal(writer.stuckSince(3000), undefined, 'B committed meanwhile: the store works');
  clock.now = 6500;
  t.equal(writer.stuckSince(3000), 3500, 'nothing committed for 3 s since B: stuck since then');
  await sink.first().fail();
  t.equal(writer.stuckSince(3000), undefined, 'A failed (put back, retried later): nothing in flight');
});
