/**
 * Runs the compiled `lars` CLI (dist/, built by `npm test`'s pretest) as a
 * child process and collects its output and exit status.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';
import { WatchedProcess } from '../../bench/watchedProcess.js';

export const LARS_BIN = fileURLToPath(new URL('../../dist/tools/lars.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runLars(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LARS_BIN, ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts a long-running `lars` command; await its lines with waitFor(). Killed at teardown. */
export function startLars(t: Test, args: string[]): WatchedProcess {
  const p = new WatchedProcess([LARS_BIN, ...args]);
  t.teardown(() => p.kill());
  return p;
}
