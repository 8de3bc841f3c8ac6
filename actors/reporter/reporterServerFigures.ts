/** The reporter's figures as metrics: results in, rows written or dropped, the journal, the write workers. */
import { counter, family, figureTable, gauge, msHistogram } from '../../runtime/admin/figureTable.js';
import { reactorFigures } from '../../runtime/reactor/reactorFigures.js';

const journal = (metric: string, help: string): ReturnType<typeof counter> => counter(`lars_reporter_journal_${metric}_total`, help);

export const reporterServerFigures = figureTable(
  reactorFigures,
  {
    requestsReceived: counter('lars_reporter_requests_total', 'ReportStatusRequest frames decoded'),
    resultsReceived: counter('lars_reporter_results_total', 'host call results received'),
    resultsRefused: counter('lars_reporter_results_refused_total', 'results for a host that cannot exist (ip 0, port 0 or over 65535)'),
    resultsCoalesced: counter('lars_reporter_results_coalesced_total', 'results that replaced a pending value of the same key'),
    rowsWritten: counter('lars_reporter_rows_written_total', 'status rows written to the store'),
    rowsDropped: counter('lars_reporter_rows_dropped_total', 'status rows dropped, for any cause (overflow and at stop)'),
    rowsDroppedOverflow: counter('lars_reporter_rows_dropped_overflow_total', 'oldest pending rows dropped past max_pending_rows'),
    rowsDroppedAtStop: counter('lars_reporter_rows_dropped_at_stop_total', 'rows still pending or in flight when a stop gave up waiting'),
    batchesWritten: counter('lars_reporter_batches_written_total', 'row batches committed to the store'),
    dbErrors: counter('lars_reporter_batch_errors_total', 'failed batch attempts, database and worker failures alike (each batch is retried)'),
    workerFailures: counter('lars_reporter_worker_failures_total', 'batches lost to a write worker that threw or died (retried)'),
    idleWorkerErrors: counter('lars_reporter_idle_worker_errors_total', 'write workers that died between batches'),
    retries: counter('lars_reporter_retries_total', 'backoff rounds that resent put-back rows'),
    dbConflicts: counter('lars_store_conflicts_total', 'store transactions that lost a race (deadlock, lock wait, Galera certification) and were run again'),
    storeFailovers: counter('lars_store_failovers_total', 'moves to another host of the store URL list'),
    stepAsides: counter('lars_reporter_step_asides_total', 'times the reporter stepped aside (closed its port) because writes kept failing'),
    journalReplayedRows: journal('replayed_rows', 'results read back from the journal at start'),
    journalTornRecords: journal('torn_records', 'journal records dropped at replay (cut short or failing their CRC)'),
    journalWriteErrors: journal('write_errors', 'journal writes that failed'),
    journalFsyncs: journal('fsyncs', 'journal fsyncs'),
    journalSegmentsTrimmed: journal('segments_trimmed', 'journal segments removed once their rows were written'),
    rowsAccepted: gauge('lars_reporter_rows_accepted', 'results that became a row to write, since start'),
    rowsPending: gauge('lars_reporter_rows_pending', 'rows waiting for a batch'),
    rowsInFlight: gauge('lars_reporter_rows_in_flight', 'rows in batches being written'),
    batchesInFlight: gauge('lars_reporter_batches_in_flight', 'batches being written'),
    connections: gauge('lars_reporter_connections', 'agent connections open to this reporter'),
    backingOff: gauge('lars_reporter_backing_off', '1 while writes fail and the reporter retries with backoff, else 0'),
    steppedAside: gauge('lars_reporter_stepped_aside', '1 while the reporter has stepped aside (port closed), else 0'),
    journalBytes: gauge('lars_reporter_journal_bytes', 'bytes of the journal segments on disk'),
    journalSegments: gauge('lars_reporter_journal_segments', 'journal segments on disk'),
    batch_latency_ms: msHistogram('lars_reporter_batch_write_seconds', 'time to write one batch of rows to the store'),
  },
  { figures: {}, families: [family('dbErrors_', 'code', counter('lars_reporter_batch_errors_by_code_total', 'failed batch attempts by error code (STORE_UNAVAILABLE, WORKER_FAILED, ...)'))] },
);
