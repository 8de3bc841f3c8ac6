/**
 * The API benchmark: N independent clients (each its own LarsClient and
 * sockets, like N application processes), each looping getHost → report
 * with one call in flight. Measures getHost+report pairs per second and the
 * getHost round trip.
 */
import { build, type Histogram } from 'hdr-histogram-js';
import { LarsClient, LarsError, LARS_CALL_ERROR_CODES, type LarsCallErrorCode } from '../../client/index.js';
import { callErrorCode } from '../../client/clientStats.js';

export interface ApiBenchOptions {
  clients: number;
  seconds: number;
  modid: number;
  cmdid: number;
  host: string;
  basePort: number;
  timeoutMs: number;
  /** Called once a second with the pairs done in that second. */
  onSecond?: (second: number, pairs: number) => void;
}

export interface ApiBenchResult {
  clients: number;
  seconds: number;
  pairs: number;
  pairsPerSecond: number;
  /** getHost round trip of answered calls, in ms. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: Record<LarsCallErrorCode, number>;
  lateReplies: number;
}

export async function runApiBench(o: ApiBenchOptions): Promise<ApiBenchResult> {
  // Microseconds, up to a minute, 3 significant digits.
  const hist: Histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const errors = Object.fromEntries(LARS_CALL_ERROR_CODES.map((c) => [c, 0])) as Record<LarsCallErrorCode, number>;
  const clients = Array.from({ length: o.clients }, () => new LarsClient({ host: o.host, basePort: o.basePort, timeoutMs: o.timeoutMs }));
  let pairs = 0;
  let running = true;
  const started = performance.now();
  const deadline = started + o.seconds * 1000;

  let lastPairs = 0;
  let second = 0;
  const ticker = setInterval(() => {
    second++;
    o.onSecond?.(second, pairs - lastPairs);
    lastPairs = pairs;
  }, 1000);

  const loop = async (client: LarsClient): Promise<void> => {
    while (running) {
      const t0 = performance.now();
      try {
        const host = await client.getHost(o.modid, o.cmdid);
        hist.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
        client.report(o.modid, o.cmdid, host, 'success');
        pairs++;
      } catch (err) {
        if (!(err instanceof LarsError)) throw err;
        errors[callErrorCode(err.code)]++;
        // Errors come back fast (OVERLOAD, refusal): yield so timers still run.
        await new Promise((r) => setImmediate(r));
      }
      if (performance.now() >= deadline) running = false;
    }
  };
  try {
    await Promise.all(clients.map(loop));
  } finally {
    clearInterval(ticker);
  }
  const elapsed = (performance.now() - started) / 1000;
  const lateReplies = clients.reduce((n, c) => n + c.stats().lateReplies, 0);
  await Promise.all(clients.map((c) => c.close()));
  const ms = (us: number): number => Math.round(us) / 1000;
  return {
    clients: o.clients,
    seconds: Number(elapsed.toFixed(2)),
    pairs,
    pairsPerSecond: Math.round(pairs / elapsed),
    p50Ms: ms(hist.getValueAtPercentile(50)),
    p99Ms: ms(hist.getValueAtPercentile(99)),
    maxMs: ms(hist.maxValue),
    errors,
    lateReplies,
  };
}
