/**
 * Lars roles as their own processes (`node dist/supervisor.js --role …`)
 * for bench/scaleout: a conf dir per role, output kept so the caller awaits
 * log lines, /metrics read from the admin port the role logs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { figureSum, parseSamples } from '../../actors/roles/roleFigures.js';

const SUPERVISOR_JS = fileURLToPath(new URL('../../supervisor.js', import.meta.url));

export class Role {
  output = '';
  readonly exited: Promise<void>;

  private constructor(readonly child: ChildProcess, private readonly confDir: string) {
    const onData = (d: Buffer): void => {
      this.output += d.toString();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static start(role: string, ini: string, extraArgs: string[] = []): Role {
    const conf = mkdtempSync(join(tmpdir(), `lars-bench-${role}-`));
    writeFileSync(join(conf, `${role}.ini`), `[admin]\nadmin_port = 0\n${ini}`);
    const child = spawn(process.execPath, [SUPERVISOR_JS, '--role', role, '--conf', conf, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    return new Role(child, conf);
  }

  /** Polls the collected output (a child's log is outside this process's events) until `re` matches. */
  async waitFor(re: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = this.output.match(re);
      if (m) return m;
      if (Date.now() > deadline || this.child.exitCode !== null) throw new Error(`no ${re} in output:\n${this.output.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async metrics(): Promise<string> {
    const port = Number((await this.waitFor(/admin http:\/\/[\d.]+:(\d+)/))[1]);
    return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
    rmSync(this.confDir, { recursive: true, force: true });
  }
}

/** A counter or gauge figure an actor reports (summed over actors), from /metrics text, read through the roles' figure tables. */
export function actorFigure(text: string, _kind: 'counter' | 'gauge', name: string): number {
  return figureSum(parseSamples(text), /./, name);
}
