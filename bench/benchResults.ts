/**
 * Shared by every benchmark: a line naming the machine and run, and appending
 * a section to bench/RESULTS.md so figures keep their date and context.
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { cpus, hostname, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

export const RESULTS_PATH = fileURLToPath(new URL('../../bench/RESULTS.md', import.meta.url).href.replace('/dist/bench/', '/bench/'));

export function machineLine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown cpu';
  return `${hostname()}: ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export function markdownTable(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function recordResults(title: string, body: string): void {
  if (!existsSync(RESULTS_PATH)) writeFileSync(RESULTS_PATH, '# Benchmark results\n\nNewest sections last. Each names its date and machine.\n');
  const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  appendFileSync(RESULTS_PATH, `\n## ${title} (${stamp})\n\nMachine: ${machineLine()}\n\n${body}\n`);
}
