/** How the simulator shows a window: a table (redrawn in place on a terminal) or one JSON line. */
import { LARS_CALL_ERROR_CODES } from '../../client/index.js';
import type { LarsCallErrorCode } from '../../client/index.js';
import type { SimulatorWindow } from './simulator.js';

const BAR_WIDTH = 20;

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function bar(share: number): string {
  const n = Math.min(BAR_WIDTH, Math.max(0, Math.round(share * BAR_WIDTH)));
  return `${'#'.repeat(n)}${'.'.repeat(BAR_WIDTH - n)}`;
}

/** `legend`: the explanation under the table; a log that is not a terminal needs it once, not every second. */
export function renderWindow(w: SimulatorWindow, title: string, legend = true): string[] {
  const width = Math.max(18, ...w.hosts.map((h) => h.host.length));
  const lines = [
    `${title}   second ${w.second}   ${w.calls} calls`,
    `  ${'host'.padEnd(width)}  ${'calls'.padStart(6)}  ${'share'.padStart(6)}  ${''.padEnd(BAR_WIDTH)}  ${'fails'.padStart(6)}  ${'fail-rate'.padStart(9)}  ${'weight'.padStart(6)}  ${'eff'.padStart(6)}  state`,
  ];
  for (const h of w.hosts) {
    const state = h.state === 'unknown' && !h.inRoute ? 'not in route' : h.state;
    lines.push(
      `  ${h.host.padEnd(width)}  ${String(h.calls).padStart(6)}  ${pct(h.share).padStart(6)}  ${bar(h.share)}  ${String(h.failed).padStart(6)}  ${pct(h.failRate).padStart(9)}  ${String(h.weight).padStart(6)}  ${h.effectiveWeight.toFixed(2).padStart(6)}  ${state}`,
    );
  }
  if (w.hosts.length === 0) lines.push('  (no hosts yet)');
  const errors = LARS_CALL_ERROR_CODES.map((c) => `${c} ${w.errors[c]}`).join('  ');
  lines.push(`  getHost errors: ${errors}`);
  if (!legend) return lines;
  lines.push('  eff: the weight the agent\'s picks gave the host (its share of the calls x the route\'s total weight);');
  if (w.hosts.some((h) => h.stateFrom === 'agent')) lines.push('  state is the agent\'s (its admin server\'s GET /lb); fail-rate is observed (fails / calls)');
  else lines.push('  state is inferred from eff (no agent admin answered): the agent sends an overloaded host only its probes; fail-rate is observed (fails / calls)');
  return lines;
}

export function windowJson(w: SimulatorWindow): string {
  return JSON.stringify({
    second: w.second,
    calls: w.calls,
    errors: w.errors,
    hosts: w.hosts.map((h) => ({ host: h.host, calls: h.calls, failed: h.failed, share: Number(h.share.toFixed(4)), failRate: Number(h.failRate.toFixed(4)), failRateSet: h.failRateSet, weight: h.weight, effectiveWeight: Number(h.effectiveWeight.toFixed(3)), state: h.state, stateFrom: h.stateFrom, inRoute: h.inRoute })),
  });
}

/** What a whole run did: printed when it ends, by --seconds or by Ctrl-C / SIGTERM. */
export interface SimulatorSummary {
  seconds: number;
  calls: number;
  hosts: ReadonlyMap<string, { calls: number; failed: number }>;
  errors: Record<LarsCallErrorCode, number>;
}

export function renderSummary(s: SimulatorSummary): string[] {
  const width = Math.max(18, ...[...s.hosts.keys()].map((h) => h.length));
  const lines = [`lars simulator: ${s.calls} calls in ${s.seconds.toFixed(1)} s`];
  for (const [host, c] of s.hosts) lines.push(`  ${host.padEnd(width)}  ${String(c.calls).padStart(8)} calls  ${String(c.failed).padStart(8)} failed`);
  lines.push(`  getHost errors: ${LARS_CALL_ERROR_CODES.map((c) => `${c} ${s.errors[c]}`).join('  ')}`);
  return lines;
}

export function summaryJson(s: SimulatorSummary): string {
  return JSON.stringify({ summary: { seconds: Number(s.seconds.toFixed(3)), calls: s.calls, hosts: [...s.hosts].map(([host, c]) => ({ host, ...c })), errors: s.errors } });
}

/**
 * Writes successive blocks; on a terminal each replaces the last in place
 * (cursor up over the previous block, clear to the end of the screen).
 */
export class BlockWriter {
  private previous = 0;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly inPlace: boolean,
  ) {}

  write(lines: string[]): void {
    const prefix = this.inPlace && this.previous > 0 ? `\x1b[${this.previous}F\x1b[J` : this.previous > 0 ? '\n' : '';
    this.out.write(`${prefix}${lines.join('\n')}\n`);
    this.previous = lines.length;
  }
}
