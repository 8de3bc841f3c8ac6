/**
 * The reporter's journal on real files: a torn or corrupt tail is dropped
 * and counted, new reports never go after it, segments go only once they
 * and every older one hold no row, and a replay gives the same table twice.
 */
import { appendFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { ReportJournal, type ReportJournalOptions } from '../../../actors/reporter/journal/reportJournal.js';
import { openStore } from '../../../store/openStore.js';
import { drained, expectedRows, keyCount, sendRounds, sqliteUrl, startReporter, type KeySpace } from './fixtures/reporterFixture.js';

function journal(dir: string, extra: Partial<ReportJournalOptions> = {}): ReportJournal {
  return new ReportJournal({ dir, storeId: 'sqlite:/x', fsync: 'never', segmentBytes: 1 << 20, ...extra });
}

function segments(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.endsWith('.journal')).sort();
}

/** A journal with `bodies` written to its first segment and left as a killed process leaves it. */
function leftBehind(t: Test, bodies: string[]): string {
  const dir = t.testdir();
  const j = journal(dir);
  t.same(j.open(), [], 'an empty directory replays nothing');
  j.begin();
  for (const b of bodies) j.append(Buffer.from(b));
  j.writePending();
  j.close(false);
  return dir;
}

t.test('a record cut short at the tail is dropped and counted; the whole ones before it replay', async (t) => {
  const dir = leftBehind(t, ['first', 'second']);
  const [seg] = segments(dir);
  const path = join(dir, seg ?? '');
  // Half a record: a header announcing 100 bytes, 3 of them there (a write cut by the kill).
  const half = Buffer.alloc(11);
  half.writeUInt32LE(100, 0);
  appendFileSync(path, half);
  const j = journal(dir);
  const replay = j.open();
  t.same(replay.map((s) => s.bodies.map(String)), [['first', 'second']]);
  t.equal(j.tornRecords, 1, 'counted');
  t.equal(j.tornBytes, 11);
  j.begin();
  j.append(Buffer.from('third'));
  j.writePending();
  t.equal(readFileSync(path).length, 2 * 8 + 'first'.length + 'second'.length + 11, 'nothing appended after the torn tail');
  t.equal(segments(dir).length, 2, 'new reports go to a new segment');
  j.close(false);
});

t.test('a record whose bytes fail the CRC is dropped with what follows it in the segment', async (t) => {
  const dir = leftBehind(t, ['aaaa', 'bbbb', 'cccc']);
  const path = join(dir, segments(dir)[0] ?? '');
  const data = readFileSync(path);
  data.writeUInt8((data.readUInt8(21) ^ 0xff), 21); // a byte inside "bbbb"
  writeFileSync(path, data);
  const j = journal(dir);
  t.same(j.open().map((s) => s.bodies.map(String)), [['aaaa']]);
  t.equal(j.tornRecords, 1);
  t.equal(j.tornBytes, 24, 'the corrupt record and the one after it');
  j.close(false);
});

t.test('trim: a segment goes once it and every older one hold no row, never the one being written', async (t) => {
  const dir = t.testdir();
  const j = journal(dir);
  j.open();
  j.begin();
  const s1 = j.current;
  j.append(Buffer.from('one'));
  j.hold(s1);
  j.hold(s1);
  j.tick();
  const s2 = j.current;
  t.not(s2, s1, 'a flush tick starts a new segment');
  j.append(Buffer.from('two'));
  j.hold(s2);
  j.tick();
  t.equal(segments(dir).length, 3, 'held segments stay');
  j.release(s2);
  j.tick();
  t.equal(segments(dir).length, 3, 'the newer segment waits for the older one (a replay must end at the newest values)');
  j.release(s1);
  t.equal(segments(dir).length, 3, 'nothing deleted before the tick');
  j.release(s1);
  j.tick();
  t.equal(segments(dir).length, 1, 'both gone once written; the current one stays');
  t.equal(j.segmentsTrimmed, 2, 'an empty current segment is not rolled, so not counted');
  j.close(true);
  t.same(segments(dir), [], 'a close after everything was written leaves none');
});

t.test('a journal left for another store is set aside, not replayed', async (t) => {
  const dir = leftBehind(t, ['theirs']);
  const j = journal(dir, { storeId: 'mysql:other' });
  t.same(j.open(), []);
  t.same(segments(dir), []);
  t.ok(readdirSync(dir).some((n) => n.startsWith('set-aside-')), 'kept in a folder of its own');
  j.close(false);
});

t.test('replay through the service: a stop that gave up keeps the journal; replaying it twice gives the same table', async (t) => {
  const url = sqliteUrl(t);
  const init = await openStore(url, { createIfMissing: true });
  await init.init();
  await init.close();
  const dir = t.testdir();
  const space: KeySpace = { modids: 5, hosts: 10 }; // 200 keys
  // No flush, batches bigger than the load and no time to write at stop: every row stays in the journal only.
  const cfg = { journal_dir: join(dir, 'j'), flush_interval: 3600, batch_rows: 10_000, stop_flush_timeout_ms: 0 };
  const first = await startReporter(t, url, cfg);
  await sendRounds(first.service, first.port, space, 1, 2);
  t.same(await first.service.stop(), { flushed: false, droppedAtStop: keyCount(space) });
  t.ok(segments(cfg.journal_dir).length > 0, 'segments kept');
  cpSync(cfg.journal_dir, join(dir, 'copy'), { recursive: true });

  const reader = await openStore(url);
  t.teardown(() => reader.close());
  for (const [label, journalDir] of [['first replay', cfg.journal_dir], ['same journal again', join(dir, 'copy')]] as const) {
    const again = await startReporter(t, url, { ...cfg, journal_dir: journalDir, stop_flush_timeout_ms: 60_000 });
    await drained(again.service);
    const m = again.service.metrics();
    t.equal(m.journalReplayedRows, 2 * keyCount(space), `${label}: both rounds read back`);
    t.equal(m.rowsWritten, keyCount(space), `${label}: one row per key`);
    t.equal(m.requestsReceived, 0, `${label}: nothing counted as received`);
    t.same(await reader.readStatus(), expectedRows(space, 2), `${label}: every row at round 2`);
    t.same(await again.service.stop(), { flushed: true, droppedAtStop: 0 });
    t.same(segments(journalDir), [], `${label}: written, so trimmed`);
  }
});

t.test('a journal that cannot be written is counted and said, and works again once it can', async (t) => {
  const root = t.testdir();
  const dir = join(root, 'j');
  const lines: string[] = [];
  const j = journal(dir, { log: (line) => lines.push(line) });
  j.open();
  j.begin();
  rmSync(dir, { recursive: true });
  j.append(Buffer.from('lost'));
  j.tick(); // the write lands in the unlinked file; the new segment cannot be made
  t.equal(j.failing, 'ENOENT', 'the reason is kept for /healthz');
  t.equal(j.writeErrors, 1);
  t.match(lines, [/journal: cannot write to .*\(ENOENT\); reports are kept in memory only/]);
  mkdirSync(dir);
  j.append(Buffer.from('kept'));
  j.writePending();
  t.equal(j.failing, undefined, 'a write that works clears it');
  t.equal(segments(dir).length, 1);
  j.close(false);
});
