/**
 * `max_conn` against the process's open-file limit. Every accepted
 * connection holds a descriptor; past the limit accept() fails with EMFILE
 * and the server can no longer even refuse politely. At start the roles'
 * max_conn values are compared with the soft limit (Linux:
 * /proc/self/limits, read as text, no native addon); when they cannot all be
 * honoured the caller says so in one line and uses what fits.
 */
import { readFileSync } from 'node:fs';

/** Descriptors kept for everything else: workers, store connections, admin HTTP, logs. */
export const RESERVED_FDS = 128;

/** The soft "Max open files" limit, or undefined where it cannot be read (not Linux) or is unlimited. */
export function openFileLimit(read: () => string = () => readFileSync('/proc/self/limits', 'utf8')): number | undefined {
  let text: string;
  try {
    text = read();
  } catch {
    return undefined;
  }
  const m = /^Max open files\s+(\S+)/m.exec(text);
  const soft = m?.[1];
  if (soft === undefined || soft === 'unlimited') return undefined;
  const n = Number(soft);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export interface MaxConnWish {
  /** How the line names it, e.g. "dns max_conn". */
  name: string;
  value: number;
}

/**
 * Scales the wishes down (proportionally, at least 1 each) when their sum
 * plus RESERVED_FDS passes `limit`. `line` is set only when something was
 * cut, and says what and why.
 */
export function fitMaxConn(wishes: readonly MaxConnWish[], limit: number | undefined): { values: number[]; line?: string } {
  const values = wishes.map((w) => w.value);
  const total = values.reduce((a, b) => a + b, 0);
  if (limit === undefined || total === 0 || total + RESERVED_FDS <= limit) return { values };
  const room = Math.max(wishes.length, limit - RESERVED_FDS);
  const fitted = wishes.map((w) => Math.max(1, Math.floor((w.value * room) / total)));
  const wanted = wishes.map((w) => `${w.name} ${w.value}`).join(' + ');
  const used = wishes.map((w, i) => `${w.name} ${fitted[i]}`).join(', ');
  return { values: fitted, line: `open-file limit ${limit} cannot hold ${wanted} (+${RESERVED_FDS} kept for the process): using ${used}; raise \`ulimit -n\` for more` };
}
