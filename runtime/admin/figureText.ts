/**
 * Declared actor figures in the Prometheus text format. The figures arrive
 * as finished numbers (and bucket counts) from other threads on every scrape,
 * so they are rendered here rather than fed to prom-client's observers.
 */
import type { HistogramSnapshot } from '../stats/bucketHistogram.js';
import type { Figure } from './figureTable.js';

export type FigureSeries = { labels: Record<string, string>; value: number } | { labels: Record<string, string>; histogram: HistogramSnapshot };

function labelText(labels: Record<string, string>, extra?: [string, string]): string {
  const all = Object.entries(labels);
  if (extra) all.push(extra);
  return all.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',');
}

function histogramLines(metric: string, labels: Record<string, string>, h: HistogramSnapshot, perUnit: number): string[] {
  const lines: string[] = [];
  let cumulative = 0;
  h.bounds.forEach((bound, i) => {
    cumulative += h.counts[i] ?? 0;
    lines.push(`${metric}_bucket{${labelText(labels, ['le', String(bound / perUnit)])}} ${cumulative}`);
  });
  lines.push(`${metric}_bucket{${labelText(labels, ['le', '+Inf'])}} ${h.count}`);
  lines.push(`${metric}_sum{${labelText(labels)}} ${h.sum / perUnit}`);
  lines.push(`${metric}_count{${labelText(labels)}} ${h.count}`);
  return lines;
}

/** One HELP and TYPE per metric, then its series (same-named figures of every actor together). */
export function renderFigures(metrics: ReadonlyMap<string, { figure: Figure; series: FigureSeries[] }>): string {
  const lines: string[] = [];
  for (const [metric, { figure, series }] of metrics) {
    lines.push(`# HELP ${metric} ${figure.help}`, `# TYPE ${metric} ${figure.type}`);
    for (const s of series) {
      if ('histogram' in s) lines.push(...histogramLines(metric, s.labels, s.histogram, figure.reportedInMs ? 1000 : 1));
      else lines.push(`${metric}{${labelText(s.labels)}} ${s.value}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
