/**
 * Starts a server as its own process (as it runs in production) and waits
 * for the line that says where it listens.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ChildServer {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

/** `watchStderr`: the ready line is logged on stderr (the supervisor logs there). */
export function startChildServer(args: string[], ready: RegExp, timeoutMs = 15_000, watchStderr = false): Promise<ChildServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')}: not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    child.stderr?.on('data', (d: Buffer) => {
      if (watchStderr) onOutput(d);
      else process.stderr.write(d);
    });
    let settled = false;
    const onOutput = (d: Buffer): void => {
      if (settled) return;
      out += d.toString();
      const m = ready.exec(out);
      if (m) {
        settled = true;
        clearTimeout(timer);
        resolve({
          child,
          port: Number(m[1]),
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout?.on('data', onOutput);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}`));
    });
  });
}
