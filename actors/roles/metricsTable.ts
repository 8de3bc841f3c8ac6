/**
 * README's metrics table, built from the declarations /metrics is built
 * from (runtimeMetrics.ts and each actor kind's figure table), so the two
 * cannot drift: `lars metrics` prints it, a test checks README carries it.
 */
import type { Figure, FigureFamily, FigureTable } from '../../runtime/admin/figureTable.js';
import { RUNTIME_METRICS } from '../../runtime/admin/runtimeMetrics.js';
import { roles, ROLE_NAMES } from './index.js';

interface Row {
  metric: string;
  type: string;
  labels: string[];
  roles: string[];
  help: string;
}

function figuresOf(table: FigureTable): Array<Figure | FigureFamily> {
  return [...Object.values(table.figures), ...(table.families ?? [])];
}

function figureLabels(f: Figure | FigureFamily): string[] {
  const constant = Object.entries(f.labels ?? {}).map(([k]) => k);
  return ['role', 'actor', ...constant, ...('label' in f ? [f.label] : [])];
}

/** One row per metric: the runtime's first, then each role's in role order. */
export function metricRows(): Row[] {
  const rows = new Map<string, Row>();
  for (const m of RUNTIME_METRICS) rows.set(m.metric, { metric: m.metric, type: m.type, labels: [...m.labels], roles: ['every role'], help: m.help });
  for (const role of ROLE_NAMES) {
    for (const actor of roles[role].spec.actors) {
      for (const f of actor.figures ? figuresOf(actor.figures) : []) {
        const row = rows.get(f.metric) ?? { metric: f.metric, type: f.type, labels: figureLabels(f), roles: [], help: f.help };
        rows.set(f.metric, row);
        const where = `${role}/${actor.kind}`;
        if (!row.roles.includes(where)) row.roles.push(where);
      }
    }
  }
  return [...rows.values()];
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function metricsMarkdown(): string {
  const lines = ['| metric | type | labels | exported by | meaning |', '|---|---|---|---|---|'];
  for (const r of metricRows()) {
    const labels = r.labels.length === 0 ? '' : r.labels.map((l) => `\`${l}\``).join(', ');
    lines.push(`| \`${r.metric}\` | ${r.type} | ${labels} | ${r.roles.join(', ')} | ${cell(r.help)} |`);
  }
  return `${lines.join('\n')}\n`;
}
