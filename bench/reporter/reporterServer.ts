/**
 * The reporter service alone in a process, for the benchmark: forked by
 * reporterBench.ts with IPC. Answers {type:'metrics'} with its metrics and
 * {type:'stop'} with its StopResult, then exits.
 *
 *   node dist/bench/reporter/reporterServer.js --store mysql://… [--threads 2] [--batch-rows 1000]
 */
import { parseArgs } from 'node:util';
import { reporterDefaults } from '../../actors/reporter/reporterConfig.js';
import { ReporterService } from '../../actors/reporter/reporterService.js';

const { values } = parseArgs({
  options: {
    store: { type: 'string' },
    threads: { type: 'string', default: String(reporterDefaults().db_thread_cnt) },
    'batch-rows': { type: 'string', default: String(reporterDefaults().batch_rows) },
    'max-pending': { type: 'string', default: String(reporterDefaults().max_pending_rows) },
  },
});
if (values.store === undefined) throw new Error('--store is required');

const service = new ReporterService({
  config: {
    ...reporterDefaults(),
    port: 0,
    db_thread_cnt: Number(values.threads),
    batch_rows: Number(values['batch-rows']),
    max_pending_rows: Number(values['max-pending']),
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
      process.send?.({ type: 'stopped', result }, () => process.exit(0));
    });
  }
});
process.send?.({ type: 'listening', port });
