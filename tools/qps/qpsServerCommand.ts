import { join } from 'node:path';
import type { Command } from '../cli/command.js';
import { intFlag, optionalString, parseFlags, stringFlag } from '../cli/args.js';
import { readIniFile } from '../../runtime/config/iniFile.js';
import { parseReactorConfig } from '../../runtime/reactor/reactorConfig.js';
import { createQpsServer } from './qpsServer.js';
import { StartupError } from '../../runtime/errors.js';

const help = `Usage: lars qps-server [--ip 127.0.0.1] [--port 7777] [--conf DIR]

Echo server of the reactor benchmark: answers qps_test.EchoMessage on msgid 1
with the same message, decoded and re-encoded. Reads [reactor] from
DIR/reactor.ini (default conf/) when it exists; flags win over the file.
Prints its counters on Ctrl-C.

  --ip ADDR     listen address (default from reactor.ini, else 127.0.0.1)
  --port PORT   listen port (default from reactor.ini, else 7777)
  --conf DIR    config directory (default ./conf)
  --max-conn N  connection cap (default from reactor.ini, else 1024)`;

export const command: Command = {
  name: 'qps-server',
  summary: 'echo server for the reactor benchmark',
  help,
  async run(argv) {
    const flags = parseFlags(argv, { ip: { type: 'string' }, port: { type: 'string' }, conf: { type: 'string' }, 'max-conn': { type: 'string' } });
    const confDir = stringFlag(flags, 'conf', 'conf');
    const file = join(confDir, 'reactor.ini');
    const overrides: Record<string, unknown> = {};
    const ip = optionalString(flags, 'ip');
    if (ip !== undefined) overrides['ip'] = ip;
    if (flags.values['port'] !== undefined) overrides['port'] = intFlag(flags, 'port', undefined, 0, 65535);
    if (flags.values['max-conn'] !== undefined) overrides['max_conn'] = intFlag(flags, 'max-conn', undefined, 1, 1_000_000);
    const cfg = parseReactorConfig(readIniFile(file, true), file, overrides);

    const server = createQpsServer(cfg);
    const addr = await server.listen().catch((err: NodeJS.ErrnoException) => {
      throw new StartupError(`cannot listen on ${cfg.ip}:${cfg.port}: ${err.code ?? err.message}`);
    });
    process.stdout.write(`qps-server listening on ${addr.address}:${addr.port}\n`);
    return new Promise<number>((resolve) => {
      const stop = (): void => {
        process.stdout.write(`${JSON.stringify(server.counters.snapshot())}\n`);
        void server.close().then(() => resolve(0));
        setTimeout(() => resolve(0), 2000).unref();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};
