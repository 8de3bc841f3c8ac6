/** CPU seconds a process and its descendants used so far, from /proc/PID/stat (utime + stime, in clock ticks). */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_S = 100; // CLK_TCK on Linux x86/arm

function stat(pid: number): { ppid: number; ticks: number } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command's closing paren: state(3) ppid(4) ... utime(14) stime(15).
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined;
  }
}

export function cpuSeconds(root: number): number {
  const all = new Map<number, { ppid: number; ticks: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = stat(Number(d));
    if (s) all.set(Number(d), s);
  }
  const mine = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, s] of all) if (!mine.has(pid) && mine.has(s.ppid)) (mine.add(pid), (grew = true));
  }
  let ticks = 0;
  for (const pid of mine) ticks += all.get(pid)?.ticks ?? 0;
  return ticks / TICKS_PER_S;
}
