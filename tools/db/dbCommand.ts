/** `lars db init`: create the schema (idempotent). */
import type { Command } from '../cli/command.js';
import { parseFlags } from '../cli/args.js';
import { EXIT_OK, EXIT_STATUS_HELP, STORE_FLAG_HELP, printLine, subcommand, withStore } from './storeCli.js';

const help = `Usage: lars db init [--store URL]

Create the Lars tables (RouteData, RouteVersion with row (1, 0), RouteChange,
ServerCallStatus) where missing, and upgrade older ones in place (one line
"upgraded: STEP" per change; a database made by the original Lars works too).
Safe to run again: existing data is kept. On MySQL the database named in the
URL is created too when missing.

Flags:
${STORE_FLAG_HELP}

${EXIT_STATUS_HELP}`;

export const command: Command = {
  name: 'db',
  summary: 'create the route/status schema in a store (lars db init)',
  help,
  async run(argv) {
    const flags = parseFlags(argv, { store: { type: 'string' } }, true);
    subcommand(flags, ['init'], 'db');
    return withStore(flags, true, async (store) => {
      const upgraded = await store.init();
      for (const step of upgraded) printLine(`upgraded: ${step}`);
      printLine(`schema ready in ${store.displayUrl} (route version ${await store.getVersion()})`);
      return EXIT_OK;
    });
  },
};
