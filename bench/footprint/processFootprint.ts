/**
 * What a process costs while it sits idle: resident memory and thread count
 * from /proc/PID/status (Linux), read once.
 */
import { readFileSync } from 'node:fs';

export interface ProcessFootprint {
  rssMiB: number;
  threads: number;
}

export class NoProcStatusError extends Error {
  readonly code = 'NO_PROC_STATUS';
  constructor(pid: number, field: string) {
    super(`/proc/${pid}/status has no ${field} (Linux only; has the process exited?)`);
    this.name = 'NoProcStatusError';
  }
}

function field(status: string, name: string, pid: number): number {
  const m = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status);
  if (!m) throw new NoProcStatusError(pid, name);
  return Number(m[1]);
}

export function readFootprint(pid: number): ProcessFootprint {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rssMiB: field(status, 'VmRSS', pid) / 1024, threads: field(status, 'Threads', pid) };
}
