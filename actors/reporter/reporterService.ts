/**
 * The reporter service, free of the actor runtime: a TCP listener taking
 * ReportStatusRequest into the coalescer, a flush timer, and the writer
 * that hands batches to the piscina pool. The actor wrapper only builds
 * options from config, calls start(), serves metrics(), and awaits stop().
 *
 * Frames carry no reply, so a peer is never slowed by the database: ingest
 * is bounded by max_pending_rows (drop-oldest, counted) instead.
 */
import type { AddressInfo } from 'node:net';
import { lars } from '../../proto/generated/lars.js';
import { realScheduler, type Scheduler } from '../../runtime/reactor/backoff.js';
import { MsgRouter } from '../../runtime/reactor/msgRouter.js';
import { decodeReport, type ReportHeader, type ReportSink } from './reportDecoder.js';
import type { TcpConnection } from '../../runtime/reactor/tcpConnection.js';
import { TcpServer } from '../../runtime/reactor/tcpServer.js';
import { StepAside } from '../../runtime/reactor/stepAside.js';
import { errorLine } from '../../runtime/errors.js';
import { Coalescer, type StatusGroup } from './coalescer.js';
import { flushIntervalMs, journalDirOf, journalFsyncOf, type ReporterConfig } from './reporterConfig.js';
import { ReportJournal } from './journal/reportJournal.js';
import { storeIdentity } from './journal/storeIdentity.js';
import { collectMetrics, type ReporterMetrics } from './reporterMetrics.js';
import { StatusWritePool, type BatchSink, type StatusWritePoolOptions } from './statusWritePool.js';
import { StatusWriter } from './statusWriter.js';
import type { LineLog } from '../../runtime/log/logLine.js';
import { logConnections } from '../../runtime/reactor/connectionLog.js';

export interface ReporterServiceOptions {
  config: ReporterConfig;
  /** `sqlite:…` or `mysql://…`; each write worker opens it once. */
  storeUrl: string;
  /** From [reactor]. */
  maxConn: number;
  maxOutBytes: number;
  /** Flush timer, retry backoff and stop bound run on it (tests pass a fake one). */
  scheduler?: Scheduler;
  /** Milliseconds, for batch latency. */
  now?: () => number;
  random?: () => number;
  /** One line per interval about drops and failed writes, never one per row. */
  log?: LineLog;
  onHandlerError?: (err: unknown) => void;
  /** Pool details (worker flags, a wrapped worker module, store options). */
  pool?: Omit<StatusWritePoolOptions, 'storeUrl' | 'threads' | 'onIdleWorkerError'>;
  /** Replace the piscina pool altogether (tests of the writing policy). */
  sink?: BatchSink;
}

export interface StopResult {
  /** True when everything pending was written within stop_flush_timeout_ms. */
  flushed: boolean;
  /** Rows given up on (counted in rowsDroppedAtStop). */
  droppedAtStop: number;
}

export class ReporterService {
  readonly server: TcpServer;
  readonly coalescer: Coalescer;
  readonly writer: StatusWriter;
  /** Writes failing for step_aside_after: the port is closed so agents go to another reporter. */
  readonly aside: StepAside;
  /** undefined when journal_dir says none. */
  readonly journal: ReportJournal | undefined;
  /** Results read back from the journal at start (in resultsReceived too). */
  private replayedRows = 0;
  private readonly scheduler: Scheduler;
  private readonly log: LineLog;
  private readonly now: () => number;
  private requestsReceived = 0;
  /** Results for a host that cannot exist (ip 0, port 0 or over 65535): bad input, not stored. */
  private resultsRefused = 0;
  private idleWorkerErrors = 0;
  private storeFailovers = 0;
  private flushTimer: unknown;
  private stopping: Promise<StopResult> | undefined;
  private logged = { dropped: 0, failed: 0, refused: 0 };

  constructor(private readonly opts: ReporterServiceOptions) {
    const cfg = opts.config;
    this.scheduler = opts.scheduler ?? realScheduler;
    this.log = opts.log ?? (() => undefined);
    this.coalescer = new Coalescer(cfg.max_pending_rows);
    const journalDir = journalDirOf(cfg);
    this.journal =
      journalDir === undefined
        ? undefined
        : new ReportJournal({
            dir: journalDir,
            storeId: storeIdentity(opts.storeUrl),
            fsync: journalFsyncOf(cfg),
            segmentBytes: cfg.journal_segment_bytes,
            log: (line, level) => this.log(line, level),
            onRoll: (seq) => {
              this.coalescer.seg = seq;
            },
          });
    this.coalescer.holds = this.journal;
    const sink =
      opts.sink ??
      new StatusWritePool({
        ...opts.pool,
        // One connection per worker: a worker writes one batch at a time.
        storeOptions: { poolSize: 1, queryTimeoutMs: cfg.store_query_timeout_ms, connectTimeoutMs: cfg.store_connect_timeout_ms, ...opts.pool?.storeOptions },
        storeUrl: opts.storeUrl,
        threads: cfg.db_thread_cnt,
        onIdleWorkerError: (err) => {
          this.idleWorkerErrors++;
          this.log(`reporter: a write worker died between batches (${errorLine(err)}); replaced`, 'warn');
        },
        onStoreNotes: (notes, failovers) => {
          this.storeFailovers += failovers;
          for (const note of notes) this.log(`write worker: ${note}`, 'warn');
        },
      });
    this.writer = new StatusWriter({
      coalescer: this.coalescer,
      sink,
      concurrency: cfg.db_thread_cnt,
      batchRows: cfg.batch_rows,
      backoffMinMs: cfg.retry_backoff_min_ms,
      backoffMaxMs: cfg.retry_backoff_max_ms,
      scheduler: this.scheduler,
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.random ? { random: opts.random } : {}),
    });
    this.now = opts.now ?? (() => performance.now());
    this.aside = new StepAside({ afterMs: cfg.step_aside_after * 1000, now: this.now, onChange: (aside, reason) => this.onStepAside(aside, reason) });
    this.writer.on('failed', (code, message) => this.aside.failed(`${code}: ${message}`));
    this.writer.on('written', () => this.aside.succeeded());
    const router = new MsgRouter<TcpConnection>();
    router.register(lars.MessageId.ID_ReportStatusRequest, (_conn, body) => {
      decodeReport(body, this.ingest);
      // Written before this socket read's task ends: no commit, trim or scrape can see the rows before the journal has them.
      this.journal?.append(body);
      this.writer.poke();
    });
    this.server = new TcpServer({
      ip: cfg.ip,
      port: cfg.port,
      maxConn: opts.maxConn,
      maxOutBytes: opts.maxOutBytes,
      router,
      handshakeTimeoutMs: cfg.handshake_timeout_ms,
      quietPerPeer: cfg.handshake_quiet_per_ip,
      scheduler: this.scheduler,
      onHandlerError: opts.onHandlerError ?? ((err) => this.log(`reporter: handler error: ${errorLine(err)}`, 'error')),
    });
    logConnections(this.server, 'agent', this.log);
  }

  /** Listen and start the flush timer; resolves with the bound address (port 0 picks one). */
  async start(): Promise<AddressInfo> {
    let address: AddressInfo;
    try {
      // Before the port opens: a report arriving first could be overwritten by an older one from the journal.
      this.replay();
      address = await this.server.listen();
    } catch (err) {
      // The pool's threads started with the service; do not leave them behind.
      await this.writer.abandon();
      this.journal?.close(false);
      throw err;
    }
    this.armFlush();
    if (this.coalescer.size > 0) this.writer.flush();
    return address;
  }

  /** What an earlier process accepted and did not write, back into the buffer, each row holding its segment. */
  private replay(): void {
    const journal = this.journal;
    if (journal === undefined) return;
    const segments = journal.open();
    let reports = 0;
    const sink: ReportSink = {
      header: (h) => this.ingest.header(h),
      result: (ip, port, succ, err, overload) => {
        this.replayedRows++;
        this.ingest.result(ip, port, succ, err, overload);
      },
      refused: () => undefined,
    };
    for (const seg of segments) {
      this.coalescer.seg = seg.seq;
      for (const body of seg.bodies) {
        try {
          decodeReport(body, sink);
          reports++;
        } catch {
          journal.tornRecords++; // its CRC held, so a bug wrote it: counted, not fatal
        }
      }
    }
    this.requestsReceived -= reports; // ingest counted them as received frames; they were received by the earlier process
    journal.begin();
    if (segments.length > 0) {
      this.log(`journal: replayed ${reports} reports (${this.replayedRows} results, ${this.coalescer.size} rows) from ${segments.length} segments in ${journal.dir}`);
    }
  }

  address(): AddressInfo {
    return this.server.address();
  }

  metrics(): ReporterMetrics {
    return collectMetrics({
      requestsReceived: this.requestsReceived,
      resultsRefused: this.resultsRefused,
      idleWorkerErrors: this.idleWorkerErrors,
      storeFailovers: this.storeFailovers,
      coalescer: this.coalescer,
      writer: this.writer,
      connections: this.server.connectionCount,
      reactor: this.server.counters.snapshot(),
      journal: this.journal,
      replayedRows: this.replayedRows,
    });
  }

  /** Why writes are stuck now: a batch unanswered past store_query_timeout_ms with nothing committed meanwhile. */
  writesStuck(): string | undefined {
    return this.stuckWrites()?.why;
  }

  private stuckWrites(): { since: number; why: string } | undefined {
    const since = this.writer.stuckSince(this.opts.config.store_query_timeout_ms);
    if (since === undefined) return undefined;
    return { since, why: `database write unanswered for ${Math.round(this.now() - since)} ms, ${this.coalescer.size + this.writer.rowsInFlight} rows waiting` };
  }

  /** Why the journal cannot take reports now (they are kept in memory only meanwhile). */
  journalProblem(): string | undefined {
    const why = this.journal?.failing;
    return why === undefined ? undefined : `journal writes to ${this.journal?.dir} failing (${why})`;
  }

  /** Write what is pending now, without waiting for the timer (e.g. an admin "flush"). */
  flushNow(): void {
    this.writer.flush();
  }

  /**
   * Stop accepting, let connected peers finish, write everything pending;
   * give up after stop_flush_timeout_ms (rows left are counted as dropped).
   * Idempotent: a second call returns the first call's promise.
   */
  stop(): Promise<StopResult> {
    this.stopping ??= this.runStop();
    return this.stopping;
  }

  private async runStop(): Promise<StopResult> {
    if (this.flushTimer !== undefined) this.scheduler.clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    let timer: unknown;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = this.scheduler.setTimeout(() => resolve('timeout'), this.opts.config.stop_flush_timeout_ms);
    });
    // Peers still sending get to finish their frames; past the deadline they are cut.
    const closed = this.server.close();
    if ((await Promise.race([closed.then(() => 'closed' as const), deadline])) === 'timeout') {
      for (const conn of this.server.connections()) conn.destroy();
    }
    const outcome = await Promise.race([this.writer.drain().then(() => 'drained' as const), deadline]);
    this.scheduler.clearTimeout(timer);
    this.logIntervalNews();
    if (outcome === 'drained') {
      await this.writer.close();
      this.journal?.close(true);
      return { flushed: true, droppedAtStop: 0 };
    }
    const droppedAtStop = await this.writer.abandon();
    this.journal?.close(false);
    const kept = this.journal === undefined ? '' : `; they stay in the journal ${this.journal.dir} for the next start`;
    this.log(`reporter: stop gave up after ${this.opts.config.stop_flush_timeout_ms} ms; ${droppedAtStop} rows not written (counted as dropped)${kept}`, 'warn');
    return { flushed: false, droppedAtStop };
  }

  /** Where decoded reports go: the report's group is looked up once, then each result. */
  private readonly ingest: ReportSink = (() => {
    let group: StatusGroup | undefined;
    let head: ReportHeader = { modid: 0, cmdid: 0, caller: 0, ts: 0 };
    return {
      header: (h: ReportHeader): void => {
        this.requestsReceived++;
        head = h;
        group = undefined;
      },
      result: (ip: number, port: number, succ: number, err: number, overload: boolean): void => {
        group ??= this.coalescer.group(head.modid, head.cmdid, head.caller);
        this.coalescer.addTo(group, head.modid, head.cmdid, head.caller, ip, port, succ, err, overload, head.ts);
      },
      refused: (): void => {
        this.resultsRefused++;
      },
    };
  })();

  private armFlush(): void {
    this.flushTimer = this.scheduler.setTimeout(() => {
      this.flushTimer = undefined;
      // A batch stuck on a hung node counts as failing from its start, without waiting for its end.
      const stuck = this.stuckWrites();
      if (stuck !== undefined) this.aside.failed(stuck.why, stuck.since);
      this.aside.check();
      this.journal?.tick();
      this.writer.flush();
      this.logIntervalNews();
      if (this.stopping === undefined) this.armFlush();
    }, flushIntervalMs(this.opts.config));
  }

  private onStepAside(aside: boolean, reason: string): void {
    if (this.stopping !== undefined) return;
    if (aside) {
      const agents = this.server.connectionCount;
      this.log(`reporter ${reason}; closed ${agents} agent connections and the port`, 'warn');
      void this.server.pause();
    } else {
      this.log(`reporter: ${reason}`);
      this.server.resume().catch((err: unknown) => this.log(`reporter: cannot listen again: ${errorLine(err)}`, 'error'));
    }
  }

  private logIntervalNews(): void {
    const dropped = this.coalescer.rowsDropped;
    const failed = this.writer.batchesFailed;
    const refused = this.resultsRefused;
    if (refused > this.logged.refused) {
      this.log(`reporter: refused ${refused - this.logged.refused} results for hosts that cannot exist (ip 0, port 0 or over 65535); the rest of their reports kept`, 'warn');
    }
    if (dropped > this.logged.dropped) {
      this.log(`reporter: dropped ${dropped - this.logged.dropped} oldest pending rows over max_pending_rows (${this.opts.config.max_pending_rows})`, 'warn');
    }
    if (failed > this.logged.failed) {
      const codes = Object.entries(this.writer.errorsByCode).map(([c, n]) => `${c}×${n}`).join(', ');
      this.log(`reporter: ${failed - this.logged.failed} batch writes failed, retrying with backoff (total by code: ${codes}); ${this.coalescer.size} rows pending`, 'warn');
    }
    this.logged = { dropped, failed, refused };
  }
}
