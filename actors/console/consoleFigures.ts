/** The console's figures as metrics: its store polls, the call history it writes, edits and HTTP requests. */
import { counter, family, figureTable, gauge, type Figure } from '../../runtime/admin/figureTable.js';
import type { ConsoleCounters } from './consoleBackend.js';

const counters: Readonly<Record<keyof ConsoleCounters, Figure>> = {
  polls: counter('lars_console_store_polls_total', 'reads of routes and status from the store'),
  pollErrors: counter('lars_console_store_poll_errors_total', 'store reads that failed (the page shows the last data and its age)'),
  historyRowsWritten: counter('lars_console_history_rows_written_total', 'call history rows written to the store'),
  historyWriteErrors: counter('lars_console_history_write_errors_total', 'call history writes that failed'),
  historyRowsDropped: counter('lars_console_history_rows_dropped_total', 'call history rows dropped because too many were waiting'),
  historyRowsPruned: counter('lars_console_history_rows_pruned_total', 'call history rows pruned past history_retention'),
  edits: counter('lars_console_edits_total', 'route edits made through the console'),
  requests: counter('lars_console_requests_total', 'HTTP requests served'),
  badRequests: counter('lars_console_bad_requests_total', 'API requests refused for bad input'),
};

export const consoleFigures = figureTable(counters, {
  figures: { history_writer: gauge('lars_console_history_writer', '1 while this console is the one writing call history, else 0') },
  families: [family('http_', 'kind', counter('lars_console_http_refused_total', 'console HTTP requests refused, by kind (limits, foreign Host, other sites)'))],
});
