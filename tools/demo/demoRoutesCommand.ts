/** `lars demo-routes`: fill an empty route table with a few demo hosts (what `npm start` runs). */
import type { Command } from '../cli/command.js';
import { boolFlag, parseFlags } from '../cli/args.js';
import { EXIT_OK, STORE_FLAG_HELP, printLine, withStore } from '../db/storeCli.js';
import { addDemoRoutes, DEMO_HOSTS } from './demoRoutes.js';

const keys = [...new Set(DEMO_HOSTS.map((h) => `${h.modid}/${h.cmdid}`))].join(', ');

const help = `Usage: lars demo-routes [--json] [--store URL]

Adds ${DEMO_HOSTS.length} demo hosts for keys ${keys} when the route table is
empty, and does nothing when it holds any host (a table you edited is never
touched). Run \`lars db init\` first.

Flags:
  --json         print one JSON object instead of text
${STORE_FLAG_HELP}

Exit status: 0 done (added or left alone), 2 bad arguments, 3 store error.`;

export const command: Command = {
  name: 'demo-routes',
  summary: 'add demo hosts for keys 1/1, 1/2 and 2/1 to an empty route table',
  help,
  async run(argv) {
    const flags = parseFlags(argv, { store: { type: 'string' }, json: { type: 'boolean' } });
    const json = boolFlag(flags, 'json');
    return withStore(flags, false, async (store) => {
      const outcome = await addDemoRoutes(store);
      if (json) printLine(JSON.stringify(outcome));
      else if ('added' in outcome) printLine(`demo routes: added ${outcome.added} hosts for keys ${keys}`);
      else printLine(`demo routes: the route table already has ${outcome.hosts} hosts; left as it is`);
      return EXIT_OK;
    });
  },
};
