/**
 * `promtool check metrics` (Debian's `prometheus` package; .ci/run installs
 * it) on a Prometheus text: the findings Prometheus's own linter has, one a
 * line. Without promtool a test skips with a message, except under CI=true,
 * where that is a failure (CI must run the linter).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Test } from 'tap';

/** The promtool on PATH; undefined when there is none. */
export function promtoolPath(): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(dir, 'promtool');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Fails (CI=true) or skips `t` when promtool is missing; the path otherwise. */
export function requirePromtool(t: Test): string | undefined {
  const found = promtoolPath();
  if (found) return found;
  const why = 'promtool is missing: apt-get install -y prometheus (.ci/run does)';
  if (process.env['CI'] === 'true') t.fail(`${why}; CI=true requires it`);
  else t.test(`promtool check skipped: ${why}`, { skip: why }, () => undefined);
  return undefined;
}

export interface PromtoolVerdict {
  exitCode: number | null;
  /** What promtool printed, a finding (or parse error) a line; empty when the text is clean. */
  findings: string[];
}

/** Runs `promtool check metrics` with `text` on its stdin. */
export function promtoolCheck(promtool: string, text: string): Promise<PromtoolVerdict> {
  return new Promise((resolve, reject) => {
    const child = spawn(promtool, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, findings: out.split('\n').filter((l) => l.trim() !== '') }));
    child.stdin.end(text);
  });
}

/** Asserts promtool finds nothing in `text` (skips or fails per requirePromtool when it is missing). */
export async function checkWithPromtool(t: Test, text: string, what: string): Promise<void> {
  const promtool = requirePromtool(t);
  if (!promtool) return;
  const verdict = await promtoolCheck(promtool, text);
  t.strictSame(verdict.findings, [], `promtool check metrics finds nothing in ${what}`);
  t.equal(verdict.exitCode, 0, `promtool check metrics exits 0 on ${what}`);
}
