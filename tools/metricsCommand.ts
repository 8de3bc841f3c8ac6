import type { Command } from './cli/command.js';
import { parseFlags } from './cli/args.js';
import { metricsMarkdown } from '../actors/roles/metricsTable.js';

const help = `Usage: lars metrics

Prints every metric the roles export on GET /metrics (besides prom-client's
lars_process_* and lars_nodejs_* process metrics) as a markdown table: name,
type, labels, the role/actor kinds that export it, and what it means. The
README's metrics table is this output.`;

export const command: Command = {
  name: 'metrics',
  summary: 'print every metric the roles export, with type, labels and meaning (the README table)',
  help,
  async run(argv) {
    parseFlags(argv, {});
    process.stdout.write(metricsMarkdown());
    return 0;
  },
};
