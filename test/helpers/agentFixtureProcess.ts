/**
 * Starts agentFixtureMain.ts in a child process with the TypeScript loader
 * tap runs this test with, and resolves with its base port once it listens.
 */
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';
import { WatchedProcess } from '../../bench/watchedProcess.js';
import type { AgentFixtureOptions } from './agentFixture.js';
import { testWorkerExecArgv } from './workerExecArgv.js';

const MAIN = fileURLToPath(new URL('./agentFixtureMain.ts', import.meta.url));

export interface AgentFixtureChild {
  basePort: number;
  process: WatchedProcess;
}

export async function startAgentFixtureProcess(t: Test, options: AgentFixtureOptions = {}): Promise<AgentFixtureChild> {
  const p = new WatchedProcess([...testWorkerExecArgv, MAIN, JSON.stringify(options)], {
    // A pipe, so the fixture exits when the test process dies and its stdin ends.
    stdin: 'pipe',
    // Only the TypeScript loader (in execArgv), not tap's process tracker.
    env: { NODE_OPTIONS: '' },
  });
  t.teardown(() => {
    p.child.stdin?.end();
    void p.stop();
  });
  return { basePort: Number((await p.waitFor(/agent fixture ready base=(\d+)/))[1]), process: p };
}
