/**
 * Process entry shared by `dist/supervisor.js` (and test harnesses that run
 * the supervisor as a real process): runs it, maps user errors to one line
 * and exit 2, and exits explicitly once done so a stray handle in an actor
 * library cannot keep a stopped process alive.
 */
import { errorLine, isUserError } from '../../runtime/errors.js';
import { runSupervisor, type SupervisorDeps } from './runSupervisor.js';
import { formatLogLine, PROCESS_SOURCE } from '../../runtime/log/logLine.js';

export function supervisorMain(argv: string[], deps: SupervisorDeps = {}): void {
  runSupervisor(argv, deps).then(
    (code) => process.exit(code),
    (err: unknown) => {
      // The flags may be what failed: the format is read off argv as best it can be.
      const format = argv.includes('--log-format=json') || argv.join(' ').includes('--log-format json') ? 'json' : 'text';
      const line = (msg: string): void => void process.stderr.write(`${formatLogLine(Date.now(), 'error', PROCESS_SOURCE, msg, format)}\n`);
      if (isUserError(err)) {
        line(errorLine(err));
        process.exit(err.exitCode);
      }
      // A bug, not a user's mistake: the stack is what a report needs.
      line(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exit(1);
    },
  );
}
