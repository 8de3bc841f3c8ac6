/**
 * Starts agentFixtureMain.ts in a child process with the TypeScript loader
 * tap runs this test with, and resolves with its base port once it listens.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';
import { WatchedProcess } from '../../bench/watchedProcess.js';
import type { AgentFixtureOptions } from './agentFixture.js';
import { testWorkerExecArgv } from './workerExecArgv.js';

/** Linux takes at most 128 KiB in one argument: bigger options travel in a file. */
const MAX_ARG_CHARS = 100_000;
const MAIN = fileURLToPath(new URL('./agentFixtureMain.ts', import.meta.url));

export interface AgentFixtureChild {
  basePort: number;
  process: WatchedProcess;
}

export async function startAgentFixtureProcess(t: Test, options: AgentFixtureOptions = {}): Promise<AgentFixtureChild> {
  let arg = JSON.stringify(options);
  if (arg.length > MAX_ARG_CHARS) {
    const dir = mkdtempSync(join(tmpdir(), 'lars-agent-fixture-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'options.json'), arg);
    arg = `@${join(dir, 'options.json')}`;
  }
  const p = new WatchedProcess([...testWorkerExecArgv, MAIN, arg], {
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
