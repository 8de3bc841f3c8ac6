/** `lars start`: the supervisor as a `lars` subcommand. */
import type { Command } from '../cli/command.js';
import { runSupervisor, SUPERVISOR_HELP } from './runSupervisor.js';

export const command: Command = {
  name: 'start',
  summary: 'run a role (dns, reporter, agent, all): actors on worker threads, supervised',
  help: SUPERVISOR_HELP,
  run: (argv) => runSupervisor(argv),
};
