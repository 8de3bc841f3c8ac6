/**
 * The agent's getHost+report throughput of two builds or placements side by
 * side in one run (issue 23: no throughput lost to placement): each variant
 * runs `--role all` (SQLite, demo routes) and bench/agent/agentCallers
 * against its agent ports with --agent-pid, the variants alternating,
 * `--rounds` times.
 *
 *   node dist/bench/agent/agentSideBySide.js [--callers 1,10,100] [--seconds 3] [--rounds 2]
 *        [--variant name=DIR|this[:INI_LINE;INI_LINE]]...   (default: this, and this with own_threads = on)
 *
 * DIR is another checkout (its dist/supervisor.js); INI_LINEs go into every role's file.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineLine, markdownTable } from '../benchResults.js';
import { startSystem } from '../benchSystem.js';

const { values } = parseArgs({
  options: {
    callers: { type: 'string', default: '1,10,100' },
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '2' },
    variant: { type: 'string', multiple: true, default: ['this', 'own=this:[supervisor];own_threads = on'] },
  },
});

interface Variant {
  name: string;
  supervisorJs: string | undefined;
  iniLines: string | undefined;
}

function parseVariant(v: string): Variant {
  const [head = '', ini] = v.split(/:(.*)/s, 2);
  const [name = head, where = head] = head.includes('=') ? head.split('=', 2) : [head, head];
  return { name, supervisorJs: where === 'this' ? undefined : join(where, 'dist', 'supervisor.js'), iniLines: ini?.split(';').join('\n') };
}

interface Level {
  callers: number;
  pairsPerSecond: number;
  p99Ms: number;
  agentCpuUsPerPair: number | null;
}

function callersRun(basePort: number, pid: number): Promise<Level[]> {
  const js = fileURLToPath(new URL('./agentCallers.js', import.meta.url));
  const args = [js, '--json', '--base-port', String(basePort), '--callers', values.callers, '--keys', '2', '--seconds', values.seconds, '--warmup', '0.5', '--agent-pid', String(pid)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve((JSON.parse(out.trim().split('\n').at(-1) ?? '') as { levels: Level[] }).levels);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}

const variants = values.variant.map(parseVariant);
const rows: Array<Array<string | number>> = [];
for (let round = 1; round <= Number(values.rounds); round++) {
  for (const v of variants) {
    const system = await startSystem(undefined, { ...(v.supervisorJs ? { supervisorJs: v.supervisorJs } : {}), ...(v.iniLines ? { iniLines: v.iniLines } : {}) });
    try {
      for (const l of await callersRun(system.basePort, system.pid)) {
        process.stderr.write(`${v.name} round ${round}: ${l.callers} callers ${l.pairsPerSecond} pairs/s, ${l.agentCpuUsPerPair ?? '?'} µs agent CPU/pair\n`);
        rows.push([v.name, round, l.callers, l.pairsPerSecond, l.p99Ms.toFixed(3), l.agentCpuUsPerPair ?? 'n/a']);
      }
    } finally {
      await system.stop();
    }
  }
}
console.log(`${machineLine()}\n${values.seconds} s per level, --role all on SQLite, 2 keys\n\n${markdownTable(['variant', 'round', 'callers', 'pairs/s', 'p99 ms', 'agent CPU µs/pair (all threads)'], rows)}`);
