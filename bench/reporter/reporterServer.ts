/**
 * The reporter service alone in a process, for the benchmark: forked by
 * reporterBench.ts with IPC. Answers {type:'metrics'} with its metrics and
 * {type:'stop'} with its StopResult, then exits.
 *
 *   node dist/bench/reporter/reporterServer.js --store mysql://… [--threads 2] [--batch-rows 1000]
 *        [--journal off|never|interval|always] [--journal-dir DIR (default: a fresh temp dir)]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { reporterDefaults } from '../../actors/reporter/reporterConfig.js';
import { ReporterService } from '../../actors/reporter/reporterService.js';

const { values } = parseArgs({
  options: {
    store: { type: 'string' },
    threads: { type: 'string', default: String(reporterDefaults().db_thread_cnt) },
    'batch-rows': { type: 'string', default: String(reporterDefaults().batch_rows) },
    'max-pending': { type: 'string', default: String(reporterDefaults().max_pending_rows) },
    /** off, or a journal_fsync policy (never, interval, always). */
    journal: { type: 'string', default: reporterDefaults().journal_fsync },
    'journal-dir': { type: 'string' },
  },
});
if (values.store === undefined) throw new Error('--store is required');

// A temp dir of our own is removed at stop; a given one is left as it is.
const ownDir = values.journal !== 'off' && values['journal-dir'] === undefined;
const journalDir = values['journal-dir'] ?? mkdtempSync(join(tmpdir(), 'lars-bench-journal-'));
const service = new ReporterService({
  config: {
    ...reporterDefaults(),
    port: 0,
    db_thread_cnt: Number(values.threads),
    batch_rows: Number(values['batch-rows']),
    max_pending_rows: Number(values['max-pending']),
    journal_dir: values.journal === 'off' ? '' : journalDir,
    journal_fsync: values.journal === 'off' ? reporterDefaults().journal_fsync : values.journal,
  },
  storeUrl: values.store,
  maxConn: 10_000,
  maxOutBytes: 4 << 20,
  log: (line) => process.stderr.write(`${line}\n`),
});
const { port } = await service.start();
const cpuAtStart = process.cpuUsage();

process.on('message', (msg: { type: string }) => {
  if (msg.type === 'metrics') {
    const cpu = process.cpuUsage(cpuAtStart);
    process.send?.({ type: 'metrics', metrics: service.metrics(), cpuMs: (cpu.user + cpu.system) / 1000, mainThreadMs: performance.eventLoopUtilization().active });
  } else if (msg.type === 'stop') {
    void service.stop().then((result) => {
      if (ownDir) rmSync(journalDir, { recursive: true, force: true });
      process.send?.({ type: 'stopped', result }, () => process.exit(0));
    });
  }
});
process.send?.({ type: 'listening', port });
