/**
 * Process entry shared by `dist/supervisor.js` (and test harnesses that run
 * the supervisor as a real process): runs it, maps user errors to one line
 * and exit 2, and exits explicitly once done so a stray handle in an actor
 * library cannot keep a stopped process alive.
 */
import { errorLine, isUserError } from '../../runtime/errors.js';
import { runSupervisor, type SupervisorDeps } from './runSupervisor.js';

export function supervisorMain(argv: string[], deps: SupervisorDeps = {}): void {
  runSupervisor(argv, deps).then(
    (code) => process.exit(code),
    (err: unknown) => {
      if (isUserError(err)) {
        process.stderr.write(`lars: ${errorLine(err)}\n`);
        process.exit(err.exitCode);
      }
      process.stderr.write(`lars: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
