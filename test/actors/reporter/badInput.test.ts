/**
 * Bad and extreme input never crashes the reporter or stalls other peers;
 * each kind is counted. The store is replaced by a sink that commits at
 * once: this is about ingest, not writing.
 */
import t from 'tap';
import { lars } from '../../../proto/generated/lars.js';
import { encodeFrame, MAX_BODY_LEN } from '../../../runtime/reactor/frame.js';
import { FramedSocket } from '../../helpers/framedSocket.js';
import { FakeScheduler } from '../../helpers/fakeScheduler.js';
import { CommitSink, FakeSink } from './fixtures/fakeSink.js';
import { checkAccounting, drained, sendAndClose, startReporter } from './fixtures/reporterFixture.js';

const REPORT = lars.MessageId.ID_ReportStatusRequest;

function report(modid: number, hosts: number): Buffer {
  const results = Array.from({ length: hosts }, (_, i) => ({ ip: 0x0a000000 + i, port: 80, succ: 1, err: 0 }));
  return encodeFrame(REPORT, lars.ReportStatusRequest.encode({ modid, cmdid: 1, caller: 1, results, ts: 1 }).finish());
}

function header(msgid: number, length: number): Buffer {
  const h = Buffer.alloc(8);
  h.writeInt32LE(msgid, 0);
  h.writeInt32LE(length, 4);
  return h;
}

/** The largest ReportStatusRequest body that fits the frame limit, with distinct hosts. */
function hugeReport(): { frame: Buffer; results: number } {
  const result = (i: number): lars.HostCallResult.$Properties => ({ ip: (0xc0a80000 + i) | 0, port: 65535, succ: 4294967295, err: i, overload: true });
  const head = lars.ReportStatusRequest.encode({ modid: 99, cmdid: 1, caller: 1, ts: 4294967295 }).finish().length;
  let size = head;
  let n = 0;
  for (;;) {
    const len = lars.HostCallResult.encode(result(n)).finish().length;
    const add = 1 + (len < 128 ? 1 : 2) + len;
    if (size + add > MAX_BODY_LEN) break;
    size += add;
    n++;
  }
  const body = lars.ReportStatusRequest.encode({ modid: 99, cmdid: 1, caller: 1, ts: 4294967295, results: Array.from({ length: n }, (_, i) => result(i)) }).finish();
  if (body.length !== size) throw new Error(`size estimate ${size} != ${body.length}`);
  return { frame: encodeFrame(REPORT, body), results: n };
}

t.test('malformed frames, garbage bodies, huge reports and abrupt disconnects', async (t) => {
  const sink = new CommitSink();
  const { service, port } = await startReporter(t, 'sqlite::memory:', { batch_rows: 500 }, { sink });
  const counters = (): ReturnType<typeof service.server.counters.snapshot> => service.server.counters.snapshot();
  const bystander = await FramedSocket.open(port);

  // Body length over the limit, and negative: connection closed, counted.
  for (const [label, length] of [['over 65527', MAX_BODY_LEN + 1], ['negative', -1]] as const) {
    const s = await FramedSocket.open(port);
    s.write(header(REPORT, length));
    await s.closed;
    t.pass(`length ${label}: closed`);
  }
  t.equal(counters().badLength, 2);

  // A garbage body closes the connection; the valid frame before it still counts.
  const garbage = await FramedSocket.open(port);
  garbage.write(Buffer.concat([report(1, 3), encodeFrame(REPORT, Buffer.from([0x0f, 0x01, 0x02]))]));
  await garbage.closed;
  t.equal(counters().badBody, 1);

  // Unknown msgid: dropped and counted, the connection carries on.
  await sendAndClose(service, port, Buffer.concat([encodeFrame(42, Buffer.from('hello')), report(2, 4)]));
  t.equal(counters().unknownMsgid, 1);

  // The largest report the frame limit allows: every result accepted.
  const huge = hugeReport();
  t.ok(huge.results > 2000, `${huge.results} results in one ${huge.frame.length}-byte frame`);
  await sendAndClose(service, port, huge.frame);

  // Half a frame then a clean close; half a frame then a reset.
  const half = report(3, 5);
  await sendAndClose(service, port, Buffer.concat([report(4, 2), half.subarray(0, half.length - 3)]));
  t.equal(counters().truncatedFrame, 1);
  const reset = await FramedSocket.open(port);
  reset.write(half.subarray(0, 10));
  const gone = new Promise((resolve) => service.server.once('connClose', resolve));
  reset.socket.resetAndDestroy();
  await gone;

  // The bystander never noticed.
  bystander.send(REPORT, lars.ReportStatusRequest.encode({ modid: 5, cmdid: 1, caller: 1, results: [{ ip: 1, port: 1 }], ts: 1 }).finish());
  bystander.end();
  await bystander.closed;
  service.flushNow();
  await drained(service);

  const m = service.metrics();
  const expected = 3 + 4 + huge.results + 2 + 1;
  t.equal(m.resultsReceived, expected, 'every result of every whole, valid frame');
  t.equal(m.rowsWritten, expected);
  t.equal(sink.committed.length, expected);
  t.equal(m.reactor.handlerError, 0, 'bad input is never a handler error');
  checkAccounting(t, m);
});

t.test('a stop that cannot flush in time gives up and counts the rest as dropped', async (t) => {
  const sink = new FakeSink();
  const scheduler = new FakeScheduler();
  const { service, port } = await startReporter(t, 'sqlite::memory:', { batch_rows: 1000, stop_flush_timeout_ms: 777 }, { sink, scheduler });
  await sendAndClose(service, port, Buffer.concat([report(1, 10), report(2, 10), report(1, 10)]));
  t.equal(service.metrics().rowsPending, 20);
  const stopping = service.stop();
  const write = await sink.nextWrite(); // the stop's flush; the database never answers
  t.equal(write.rows.length, 20);
  t.equal(scheduler.fire((ms) => ms === 777), 1, 'the stop bound expires');
  const result = await stopping;
  t.same(result, { flushed: false, droppedAtStop: 20 });
  t.ok(sink.destroyed, 'the pool is torn down');
  const m = service.metrics();
  t.equal(m.rowsDroppedAtStop, 20);
  t.equal(m.rowsAccepted, m.rowsWritten + m.rowsDropped, 'accepted = written + dropped, exactly');
  checkAccounting(t, m);
});

t.test('the flush timer writes a partial batch; drops are logged once per interval', async (t) => {
  const sink = new FakeSink();
  const scheduler = new FakeScheduler();
  // Lines at info and above: connections also log at debug (runtime/reactor/connectionLog.ts).
  const lines: string[] = [];
  const { service, port } = await startReporter(t, 'sqlite::memory:', { batch_rows: 5, max_pending_rows: 5, flush_interval: 2 }, { sink, scheduler, log: (l, level) => level !== 'debug' && lines.push(l) });
  await sendAndClose(service, port, report(1, 4));
  t.equal(sink.open.length, 0, '4 rows < batch_rows: waiting for the timer');
  t.equal(scheduler.fire((ms) => ms === 2000), 1);
  const w = await sink.nextWrite();
  t.equal(w.rows.length, 4);
  await w.ok();
  t.equal(scheduler.live(2000), 1, 'the timer re-arms');
  await sendAndClose(service, port, report(2, 9)); // 9 rows, bound 5: the first batch of 5 goes, ...
  t.equal(lines.length, 0);
  scheduler.fire((ms) => ms === 2000);
  t.equal(lines.filter((l) => l.includes('dropped')).length, 1, 'one line for the interval, not one per row');
  while (sink.open.length > 0) await sink.first().ok();
  checkAccounting(t, service.metrics());
});

t.test('results for hosts that cannot exist are refused and counted; the rest of the report is stored', async (t) => {
  const sink = new CommitSink();
  const scheduler = new FakeScheduler();
  const lines: string[] = [];
  const { service, port } = await startReporter(t, 'sqlite::memory:', { flush_interval: 2 }, { sink, scheduler, log: (l, level) => level !== 'debug' && lines.push(l) });
  const results = [
    { ip: 0x0a000001, port: 80, succ: 1 },
    { ip: 0, port: 80, succ: 2 },
    { ip: 0x0a000002, port: 0, succ: 3 },
    { ip: 0x0a000003, port: 65536, succ: 4 },
    { ip: 0x0a000004, port: -5, succ: 5 },
    { ip: 0x0a000005, port: 65535, succ: 6 },
  ];
  await sendAndClose(service, port, encodeFrame(REPORT, lars.ReportStatusRequest.encode({ modid: 7, cmdid: 1, caller: 1, results, ts: 1 }).finish()));
  t.equal(scheduler.fire((ms) => ms === 2000), 1, 'the flush tick');
  await drained(service);
  const m = service.metrics();
  t.equal(m.requestsReceived, 1, 'the report itself is accepted');
  t.equal(m.resultsRefused, 4, 'ip 0, port 0, port 65536 and a negative port refused, counted');
  t.equal(m.resultsReceived, 2, 'the two real hosts received');
  t.same(sink.committed.map((r) => [r.ip, r.port, r.succCnt]), [[0x0a000001, 80, 1], [0x0a000005, 65535, 6]], 'and stored');
  t.equal(m.reactor.badBody, 0, 'not a bad body: the connection and the frame stay');
  t.equal(lines.filter((l) => l.includes('refused 4 results')).length, 1, 'one line for the interval');
  checkAccounting(t, m);
});
