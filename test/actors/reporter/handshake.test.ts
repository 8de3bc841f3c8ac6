/**
 * The reporter's handshake deadline on real sockets (issue #12 §2): a
 * connection with no complete frame within handshake_timeout_ms is closed
 * and counted, except handshake_quiet_per_ip silent ones per remote address
 * (an agent whose applications make no calls reports nothing yet); one that
 * sent a report may then stay idle.
 */
import t from 'tap';
import { lars } from '../../../proto/generated/lars.js';
import { encodeFrame } from '../../../runtime/reactor/frame.js';
import { FramedSocket } from '../../helpers/framedSocket.js';
import { FakeScheduler } from '../../helpers/fakeScheduler.js';
import { CommitSink } from './fixtures/fakeSink.js';
import { startReporter } from './fixtures/reporterFixture.js';
import type { ReporterService } from '../../../actors/reporter/reporterService.js';

function report(modid: number): Buffer {
  const body = lars.ReportStatusRequest.encode({ modid, cmdid: 1, caller: 1, results: [{ ip: 1, port: 80, succ: 1 }], ts: 1 }).finish();
  return encodeFrame(lars.MessageId.ID_ReportStatusRequest, body);
}

/** Frames are decoded in the socket's data handler, which has no event of its own to await. */
async function received(service: ReporterService, n: number): Promise<void> {
  while (service.metrics().requestsReceived < n) await new Promise((r) => setImmediate(r));
}

/** Resolves with the sockets the server closed, once `count` of them have. */
function firstClosed(sockets: FramedSocket[], count: number): Promise<Set<FramedSocket>> {
  const cut = new Set<FramedSocket>();
  return new Promise((resolve) => {
    for (const s of sockets) void s.closed.then(() => cut.add(s) && cut.size === count && resolve(cut));
  });
}

t.test('manual clock: silent sockets past the allowance are cut and counted; the allowance and a talker stay', async (t) => {
  const scheduler = new FakeScheduler();
  const { service, port } = await startReporter(t, 'sqlite::memory:', { handshake_timeout_ms: 10_000, handshake_quiet_per_ip: 2 }, { sink: new CommitSink(), scheduler });
  const deadlines = (): number => scheduler.requested.filter((ms) => ms === 10_000).length;
  const talker = await FramedSocket.open(port);
  talker.write(report(1));
  const silent = await Promise.all([0, 1, 2, 3, 4].map(() => FramedSocket.open(port)));
  while (deadlines() < 6) await scheduler.waitForRequests(scheduler.requested.length + 1);
  await received(service, 1);

  const closing = firstClosed(silent, 3);
  t.equal(scheduler.fire((ms) => ms === 10_000), 6, 'every deadline expires');
  const cut = await closing;
  const counters = service.server.counters;
  t.equal(counters.get('handshakeTimeout'), 3, 'the flood past the allowance is closed and counted');
  t.equal(counters.get('handshakeQuietKept'), 2, 'handshake_quiet_per_ip silent connections are kept');
  while (service.server.connectionCount > 3) await new Promise((r) => setImmediate(r));
  t.equal(service.server.connectionCount, 3, 'the talker and the two kept');
  t.equal(service.metrics().reactor.handshakeQuietKept, 2, 'exported with the reactor counters');

  const kept = silent.filter((s) => !cut.has(s));
  talker.write(report(2));
  kept[0]!.write(report(3));
  await received(service, 3);
  t.pass('the idle talker and a kept agent are heard when they report');

  // A kept connection that goes away gives its place to the next silent one.
  const gone = new Promise((resolve) => service.server.once('connClose', resolve));
  kept[1]!.destroy();
  await gone;
  const next = await FramedSocket.open(port);
  while (deadlines() < 7) await scheduler.waitForRequests(scheduler.requested.length + 1);
  scheduler.fire((ms) => ms === 10_000);
  t.equal(counters.get('handshakeQuietKept'), 3, 'the freed place is granted again');
  t.equal(counters.get('handshakeTimeout'), 3);
  next.write(report(4));
  await received(service, 4);
});

t.test('real clock, short deadline: closes are awaited by the close events', async (t) => {
  const { service, port } = await startReporter(t, 'sqlite::memory:', { handshake_timeout_ms: 50, handshake_quiet_per_ip: 1 }, { sink: new CommitSink() });
  const talker = await FramedSocket.open(port);
  talker.write(report(1));
  await received(service, 1);
  const silent = await Promise.all([0, 1, 2].map(() => FramedSocket.open(port)));
  const cut = await firstClosed(silent, 2);
  // Deadlines expire in accept order, so the kept one's came before the two cuts.
  t.equal(service.server.counters.get('handshakeQuietKept'), 1);
  t.equal(service.server.counters.get('handshakeTimeout'), 2);
  const kept = silent.find((s) => !cut.has(s))!;
  kept.write(report(2));
  talker.write(report(3));
  await received(service, 3);
  t.pass('the kept silent connection and the talker are still served');
});

t.test('0: no deadline at all', async (t) => {
  const scheduler = new FakeScheduler();
  const { service, port } = await startReporter(t, 'sqlite::memory:', { handshake_timeout_ms: 0 }, { sink: new CommitSink(), scheduler });
  await FramedSocket.open(port);
  while (service.server.connectionCount < 1) await new Promise((r) => setImmediate(r));
  t.equal(scheduler.requested.filter((ms) => ms !== 20).length, 0, 'only the flush timer');
});
