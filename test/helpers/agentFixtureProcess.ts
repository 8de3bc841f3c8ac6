/**
 * Starts agentFixtureMain.ts in a child process with the TypeScript loader
 * tap runs this test with, and resolves with its base port once it listens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';
import type { AgentFixtureOptions } from './agentFixture.js';
import { testWorkerExecArgv } from './workerExecArgv.js';

const MAIN = fileURLToPath(new URL('./agentFixtureMain.ts', import.meta.url));
const READY = /agent fixture ready base=(\d+)/;

export interface AgentFixtureChild {
  basePort: number;
  child: ChildProcess;
}

export function startAgentFixtureProcess(t: Test, options: AgentFixtureOptions = {}): Promise<AgentFixtureChild> {
  const child = spawn(process.execPath, [...testWorkerExecArgv, MAIN, JSON.stringify(options)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    // Only the TypeScript loader (in execArgv), not tap's process tracker.
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  t.teardown(() => {
    child.stdin?.end();
    if (child.exitCode === null) child.kill('SIGTERM');
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = out.match(READY);
      if (m) {
        child.stdout?.off('data', onData);
        resolve({ basePort: Number(m[1]), child });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`agent fixture exited ${code} before it was ready: ${out}`)));
  });
}
