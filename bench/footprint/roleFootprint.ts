/**
 * Starts one role (or `all`) as `npm start` does (SQLite store with the demo
 * routes, free ports, admin on a free port), times it to its `started` line,
 * waits `idleMs` and reads its footprint, then stops it. `supervisorJs` may
 * name another build's dist/supervisor.js, to measure two commits side by side.
 */
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { prepareSystemDir, type SystemDir } from '../benchSystem.js';
import { WatchedProcess } from '../watchedProcess.js';
import { readFootprint, type ProcessFootprint } from './processFootprint.js';

export type FootprintRole = 'agent' | 'dns' | 'reporter' | 'all' | 'node';

export interface RoleFootprint extends ProcessFootprint {
  role: FootprintRole;
  /** From spawn to the `started` line (for `node`, to its first output). */
  toBannerMs: number;
}

const STARTED = /lars: started .*; admin /;
const CONF_FILES = ['dns.ini', 'reporter.ini', 'agent.ini', 'console.ini'];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function measureRole(role: FootprintRole, supervisorJs: string, idleMs: number): Promise<RoleFootprint> {
  return measureRoleIn(await prepareSystemDir(), role, supervisorJs, idleMs);
}

/** As measureRole, in a system directory already made (prepareSystemDir, cloneSystemDir); removes it after. */
export async function measureRoleIn(sys: SystemDir, role: FootprintRole, supervisorJs: string, idleMs: number, unsetEnv?: string[]): Promise<RoleFootprint> {
  // Each role's admin server on a free port too: several helpers share this machine.
  for (const f of CONF_FILES) {
    const path = join(sys.dir, f);
    if (!readFileSync(path, 'utf8').includes('[admin]')) appendFileSync(path, '\n[admin]\nadmin_port = 0\n');
  }
  const args =
    role === 'node'
      ? ['-e', 'console.log("up"); setInterval(() => {}, 1 << 30)']
      : [supervisorJs, '--role', role, '--conf', sys.dir, '--store', sys.store];
  const t0 = performance.now();
  const p = new WatchedProcess(args, { cwd: sys.dir, ...(unsetEnv ? { unsetEnv } : {}) });
  try {
    await p.waitFor(role === 'node' ? /up/ : STARTED, 60_000);
    const toBannerMs = performance.now() - t0;
    await sleep(idleMs);
    const pid = p.child.pid;
    if (pid === undefined) throw new Error(`${role}: no pid`);
    return { role, toBannerMs, ...readFootprint(pid) };
  } finally {
    await Promise.race([p.stop(), sleep(10_000)]);
    p.kill();
    rmSync(sys.dir, { recursive: true, force: true });
  }
}
