import type { Command } from '../cli/command.js';
import { boolFlag, intFlag, parseFlags, stringFlag } from '../cli/args.js';
import { StartupError } from '../../runtime/errors.js';
import { runQpsClient } from './qpsClient.js';

const help = `Usage: lars qps-client [--host 127.0.0.1] [--port 7777] [--conns 10] [--seconds 5] [--json]

Drives an echo server (ours or any wire-compatible one, such as the C++
original's qps_test server) with N connections, one request in flight on each,
and checks every reply. Prints replies per second while it runs, then the total.

  --host ADDR    server address (default 127.0.0.1)
  --port PORT    server port (default 7777)
  --conns N      concurrent connections (default 10)
  --seconds S    how long to run (default 5)
  --json         print one JSON object instead of text`;

export const command: Command = {
  name: 'qps-client',
  summary: 'drive an echo server and print qps',
  help,
  async run(argv) {
    const flags = parseFlags(argv, { host: { type: 'string' }, port: { type: 'string' }, conns: { type: 'string' }, seconds: { type: 'string' }, json: { type: 'boolean' } });
    const json = boolFlag(flags, 'json');
    const opts = {
      host: stringFlag(flags, 'host', '127.0.0.1'),
      port: intFlag(flags, 'port', 7777, 1, 65535),
      conns: intFlag(flags, 'conns', 10, 1, 10_000),
      seconds: intFlag(flags, 'seconds', 5, 1, 3600),
    };
    const result = await runQpsClient({
      ...opts,
      onProgress: json ? undefined : (s, n) => process.stderr.write(`  ${s}s  ${n} replies/s\n`),
    }).catch((err: unknown) => {
      throw new StartupError((err as Error).message);
    });
    const errorCount = result.errors.mismatch + result.errors.badLength + result.errors.closed;
    if (json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      process.stdout.write(
        `${result.conns} conns, ${result.seconds.toFixed(1)} s: ${Math.round(result.qps)} qps, ${result.replies} replies, ` +
          `errors: ${errorCount} (mismatch ${result.errors.mismatch}, bad length ${result.errors.badLength}, closed ${result.errors.closed})\n`,
      );
    }
    return errorCount === 0 ? 0 : 1;
  },
};
