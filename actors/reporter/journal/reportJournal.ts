/**
 * The reporter's journal (issue 20 §4): every accepted ReportStatusRequest
 * body is appended here before the event loop moves on, so a process killed
 * with rows still pending leaves them in the page cache (which survives the
 * process) and the next start replays them before its port opens.
 *
 * Segments are files `seg-<seq>.journal`, replayed in order. A new segment
 * starts at every flush tick (and past journal_segment_bytes), so a segment
 * holds about one interval of reports. Each pending or in-flight row holds
 * the segment its current value came from; a segment is deleted once it and
 * every older one hold nothing (their rows are committed, dropped by the
 * max_pending_rows bound, or replaced by a newer value in a later segment).
 * Deleting only from the oldest end keeps the rule simple and safe: a kept
 * segment always has every later segment beside it, so a replay ends with
 * the newest value of each key, whatever older ones it read first.
 *
 * fsync is for power loss only (see JournalFsync); kill -9 needs none.
 */
import { closeSync, fdatasync, fdatasyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync, close } from 'node:fs';
import { join } from 'node:path';
import { errorLine } from '../../../runtime/errors.js';
import { JournalError } from './journalError.js';
import { takeJournalLock } from './journalLock.js';
import { readRecords, RECORD_HEADER_BYTES, writeRecordHeader } from './journalRecord.js';

/**
 * never: no fsync (kill -9 and crashes are covered, power loss is not);
 * interval: fdatasync of the segment being written once per flush tick, off the event loop
 *   (power loss loses at most about one flush_interval);
 * always: fdatasync after each write, on the event loop (power loss loses nothing that was read).
 */
export const JOURNAL_FSYNC = ['never', 'interval', 'always'] as const;
export type JournalFsync = (typeof JOURNAL_FSYNC)[number];

export interface ReportJournalOptions {
  dir: string;
  /** Which store the rows are for (e.g. `mysql:lars`): a journal left for another store is set aside, not replayed. */
  storeId: string;
  fsync: JournalFsync;
  segmentBytes: number;
  log?: (line: string, level?: 'info' | 'warn' | 'error') => void;
  /** A new segment became the current one (rows accepted from now on hold it). */
  onRoll?: (seq: number) => void;
}

export interface ReplaySegment {
  seq: number;
  bodies: Buffer[];
}

interface Segment {
  seq: number;
  bytes: number;
  /** Pending and in-flight rows whose value came from this segment. */
  holds: number;
}

const SEGMENT = /^seg-(\d{12})\.journal$/;
const STORE_FILE = 'store';

function segmentName(seq: number): string {
  return `seg-${String(seq).padStart(12, '0')}.journal`;
}

export class ReportJournal {
  tornRecords = 0;
  tornBytes = 0;
  replayedRecords = 0;
  writeErrors = 0;
  fsyncs = 0;
  segmentsTrimmed = 0;
  /** The last write error, until a write succeeds again. */
  failing: string | undefined;

  private readonly segments = new Map<number, Segment>();
  private active: Segment | undefined;
  private fd: number | undefined;
  private dirty = false;
  private unlock: (() => void) | undefined;
  private buf = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  private scheduled = false;
  private closed = false;
  private readonly log: NonNullable<ReportJournalOptions['log']>;

  constructor(private readonly opts: ReportJournalOptions) {
    this.log = opts.log ?? (() => undefined);
  }

  get dir(): string {
    return this.opts.dir;
  }

  /** Segment every new row holds. */
  get current(): number {
    return this.active?.seq ?? 0;
  }

  get bytes(): number {
    let n = this.used;
    for (const s of this.segments.values()) n += s.bytes;
    return n;
  }

  get segmentCount(): number {
    return this.segments.size;
  }

  /**
   * Lock the directory and read what an earlier process left, oldest first;
   * the caller replays each segment with `current` set to its seq, then
   * calls begin(). Throws JournalError when the directory cannot be used.
   */
  open(): ReplaySegment[] {
    const { dir } = this.opts;
    try {
      mkdirSync(dir, { recursive: true });
      this.unlock = takeJournalLock(dir);
      const names = this.listSegments();
      if (names.length > 0 && this.storeOfDir() !== this.opts.storeId) this.setAside(names);
      else this.writeStoreFile();
      return this.listSegments().map((name) => this.readSegment(name));
    } catch (err) {
      this.unlock?.();
      this.unlock = undefined;
      if (err instanceof JournalError) throw err;
      throw new JournalError('JOURNAL_DIR', `journal_dir ${dir}: ${(err as NodeJS.ErrnoException).code ?? errorLine(err)}`, { cause: err });
    }
  }

  private readSegment(name: string): ReplaySegment {
    const seq = Number(SEGMENT.exec(name)?.[1]);
    const data = readFileSync(join(this.opts.dir, name));
    const read = readRecords(data);
    if (read.torn) {
      this.tornRecords++;
      this.tornBytes += read.droppedBytes;
      this.log(`journal: ${name}: a torn or corrupt record at byte ${data.length - read.droppedBytes}; its last ${read.droppedBytes} bytes dropped`, 'warn');
    }
    this.replayedRecords += read.bodies.length;
    this.segments.set(seq, { seq, bytes: data.length, holds: 0 });
    return { seq, bodies: read.bodies };
  }

  /** After the replay: open a fresh segment for new reports (never append after a torn tail). */
  begin(): void {
    this.roll();
  }

  hold(seq: number): void {
    const s = this.segments.get(seq);
    if (s !== undefined) s.holds++;
  }

  release(seq: number): void {
    const s = this.segments.get(seq);
    if (s !== undefined) s.holds--;
  }

  /** Copies `body`; it reaches the file before the event loop turns (one write per socket read). */
  append(body: Uint8Array): void {
    if (this.closed) return;
    const need = this.used + RECORD_HEADER_BYTES + body.length;
    if (need > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(bigger, 0, 0, this.used);
      this.buf = bigger;
    }
    writeRecordHeader(this.buf, this.used, body);
    this.buf.set(body, this.used + RECORD_HEADER_BYTES);
    this.used = need;
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.writePending());
    }
  }

  /** Everything appended so far to the file (runs by itself at the end of the current task). */
  writePending(): void {
    this.scheduled = false;
    if (this.used === 0 || this.closed) return;
    if (this.fd === undefined) this.roll();
    const seg = this.active;
    if (this.fd === undefined || seg === undefined) return; // no segment could be opened: counted in roll()
    const n = this.used;
    try {
      let off = 0;
      while (off < n) off += writeSync(this.fd, this.buf, off, n - off);
      if (this.opts.fsync === 'always') {
        fdatasyncSync(this.fd);
        this.fsyncs++;
      } else this.dirty = true;
      seg.bytes += n;
      this.failing = undefined;
    } catch (err) {
      this.writeFailed(err);
      // A partial record would hide every record after it: go on in a new segment.
      this.closeActive();
    }
    this.used = 0;
    if (seg.bytes >= this.opts.segmentBytes) this.roll();
  }

  /** Flush tick: start a new segment if this one holds anything, sync per policy, delete what is durable. */
  tick(): void {
    this.writePending();
    // Rolling closes the segment, and under `interval` that close is its fdatasync (then the close, both off the loop).
    if (this.active === undefined || this.active.bytes > 0) this.roll();
    this.trim();
  }

  /** Delete segments from the oldest while they hold no row (never the one being written). */
  trim(): void {
    for (const s of [...this.segments.values()].sort((a, b) => a.seq - b.seq)) {
      if (s === this.active || s.holds > 0) break;
      rmSync(join(this.opts.dir, segmentName(s.seq)), { force: true });
      this.segments.delete(s.seq);
      this.segmentsTrimmed++;
    }
  }

  /** Stop: `trim` after everything was written (a graceful stop), otherwise keep every segment for the next start. */
  close(trim: boolean): void {
    if (this.closed) return;
    this.writePending();
    this.closeActive();
    this.active = undefined;
    if (trim) this.trim();
    this.closed = true;
    this.unlock?.();
    this.unlock = undefined;
  }

  private roll(): void {
    const next = Math.max(0, ...this.segments.keys()) + 1;
    this.closeActive();
    try {
      this.fd = openSync(join(this.opts.dir, segmentName(next)), 'wx');
    } catch (err) {
      this.writeFailed(err);
      this.active = undefined;
      return;
    }
    this.active = { seq: next, bytes: 0, holds: 0 };
    this.segments.set(next, this.active);
    this.opts.onRoll?.(next);
  }

  private closeActive(): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd === undefined) return;
    if (this.opts.fsync === 'interval' && this.dirty) {
      this.dirty = false;
      fdatasync(fd, (err) => {
        if (err) this.writeFailed(err);
        else this.fsyncs++;
        close(fd, () => undefined);
      });
      return;
    }
    this.dirty = false;
    try {
      closeSync(fd);
    } catch {
      // Nothing left to lose: every byte was written or counted.
    }
  }

  private writeFailed(err: unknown): void {
    this.writeErrors++;
    const why = (err as NodeJS.ErrnoException).code ?? errorLine(err);
    if (this.failing === undefined) this.log(`journal: cannot write to ${this.opts.dir} (${why}); reports are kept in memory only until it works again`, 'error');
    this.failing = why;
  }

  private listSegments(): string[] {
    return readdirSync(this.opts.dir).filter((n) => SEGMENT.test(n)).sort();
  }

  private storeOfDir(): string | undefined {
    try {
      return readFileSync(join(this.opts.dir, STORE_FILE), 'utf8').trim();
    } catch {
      return undefined;
    }
  }

  private writeStoreFile(): void {
    writeFileSync(join(this.opts.dir, STORE_FILE), `${this.opts.storeId}\n`);
  }

  /** Segments written for another store are not ours to replay: moved to a folder of their own, kept. */
  private setAside(names: string[]): void {
    const other = this.storeOfDir() ?? 'unknown';
    const aside = join(this.opts.dir, `set-aside-${Date.now()}`);
    mkdirSync(aside);
    for (const n of names) renameSync(join(this.opts.dir, n), join(aside, n));
    try {
      renameSync(join(this.opts.dir, STORE_FILE), join(aside, STORE_FILE));
    } catch {
      // No store file: nothing to move.
    }
    this.log(`journal: ${names.length} segments in ${this.opts.dir} are for store ${other}, not ${this.opts.storeId}: moved to ${aside}, not replayed`, 'warn');
    this.writeStoreFile();
  }
}
