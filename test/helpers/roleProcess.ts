/**
 * A role run as its own OS process from dist/ (`node dist/supervisor.js`),
 * as in production. Output is collected so tests can await log lines
 * (ports, "routes loaded") instead of sleeping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';

export const SUPERVISOR_JS = fileURLToPath(new URL('../../dist/supervisor.js', import.meta.url));

export class RoleProcess {
  private out = '';
  private watchers: Array<{ re: RegExp; resolve: (m: RegExpMatchArray) => void }> = [];
  readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    /** The --conf directory: rewrite a file here, then reload() to apply it. */
    readonly confDir: string,
  ) {
    const onData = (d: Buffer): void => {
      this.out += d.toString();
      this.watchers = this.watchers.filter((w) => {
        const m = this.out.match(w.re);
        if (m) w.resolve(m);
        return !m;
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    this.exited = new Promise((r) => child.on('exit', (code) => r(code)));
  }

  /** Starts `--role ROLE` with a conf dir holding `files` (name → ini text). */
  static start(t: Test, role: string, files: Record<string, string>, extraArgs: string[] = []): RoleProcess {
    const conf = mkdtempSync(join(tmpdir(), `lars-${role}-`));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(conf, name), text);
    const child = spawn(process.execPath, [SUPERVISOR_JS, '--role', role, '--conf', conf, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
    const p = new RoleProcess(child, conf);
    t.teardown(() => p.kill());
    return p;
  }

  get output(): string {
    return this.out;
  }

  /** Resolves with the first match of `re` in the output so far or to come. */
  waitFor(re: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    const m = this.out.match(re);
    if (m) return Promise.resolve(m);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${re} in output after ${timeoutMs} ms:\n${this.out}`)), timeoutMs);
      timer.unref();
      this.watchers.push({
        re,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  async adminPort(): Promise<number> {
    return Number((await this.waitFor(/admin http:\/\/[\d.]+:(\d+)/))[1]);
  }

  /** SIGHUP: the supervisor re-reads its config and hands reloadable keys to the actors. */
  reload(): void {
    this.child.kill('SIGHUP');
  }

  /** Graceful stop; resolves to the exit code. */
  stop(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
