/**
 * Moves pending rows from the coalescer to the write pool: full batches as
 * soon as batch_rows are waiting, everything on each flush tick, at most
 * `concurrency` batches in flight (one per pool thread, so nothing queues
 * inside piscina where it could neither coalesce nor be bounded).
 *
 * A failed batch (database refused, or its worker died) is put back into
 * the coalescer under any newer values of its keys and retried after an
 * exponential, jittered backoff; nothing accepted is lost short of the
 * max_pending_rows bound or an abandoned stop, and both are counted.
 *
 * A key is never in two batches at once: two concurrent transactions could
 * commit out of order and leave the older value in the table.
 *
 * A batch still unanswered (its store is waiting on a hung node) is seen by
 * stuckSince() before it ends, so health and the step-aside need not wait
 * for the store's deadlines to run out.
 */
import { EventEmitter } from 'eventemitter3';
import { backoffDelay, realScheduler, type Scheduler } from '../../runtime/reactor/backoff.js';
import { BucketHistogram } from '../../runtime/stats/bucketHistogram.js';
import type { Coalescer, PendingRow } from './coalescer.js';
import { packRows } from './packedRows.js';
import type { BatchReceipt, BatchSink } from './statusWritePool.js';

export interface StatusWriterOptions {
  coalescer: Coalescer;
  sink: BatchSink;
  /** Batches in flight at once: the pool's thread count. */
  concurrency: number;
  batchRows: number;
  backoffMinMs: number;
  backoffMaxMs: number;
  scheduler?: Scheduler;
  /** Milliseconds, for batch latency. */
  now?: () => number;
  random?: () => number;
}

export interface StatusWriterEvents {
  written: [rows: number, latencyMs: number];
  failed: [code: string, message: string, rows: number];
  idle: [];
}

export class StatusWriter extends EventEmitter<StatusWriterEvents> {
  rowsWritten = 0;
  batchesWritten = 0;
  /** Failed batch attempts (DB errors and worker failures alike), by code in `errorsByCode`. */
  batchesFailed = 0;
  readonly errorsByCode: Record<string, number> = {};
  /** Backoff rounds that ended and sent the put-back rows again. */
  retries = 0;
  /** Conflicts (deadlock, Galera certification) the store retried inside committed batches: not failures. */
  dbConflicts = 0;
  /** Pending and in-flight rows given up on by abandon(). */
  rowsDroppedAtStop = 0;
  readonly latency = new BucketHistogram();

  private readonly coalescer: Coalescer;
  private readonly sink: BatchSink;
  private readonly scheduler: Scheduler;
  private readonly now: () => number;
  private readonly busyKeys = new Set<string>();
  /** Start times of the batches in flight. */
  private readonly flights = new Set<{ started: number }>();
  private lastWrittenAt = Number.NEGATIVE_INFINITY;
  private inFlight = 0;
  private inFlightRowCount = 0;
  /** Rows still to go out from the last flush tick, regardless of batch size. */
  private owed = 0;
  private draining = false;
  private abandoned = false;
  private consecutiveFailures = 0;
  private retryTimer: unknown;
  /**
   * Every pending key was in a batch still being written at the last pump.
   * Until a batch settles (or the flush tick), pumping again would rescan the
   * whole pending set for nothing, once per incoming result.
   */
  private stalled = false;

  constructor(private readonly opts: StatusWriterOptions) {
    super();
    this.coalescer = opts.coalescer;
    this.sink = opts.sink;
    this.scheduler = opts.scheduler ?? realScheduler;
    this.now = opts.now ?? (() => performance.now());
  }

  get batchesInFlight(): number {
    return this.inFlight;
  }

  get rowsInFlight(): number {
    return this.inFlightRowCount;
  }

  get backingOff(): boolean {
    return this.retryTimer !== undefined;
  }

  get isIdle(): boolean {
    return this.inFlight === 0 && this.coalescer.size === 0;
  }

  /**
   * When writing got stuck: the oldest batch in flight has been running for
   * `ms` or more and no batch committed meanwhile (then: since that commit).
   * undefined when writes are not stuck.
   */
  stuckSince(ms: number): number | undefined {
    let oldest = Number.POSITIVE_INFINITY;
    for (const f of this.flights) oldest = Math.min(oldest, f.started);
    if (oldest === Number.POSITIVE_INFINITY) return undefined;
    const since = Math.max(oldest, this.lastWrittenAt);
    return this.now() - since >= ms ? since : undefined;
  }

  /** Rows were added: write at once if a full batch is waiting. */
  poke(): void {
    if (!this.stalled && this.coalescer.size >= this.opts.batchRows) this.pump();
  }

  /** Flush tick: every row pending now goes out as fast as capacity allows. */
  flush(): void {
    this.owed = this.coalescer.size;
    this.stalled = false;
    this.pump();
  }

  /** Write everything, including rows that arrive meanwhile; resolves when nothing is pending or in flight. */
  drain(): Promise<void> {
    this.draining = true;
    this.pump();
    if (this.isIdle || this.abandoned) return Promise.resolve();
    return new Promise((resolve) => this.once('idle', resolve));
  }

  /** Give up: pending and in-flight rows are counted as dropped, the workers stopped. Returns the rows dropped. */
  async abandon(): Promise<number> {
    if (this.abandoned) return 0;
    this.abandoned = true;
    this.clearRetry();
    const dropped = this.coalescer.clear() + this.inFlightRowCount;
    this.rowsDroppedAtStop += dropped;
    this.inFlight = 0;
    this.inFlightRowCount = 0;
    this.busyKeys.clear();
    this.flights.clear();
    this.emit('idle');
    await this.sink.destroy();
    return dropped;
  }

  /** After drain(): stop the workers. */
  async close(): Promise<void> {
    this.clearRetry();
    this.abandoned = true;
    await this.sink.close();
  }

  private pump(): void {
    if (this.abandoned || this.retryTimer !== undefined) return;
    const { batchRows, concurrency } = this.opts;
    while (this.inFlight < concurrency && this.coalescer.size > 0) {
      if (!this.draining && this.owed <= 0 && this.coalescer.size < batchRows) break;
      const rows = this.coalescer.take(batchRows, this.busyKeys);
      // Every pending key is in a batch still being written: its completion pumps again.
      if (rows.length === 0) {
        this.stalled = true;
        break;
      }
      this.owed = Math.max(0, this.owed - rows.length);
      this.send(rows);
    }
  }

  private send(rows: PendingRow[]): void {
    this.inFlight++;
    this.inFlightRowCount += rows.length;
    for (const r of rows) this.busyKeys.add(r.key);
    const started = this.now();
    const flight = { started };
    this.flights.add(flight);
    let write: Promise<BatchReceipt | void>;
    try {
      write = this.sink.write(packRows(rows));
    } catch (err) {
      write = Promise.reject(err);
    }
    write.then(
      (receipt) => {
        if (receipt) this.dbConflicts += receipt.conflicts;
        this.settled(rows, flight, undefined);
      },
      (err: unknown) => this.settled(rows, flight, err ?? new Error('write rejected')),
    );
  }

  private settled(rows: PendingRow[], flight: { started: number }, err: unknown): void {
    // Abandoned: these rows were already counted as dropped.
    if (this.abandoned) return;
    this.flights.delete(flight);
    this.inFlight--;
    this.inFlightRowCount -= rows.length;
    for (const r of rows) this.busyKeys.delete(r.key);
    this.stalled = false;
    if (err === undefined) {
      this.lastWrittenAt = this.now();
      const ms = this.lastWrittenAt - flight.started;
      this.rowsWritten += rows.length;
      this.coalescer.committed(rows);
      this.batchesWritten++;
      this.latency.observe(ms);
      this.consecutiveFailures = 0;
      this.emit('written', rows.length, ms);
    } else {
      const code = errorCode(err);
      this.batchesFailed++;
      this.errorsByCode[code] = (this.errorsByCode[code] ?? 0) + 1;
      this.coalescer.putBack(rows);
      this.consecutiveFailures++;
      this.scheduleRetry();
      this.emit('failed', code, err instanceof Error ? err.message : String(err), rows.length);
    }
    this.pump();
    if (this.isIdle) this.emit('idle');
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== undefined) return;
    const delay = backoffDelay(this.consecutiveFailures - 1, {
      minMs: this.opts.backoffMinMs,
      maxMs: this.opts.backoffMaxMs,
      ...(this.opts.random ? { random: this.opts.random } : {}),
    });
    this.retryTimer = this.scheduler.setTimeout(() => {
      this.retryTimer = undefined;
      this.retries++;
      this.owed = this.coalescer.size;
      this.pump();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer === undefined) return;
    this.scheduler.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'WRITE_FAILED';
}
