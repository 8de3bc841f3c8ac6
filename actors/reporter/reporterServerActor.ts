/**
 * The `reporter-server` actor: owns the reporter's TCP listener, coalescing
 * buffer and piscina write pool (a ReporterService). A graceful stop writes
 * what is pending before the process exits; a database that keeps failing
 * shows as degraded on /healthz while the reporter keeps accepting.
 */
import { defineActor } from '../../runtime/actors/actorDefinition.js';
import { StartupError, errorLine } from '../../runtime/errors.js';
import type { Message } from '../../runtime/mailbox/message.js';
import { openStore } from '../../store/openStore.js';
import type { Store } from '../../store/store.js';
import type { ReporterConfig } from './reporterConfig.js';
import { ReporterService } from './reporterService.js';
import { JournalError } from './journal/journalError.js';
import { StoreProbe } from './storeProbe.js';

export interface ReporterServerArgs {
  config: ReporterConfig;
  storeUrl: string;
}

interface State {
  service: ReporterService;
  store: Store;
  probe: StoreProbe;
}

export default defineActor<ReporterServerArgs, State, Message>({
  async start(args, ctx) {
    // A store URL that cannot even be opened (an SQLite path that does not exist) will not get better: fail the start.
    const cfg = args.config;
    const store = await openStore(args.storeUrl, { createIfMissing: false, poolSize: 1, queryTimeoutMs: cfg.store_query_timeout_ms, connectTimeoutMs: cfg.store_connect_timeout_ms }).catch((err: unknown) => {
      throw new StartupError(errorLine(err));
    });
    const probe = new StoreProbe(store, store.displayUrl, (line, level) => ctx.log(line, level), { stallAfterMs: cfg.store_query_timeout_ms });
    // `started` waits for this first answer (or failure): health is known from the first second.
    await probe.probe();
    const service = new ReporterService({
      config: args.config,
      storeUrl: args.storeUrl,
      maxConn: args.config.max_conn,
      maxOutBytes: args.config.max_out_bytes,
      log: (line, level) => ctx.log(line, level),
      onHandlerError: (err) => ctx.log(`handler error: ${String(err)}`, 'error'),
    });
    try {
      const addr = await service.start();
      const journal = service.journal === undefined ? 'no journal' : `journal ${service.journal.dir} (fsync ${cfg.journal_fsync})`;
      ctx.log(`accepting reports on ${addr.address}:${addr.port}, writing to ${args.storeUrl.replace(/:[^:@/]*@/, ':***@')}, ${journal}`);
    } catch (err) {
      await store.close();
      if (err instanceof JournalError) throw new StartupError(err.message);
      throw new StartupError(`cannot listen on ${args.config.ip}:${args.config.port}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    return { service, store, probe };
  },

  handle() {
    // No data-plane messages: reports arrive over TCP.
  },

  async stop(state, ctx) {
    const r = await state.service.stop();
    await state.store.close();
    if (r.flushed) ctx.log('pending rows written');
    else ctx.log(`stop bound reached: ${r.droppedAtStop} rows not written (counted as dropped)`, 'warn');
  },

  metrics(state) {
    const m = state.service.metrics();
    const counters: Record<string, number> = { ...m.reactor };
    for (const k of ['requestsReceived', 'resultsReceived', 'resultsRefused', 'resultsCoalesced', 'rowsWritten', 'rowsDropped', 'rowsDroppedOverflow', 'rowsDroppedAtStop', 'batchesWritten', 'dbErrors', 'workerFailures', 'idleWorkerErrors', 'retries', 'dbConflicts', 'storeFailovers', 'journalReplayedRows', 'journalTornRecords', 'journalWriteErrors', 'journalFsyncs', 'journalSegmentsTrimmed'] as const) counters[k] = m[k];
    const aside = state.service.aside;
    counters['stepAsides'] = aside.count;
    for (const [code, n] of Object.entries(m.dbErrorsByCode)) counters[`dbErrors_${code}`] = n;
    const gauges = { rowsAccepted: m.rowsAccepted, rowsPending: m.rowsPending, rowsInFlight: m.rowsInFlight, batchesInFlight: m.batchesInFlight, connections: m.connections, backingOff: m.backingOff ? 1 : 0, steppedAside: aside.steppedAside ? 1 : 0, journalBytes: m.journalBytes, journalSegments: m.journalSegments };
    // Health asks for metrics: probe again for the next answer (this one carries the last probe's result).
    void state.probe.probe();
    const writes =
      aside.reason !== undefined
        ? `${aside.reason}; ${m.rowsPending + m.rowsInFlight} rows waiting`
        : m.backingOff
          ? `database writes failing, ${m.rowsPending + m.rowsInFlight} rows waiting (retrying)`
          : state.service.writesStuck();
    const degraded = [state.probe.degraded, writes, state.service.journalProblem()].filter((d) => d !== undefined).join('; ');
    return { counters, gauges, histograms: { batch_latency_ms: m.batchLatencyMs }, ...(degraded === '' ? {} : { degraded }) };
  },
});

