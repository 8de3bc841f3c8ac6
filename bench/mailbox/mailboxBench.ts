/**
 * Mailbox throughput between two worker threads:
 *   tells/s one way, batched per event-loop turn vs one postMessage each;
 *   ask round trips/s, one in flight (latency-bound) and pipelined.
 *
 *   node dist/bench/mailbox/mailboxBench.js [--tells N] [--asks N] [--concurrency N] [--capacity N] [--rounds N] [--json]
 *
 * --json: one JSON line on stdout instead of the text lines (bench/run-all.ts reads it).
 *
 * Prints one line per figure; best of `rounds` runs after a warm-up.
 */
import { cpus } from 'node:os';
import { MessageChannel, Worker } from 'node:worker_threads';
import { siblingModule } from '../../runtime/actors/moduleUrl.js';
import { errorLine, isUserError } from '../../runtime/errors.js';
import { intFlag, parseFlags } from '../../tools/cli/args.js';
import type { BenchMode, Measurement, RunRequest } from './benchProtocol.js';

const WORKER = new URL(siblingModule(import.meta.url, './benchWorker'));

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), { tells: { type: 'string' }, asks: { type: 'string' }, concurrency: { type: 'string' }, capacity: { type: 'string' }, rounds: { type: 'string' }, json: { type: 'boolean' } });
  const json = flags.values['json'] === true;
  const tells = intFlag(flags, 'tells', 2_000_000, 1, 1e9);
  const asks = intFlag(flags, 'asks', 200_000, 1, 1e9);
  const concurrency = intFlag(flags, 'concurrency', 256, 1, 65_536);
  const capacity = intFlag(flags, 'capacity', 65_536, 16, 16_777_216);
  const rounds = intFlag(flags, 'rounds', 3, 1, 100);

  const { port1, port2 } = new MessageChannel();
  const consumer = new Worker(WORKER, { workerData: { role: 'consumer', port: port2, capacity }, transferList: [port2] });
  const producer = new Worker(WORKER, { workerData: { role: 'producer', port: port1, capacity }, transferList: [port1] });
  let failed: (err: Error) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  producer.on('error', (err) => failed(err));
  consumer.on('error', (err) => failed(err));
  const measure = (req: RunRequest): Promise<Measurement> =>
    Promise.race([
      failure,
      new Promise<Measurement>((resolve) => {
        producer.once('message', resolve);
        producer.postMessage(req);
      }),
    ]);
  const best = async (mode: BenchMode, count: number): Promise<number> => {
    await measure({ mode, count: Math.max(1, Math.floor(count / 10)), concurrency }); // warm-up
    let top = 0;
    for (let i = 0; i < rounds; i++) {
      const m = await measure({ mode, count, concurrency });
      if (m.dropped > 0) throw new Error(`${mode}: ${m.dropped} dropped`);
      top = Math.max(top, m.ops / (m.elapsedMs / 1000));
    }
    return top;
  };
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

  const figures: Record<string, number> = {};
  const log = json ? (): void => undefined : (text: string): void => console.log(text);
  log(`mailbox bench: node ${process.version}, ${cpus().length} cpu (${cpus()[0]?.model ?? '?'}), capacity ${capacity}, best of ${rounds}`);
  const line = (key: string, label: string, value: number): void => {
    figures[key] = Math.round(value);
    log(`${label.padEnd(46)}${fmt(value).padStart(12)}`);
  };
  line('tellsBatched', 'tells/s batched (one postMessage per turn)', await best('tell-batched', tells));
  line('tellsUnbatched', 'tells/s unbatched (one postMessage each)', await best('tell-unbatched', Math.min(tells, 300_000)));
  line('asksPipelined', `asks/s pipelined (${concurrency} in flight)`, await best('ask-pipelined', asks));
  line('asksSequential', 'asks/s sequential (1 in flight, latency)', await best('ask-sequential', Math.min(asks, 20_000)));
  if (json) console.log(JSON.stringify({ bench: 'mailbox', concurrency, ...figures }));
  await Promise.all([producer.terminate(), consumer.terminate()]);
}

main().catch((err: unknown) => {
  process.stderr.write(`mailbox bench: ${isUserError(err) ? errorLine(err) : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = isUserError(err) ? 2 : 1;
});
