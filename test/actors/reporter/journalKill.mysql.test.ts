/**
 * Issue 20 §4 on real parts: a reporter process on MariaDB takes known
 * reports twice, is killed with kill -9 right after the last frame of the
 * second pass was received (before its flush could write them), and is
 * started again on the same journal: every row ends at the second pass's
 * value. Without the journal (journal_dir =) the second pass is lost and
 * the rows keep the first pass's values.
 */
import { readdirSync } from 'node:fs';
import t from 'tap';
import { lars } from '../../../proto/generated/lars.js';
import { encodeFrame } from '../../../runtime/reactor/frame.js';
import { openStore } from '../../../store/openStore.js';
import type { StatusRow } from '../../../store/statusStore.js';
import { FramedSocket } from '../../helpers/framedSocket.js';
import { freeTcpPort } from '../../helpers/freePorts.js';
import { withTestDatabase } from '../../helpers/mysqlTestDb.js';
import { RoleProcess } from '../../helpers/roleProcess.js';
import { scrape, until } from '../../e2e/fixtures/metrics.js';

// tap's process tracker in NODE_OPTIONS slows every role process's start several times.
process.env['NODE_OPTIONS'] = '';

const KEYS = 500;
const HOSTS = 10;
const CALLER = 7;
const SERVER = /^reporter-server/;

function pass(round: number): Buffer {
  const frames: Buffer[] = [];
  for (let modid = 1; modid <= KEYS; modid++) {
    const results = Array.from({ length: HOSTS }, (_, h) => ({ ip: 0x0a000001 + h, port: 9000 + h, succ: round * 100 + h, err: round, overload: false }));
    frames.push(encodeFrame(lars.MessageId.ID_ReportStatusRequest, lars.ReportStatusRequest.encode({ modid, cmdid: 1, caller: CALLER, results, ts: 1_700_000_000 }).finish()));
  }
  return Buffer.concat(frames);
}

/** Rows at `round`'s values. Both passes carry the same ts: only the journal's order tells them apart. */
function atRound(rows: StatusRow[], round: number): number {
  return rows.filter((r) => r.errCnt === round && r.succCnt === round * 100 + (r.port - 9000)).length;
}

t.test('kill -9 right after the second pass: the restart replays the journal and every row ends at its final value', async (t) => {
  const db = await withTestDatabase(t);
  if (!db) return;
  const store = await openStore(db.url);
  t.teardown(() => store.close());
  await store.init();
  const journalDir = t.testdir();
  const port = await freeTcpPort();
  // A long flush: rows of the second pass are certainly still pending at the kill (the first pass landed at a tick just before it).
  const ini = `[admin]\nadmin_port = 0\n[reporter]\nport = ${port}\nflush_interval = 4\nbatch_rows = 100000\njournal_dir = ${journalDir}\n`;
  const start = async (): Promise<[RoleProcess, number]> => {
    const p = RoleProcess.start(t, 'reporter', { 'reporter.ini': ini }, ['--store', db.url]);
    await p.waitFor(/accepting reports on/);
    return [p, await p.adminPort()];
  };
  const rows = (): Promise<StatusRow[]> => store.readStatus();
  const countAt = (round: number) => async (): Promise<number> => atRound(await rows(), round);

  const [first, admin] = await start();
  const sock = await FramedSocket.open(port);
  sock.write(pass(1));
  await until('first pass written', countAt(1), (n) => n === KEYS * HOSTS, 15_000);
  sock.write(pass(2));
  await until('second pass received', () => scrape(admin), (m) => m.counter(SERVER, 'requestsReceived') === 2 * KEYS, 10_000);
  first.child.kill('SIGKILL');
  t.equal(await first.exited, null, 'killed by SIGKILL');
  sock.socket.destroy();
  const before = await rows();
  t.equal(atRound(before, 2), 0, 'the kill came before any second-pass row was written');
  t.ok(readdirSync(journalDir).some((n) => n.endsWith('.journal')), 'the journal holds segments');

  const [second, admin2] = await start();
  await until('every row at its final value', countAt(2), (n) => n === KEYS * HOSTS, 10_000);
  const m = await scrape(admin2);
  t.ok(m.counter(SERVER, 'journalReplayedRows') >= KEYS * HOSTS, `${m.counter(SERVER, 'journalReplayedRows')} results replayed`);
  t.equal(m.counter(SERVER, 'journalTornRecords'), 0, 'no torn record (kill -9 leaves whole writes)');
  t.equal(m.counter(SERVER, 'requestsReceived'), 0, 'replayed reports are not counted as received again');
  t.equal((await rows()).length, KEYS * HOSTS, 'no row missing, none extra');
  await until('replayed segments trimmed once written', () => scrape(admin2), (s) => s.counter(SERVER, 'journalSegmentsTrimmed') >= 1, 15_000);

  t.equal(await second.stop(), 0, 'graceful stop');
  t.same(readdirSync(journalDir).filter((n) => n.endsWith('.journal')), [], 'a graceful stop leaves no segment behind');
});
