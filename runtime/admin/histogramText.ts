/**
 * Actor-reported histograms in the Prometheus text format. prom-client's
 * Histogram only takes observations, while actors hand over finished bucket
 * counts from another thread, so these lines are rendered here.
 */
import type { HistogramSnapshot } from '../stats/bucketHistogram.js';

export interface LabelledHistogram {
  labels: Record<string, string>;
  histogram: HistogramSnapshot;
}

function labelText(labels: Record<string, string>, extra?: [string, string]): string {
  const all = Object.entries(labels);
  if (extra) all.push(extra);
  return all.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',');
}

export function renderHistograms(metric: string, help: string, items: readonly LabelledHistogram[]): string {
  if (items.length === 0) return '';
  const lines = [`# HELP ${metric} ${help}`, `# TYPE ${metric} histogram`];
  for (const { labels, histogram: h } of items) {
    let cumulative = 0;
    h.bounds.forEach((bound, i) => {
      cumulative += h.counts[i] ?? 0;
      lines.push(`${metric}_bucket{${labelText(labels, ['le', String(bound)])}} ${cumulative}`);
    });
    lines.push(`${metric}_bucket{${labelText(labels, ['le', '+Inf'])}} ${h.count}`);
    lines.push(`${metric}_sum{${labelText(labels)}} ${h.sum}`);
    lines.push(`${metric}_count{${labelText(labels)}} ${h.count}`);
  }
  return `${lines.join('\n')}\n`;
}
