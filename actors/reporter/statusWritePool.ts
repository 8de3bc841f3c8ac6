/**
 * The reporter's piscina pool of up to `db_thread_cnt` write workers, seen by the
 * writer as a BatchSink: write(batch) resolves when the batch is committed
 * and rejects with a BatchWriteError otherwise, whether the database refused
 * it or the worker thread died under it (process.exit, uncaught throw);
 * piscina replaces a dead worker, and the writer retries the batch.
 *
 * The pool starts empty and grows with the batches in flight; a worker idle
 * for `idleTimeoutMs` exits (issue 23: an idle reporter holds no write
 * threads). The cost is one store connect for the first batch after a quiet
 * spell, against an isolate (≈ 10 MB) and a connection kept per thread.
 */
import { Piscina } from 'piscina';
import { CodedError } from '../../runtime/errors.js';
import type { StoreOptions } from '../../store/store.js';
import type { WriteOutcome, WriteTask, WriteWorkerData } from './statusWriteWorker.js';

/** What a committed batch cost beyond its rows: conflicts the store retried on its own. */
export interface BatchReceipt {
  conflicts: number;
  /** Times the worker's store moved to another node of its host list during the batch. */
  failovers: number;
}

export interface BatchSink {
  write(packed: Float64Array): Promise<BatchReceipt | void>;
  /** Wait for writes in progress, then stop the workers. */
  close(): Promise<void>;
  /** Stop the workers now; writes in progress reject. */
  destroy(): Promise<void>;
}

/** `code` is the StoreError code from the worker, WRITE_FAILED, or WORKER_FAILED (the task threw or its thread died). */
export class BatchWriteError extends CodedError {
  get workerFailed(): boolean {
    return this.code === 'WORKER_FAILED';
  }
}

/** The worker module beside this file, with this file's extension (.ts under tap, .js from dist). */
export function defaultWriteWorkerUrl(): string {
  const ext = new URL(import.meta.url).pathname.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./statusWriteWorker${ext}`, import.meta.url).href;
}

export interface StatusWritePoolOptions {
  storeUrl: string;
  threads: number;
  /** Per worker; the default is one connection each (a worker writes one batch at a time). */
  storeOptions?: StoreOptions;
  /** Node flags of the worker threads (default: inherit the process's). */
  execArgv?: string[];
  /** A module with the same default export as statusWriteWorker (tests wrap it to inject crashes). */
  workerUrl?: string;
  /** Extra workerData next to the store URL, for such a wrapper. */
  extraWorkerData?: Record<string, unknown>;
  /** A write worker with nothing to do for this long exits (default 10 s); the next batch starts one. */
  idleTimeoutMs?: number;
  /** A worker died while idle (no batch lost); piscina replaces it. */
  onIdleWorkerError?: (err: unknown) => void;
  /** What a worker's store said during a batch (e.g. `store: now on h2:3306 (...)`), and how many node switches. */
  onStoreNotes?: (notes: string[], failovers: number) => void;
}

const DEFAULT_IDLE_TIMEOUT_MS = 10_000;

export class StatusWritePool implements BatchSink {
  private readonly pool: Piscina<WriteTask, WriteOutcome>;
  private readonly onStoreNotes: (notes: string[], failovers: number) => void;

  constructor(opts: StatusWritePoolOptions) {
    this.onStoreNotes = opts.onStoreNotes ?? (() => undefined);
    const workerData: WriteWorkerData & Record<string, unknown> = {
      ...opts.extraWorkerData,
      storeUrl: opts.storeUrl,
      // Never create a missing SQLite file: an empty one would fail every batch (the reporter's start says to run `lars db init`).
      storeOptions: { createIfMissing: false, ...(opts.storeOptions ?? { poolSize: 1 }) },
    };
    this.pool = new Piscina<WriteTask, WriteOutcome>({
      filename: opts.workerUrl ?? defaultWriteWorkerUrl(),
      minThreads: 0,
      maxThreads: opts.threads,
      // Long enough that steady reporting (a batch per flush_interval) keeps its workers and their connections.
      idleTimeout: opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      // Message-based handoff: with atomics an idle worker blocks in Atomics.wait and
      // its store sockets (keep-alives, server-side closes) go unserviced between batches.
      atomics: 'disabled',
      concurrentTasksPerWorker: 1,
      closeTimeout: 5000,
      workerData,
      ...(opts.execArgv !== undefined ? { execArgv: opts.execArgv } : {}),
    });
    // Without a listener an idle worker's death would be an unhandled 'error' event.
    this.pool.on('error', (err: unknown) => opts.onIdleWorkerError?.(err));
  }

  /** Called each time an idle worker has exited, once `threads` no longer counts it. */
  onWorkerExit(fn: () => void): void {
    // piscina emits before it drops the worker from its set.
    this.pool.on('workerDestroy', () => queueMicrotask(fn));
  }

  get threads(): number {
    return this.pool.threads.length;
  }

  async write(packed: Float64Array): Promise<BatchReceipt> {
    let outcome: WriteOutcome;
    try {
      outcome = await this.pool.run({ packed }, { transferList: [packed.buffer as ArrayBuffer] });
    } catch (err) {
      throw new BatchWriteError('WORKER_FAILED', `write worker failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    if (outcome.notes.length > 0 || outcome.failovers > 0) this.onStoreNotes(outcome.notes, outcome.failovers);
    if (!outcome.ok) throw new BatchWriteError(outcome.code, outcome.message);
    return { conflicts: outcome.conflicts, failovers: outcome.failovers };
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}
