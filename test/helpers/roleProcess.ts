/**
 * A role run as its own OS process from dist/ (`node dist/supervisor.js`),
 * as in production, with a conf dir of its own. Output is collected so tests
 * can await log lines (ports, "routes loaded") instead of sleeping.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';
import { WatchedProcess, type WatchedProcessOptions } from '../../bench/watchedProcess.js';

export const SUPERVISOR_JS = fileURLToPath(new URL('../../dist/supervisor.js', import.meta.url));

export class RoleProcess extends WatchedProcess {
  private constructor(
    args: string[],
    /** The --conf directory: rewrite a file here, then reload() to apply it. */
    readonly confDir: string,
    options?: WatchedProcessOptions,
  ) {
    super([SUPERVISOR_JS, '--conf', confDir, ...args], options);
  }

  /** Starts `--role ROLE` with a conf dir holding `files` (name → ini text); killed at teardown. */
  static start(t: Test, role: string, files: Record<string, string>, extraArgs: string[] = []): RoleProcess {
    return RoleProcess.startWith(t, files, ['--role', role, ...extraArgs], {}, role);
  }

  /** The supervisor with any arguments and spawn options (e.g. one stream for stdout and stderr). */
  static startWith(t: Test, files: Record<string, string>, args: string[], options: WatchedProcessOptions = {}, name = 'supervisor'): RoleProcess {
    const conf = mkdtempSync(join(tmpdir(), `lars-${name}-`));
    for (const [file, text] of Object.entries(files)) writeFileSync(join(conf, file), text);
    const p = new RoleProcess(args, conf, options);
    t.teardown(() => p.kill());
    return p;
  }

  async adminPort(): Promise<number> {
    return Number((await this.waitFor(/admin http:\/\/[\d.]+:(\d+)/))[1]);
  }

  /** SIGHUP: the supervisor re-reads its config and hands reloadable keys to the actors. */
  reload(): void {
    this.child.kill('SIGHUP');
  }
}
