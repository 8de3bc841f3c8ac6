/**
 * A Node script run as its own process, its stdout and stderr collected so
 * the caller can await the line that says it is ready (a port, "started")
 * instead of sleeping. One implementation for the benchmarks and the tests
 * (bench/ cannot import from test/, so it lives here, as freePorts.ts does).
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface WatchedProcessOptions {
  cwd?: string;
  /** Laid over this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** 'pipe' lets a child notice that its parent died (its stdin ends). */
  stdin?: 'ignore' | 'pipe';
  /** stdout and stderr on one pipe (joined by the shell), so the order read is the order written. */
  oneStream?: boolean;
  /** Copy the child's stderr to ours as well: a benchmark shows what its servers warn about. */
  echoStderr?: boolean;
  /**
   * Variables the child must not have, removed by `env -u` at its exec: a test
   * runner that patches spawn (tap puts its NODE_OPTIONS back) cannot re-add them.
   */
  unsetEnv?: string[];
}

export type OutputWaitFailure = 'timeout' | 'exited';

/** A line awaited with waitFor() never came; the message carries the output so far. */
export class OutputWaitError extends Error {
  readonly code = 'OUTPUT_WAIT_FAILED';
  constructor(
    readonly reason: OutputWaitFailure,
    readonly pattern: RegExp,
    output: string,
    detail: string,
  ) {
    super(`no ${pattern} in output (${detail}):\n${output}`);
    this.name = 'OutputWaitError';
  }
}

interface Watcher {
  re: RegExp;
  resolve: (m: RegExpMatchArray) => void;
  reject: (e: OutputWaitError) => void;
}

export class WatchedProcess {
  readonly child: ChildProcess;
  /** Settles once the process has exited and its output is read to the end. */
  readonly exited: Promise<number | null>;
  private out = '';
  private closed = false;
  private watchers: Watcher[] = [];

  /** Runs `node …args`. */
  constructor(args: string[], options: WatchedProcessOptions = {}) {
    const env = options.env === undefined ? process.env : { ...process.env, ...options.env };
    const stdio = [options.stdin ?? 'ignore', 'pipe', options.oneStream ? 'inherit' : 'pipe'] as const;
    this.child = options.oneStream
      ? spawn('sh', ['-c', 'exec "$0" "$@" 2>&1', process.execPath, ...args], { cwd: options.cwd, env, stdio: [...stdio] })
      : options.unsetEnv?.length
        ? spawn('env', [...options.unsetEnv.flatMap((v) => ['-u', v]), process.execPath, ...args], { cwd: options.cwd, env, stdio: [...stdio] })
        : spawn(process.execPath, args, { cwd: options.cwd, env, stdio: [...stdio] });
    const onData = (d: Buffer): void => {
      this.out += d.toString();
      this.watchers = this.watchers.filter((w) => {
        const m = this.out.match(w.re);
        if (m) w.resolve(m);
        return !m;
      });
    };
    this.child.stdout?.on('data', onData);
    this.child.stderr?.on('data', (d: Buffer) => {
      onData(d);
      if (options.echoStderr) process.stderr.write(d);
    });
    // 'close', not 'exit': by then every byte the child wrote has been read.
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code) => {
        this.closed = true;
        for (const w of this.watchers) w.reject(new OutputWaitError('exited', w.re, this.out, `exited with ${code}`));
        this.watchers = [];
        resolve(code);
      });
      this.child.on('error', (e) => {
        this.out += `${e.message}\n`;
      });
    });
  }

  get output(): string {
    return this.out;
  }

  /** The output as lines, without empty ones. */
  lines(): string[] {
    return this.out.split('\n').filter((l) => l !== '');
  }

  /** Resolves with the first match of `re` in the output so far or to come. */
  waitFor(re: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    const m = this.out.match(re);
    if (m) return Promise.resolve(m);
    if (this.closed) return Promise.reject(new OutputWaitError('exited', re, this.out, `exited with ${this.child.exitCode}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.watchers = this.watchers.filter((w) => w !== watcher);
        reject(new OutputWaitError('timeout', re, this.out, `after ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      const watcher: Watcher = {
        re,
        resolve: (found) => {
          clearTimeout(timer);
          resolve(found);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.watchers.push(watcher);
    });
  }

  /** Graceful stop (SIGTERM); resolves to the exit code. */
  stop(): Promise<number | null> {
    if (this.running()) this.child.kill('SIGTERM');
    return this.exited;
  }

  kill(): void {
    if (this.running()) this.child.kill('SIGKILL');
  }

  private running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
}

export interface ChildServer {
  process: WatchedProcess;
  port: number;
}

/**
 * Starts `node …args` and waits for `ready`, whose first group is the port it
 * listens on; a server that is not ready in time is killed. `echoStderr` for
 * servers that only write there when something is wrong (not a supervisor,
 * which logs every step there).
 */
export async function startChildServer(args: string[], ready: RegExp, { timeoutMs = 15_000, echoStderr = false } = {}): Promise<ChildServer> {
  const p = new WatchedProcess(args, { echoStderr });
  try {
    return { process: p, port: Number((await p.waitFor(ready, timeoutMs))[1]) };
  } catch (e) {
    p.kill();
    throw e;
  }
}
