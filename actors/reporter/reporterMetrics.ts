/**
 * The reporter's figures as one plain object (clonable across a worker
 * boundary; the admin endpoint turns it into Prometheus text). Counters
 * only grow; `rows*Pending`, `rowsInFlight`, `batchesInFlight`,
 * `connections`, `backingOff` and `rowsAccepted` are levels.
 *
 * Identities that hold at every moment:
 *   resultsReceived = rowsAccepted + resultsCoalesced
 *   rowsAccepted    = rowsWritten + rowsDropped + rowsPending + rowsInFlight
 * so once drained, rowsAccepted = rowsWritten + rowsDropped exactly.
 */
import type { CounterSnapshot } from '../../runtime/reactor/reactorCounters.js';
import type { HistogramSnapshot } from '../../runtime/stats/bucketHistogram.js';
import type { Coalescer } from './coalescer.js';
import type { StatusWriter } from './statusWriter.js';
import type { ReportJournal } from './journal/reportJournal.js';

export interface ReporterMetrics {
  /** ReportStatusRequest frames decoded. */
  requestsReceived: number;
  /** HostCallResult entries in them. */
  resultsReceived: number;
  /** Results for a host that cannot exist (ip 0, port 0 or over 65535): bad input, not in resultsReceived. */
  resultsRefused: number;
  /** Results that replaced a pending value of the same key (never a row of their own). */
  resultsCoalesced: number;
  /** Results that became a row to write. */
  rowsAccepted: number;
  rowsPending: number;
  rowsInFlight: number;
  rowsWritten: number;
  /** rowsDroppedOverflow + rowsDroppedAtStop. */
  rowsDropped: number;
  /** Oldest pending rows dropped past max_pending_rows. */
  rowsDroppedOverflow: number;
  /** Rows still pending or in flight when a stop gave up waiting. */
  rowsDroppedAtStop: number;
  batchesWritten: number;
  batchesInFlight: number;
  /** Failed batch attempts, database and worker failures alike (each batch is retried). */
  dbErrors: number;
  /** dbErrors by code: STORE_UNAVAILABLE, STORE_NO_SCHEMA, …, WORKER_FAILED. */
  dbErrorsByCode: Record<string, number>;
  /** Batches lost to a write worker that threw or died (retried; included in dbErrors). */
  workerFailures: number;
  /** Workers that died between batches (nothing to retry). */
  idleWorkerErrors: number;
  /** Backoff rounds that resent put-back rows. */
  retries: number;
  /** Conflicts the store retried inside batches that then committed (not in dbErrors, not degraded). */
  dbConflicts: number;
  /** Times a write worker's store moved to another node of its host list (each logged). */
  storeFailovers: number;
  backingOff: boolean;
  batchLatencyMs: HistogramSnapshot;
  connections: number;
  reactor: CounterSnapshot;
  /** Bytes of the journal's segments on disk (a level). */
  journalBytes: number;
  journalSegments: number;
  /** Results read back from the journal at start. */
  journalReplayedRows: number;
  /** Records dropped at replay: cut short or failing their CRC (with what followed them in the segment). */
  journalTornRecords: number;
  journalWriteErrors: number;
  journalFsyncs: number;
  journalSegmentsTrimmed: number;
}

export interface MetricsSources {
  requestsReceived: number;
  resultsRefused: number;
  idleWorkerErrors: number;
  storeFailovers: number;
  coalescer: Coalescer;
  writer: StatusWriter;
  connections: number;
  reactor: CounterSnapshot;
  journal: ReportJournal | undefined;
  replayedRows: number;
}

export function collectMetrics(s: MetricsSources): ReporterMetrics {
  const { coalescer: c, writer: w } = s;
  return {
    requestsReceived: s.requestsReceived,
    resultsRefused: s.resultsRefused,
    resultsReceived: c.resultsReceived,
    resultsCoalesced: c.resultsCoalesced,
    rowsAccepted: c.rowsAccepted,
    rowsPending: c.size,
    rowsInFlight: w.rowsInFlight,
    rowsWritten: w.rowsWritten,
    rowsDropped: c.rowsDropped + w.rowsDroppedAtStop,
    rowsDroppedOverflow: c.rowsDropped,
    rowsDroppedAtStop: w.rowsDroppedAtStop,
    batchesWritten: w.batchesWritten,
    batchesInFlight: w.batchesInFlight,
    dbErrors: w.batchesFailed,
    dbErrorsByCode: { ...w.errorsByCode },
    workerFailures: w.errorsByCode['WORKER_FAILED'] ?? 0,
    idleWorkerErrors: s.idleWorkerErrors,
    retries: w.retries,
    dbConflicts: w.dbConflicts,
    storeFailovers: s.storeFailovers,
    backingOff: w.backingOff,
    batchLatencyMs: w.latency.snapshot(),
    connections: s.connections,
    reactor: s.reactor,
    journalBytes: s.journal?.bytes ?? 0,
    journalSegments: s.journal?.segmentCount ?? 0,
    journalReplayedRows: s.replayedRows,
    journalTornRecords: s.journal?.tornRecords ?? 0,
    journalWriteErrors: s.journal?.writeErrors ?? 0,
    journalFsyncs: s.journal?.fsyncs ?? 0,
    journalSegmentsTrimmed: s.journal?.segmentsTrimmed ?? 0,
  };
}
