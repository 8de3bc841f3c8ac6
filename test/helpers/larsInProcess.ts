/**
 * A `lars` subcommand run inside the test process, as tools/lars.ts runs it
 * (a UserError is one line on stderr and its exit status), with its output
 * captured: no child process and no Node start-up per call. Calls must not
 * overlap (they borrow process.stdout and process.stderr).
 */
import { commands } from '../../tools/cli/commands.js';
import { errorLine, isUserError } from '../../runtime/errors.js';

export interface InProcessRun {
  code: number;
  out: string;
  err: string;
}

export async function larsInProcess(...argv: string[]): Promise<InProcessRun> {
  const [name, ...rest] = argv;
  const entry = commands[name ?? ''];
  if (!entry) throw new Error(`no lars command ${String(name)}`);
  const command = await entry.load();
  let out = '';
  let err = '';
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((out += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((err += String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await command.run(rest);
    return { code, out, err };
  } catch (e) {
    if (!isUserError(e)) throw e;
    return { code: e.exitCode, out, err: `${err}lars: ${errorLine(e)}\n` };
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
  }
}
