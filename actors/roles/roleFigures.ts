/** The figure tables the roles declare, by role and actor kind: what /metrics, README's table and tests read figures through. */
import type { FigureLookup } from '../../runtime/admin/actorMetrics.js';
import { resolveFigure, type FigureTable } from '../../runtime/admin/figureTable.js';
import { roles } from './index.js';
import type { RoleEntry } from './roleEntry.js';

export function figureLookup(entries: readonly RoleEntry[]): FigureLookup {
  const tables = new Map<string, FigureTable | undefined>(entries.flatMap((e) => e.spec.actors.map((a) => [`${e.spec.role}/${a.kind}`, a.figures] as const)));
  return (role, kind) => tables.get(`${role}/${kind}`);
}

const everyRole = figureLookup(Object.values(roles));

/** An instance name's kind: `udp-server-2` → `udp-server`. */
export function kindOf(actor: string): string {
  return actor.replace(/-\d+$/, '');
}

export interface MetricSample {
  metric: string;
  labels: Record<string, string>;
  value: number;
}

/** The labelled series of a Prometheus text (what a test or bench reads back from /metrics). */
export function parseSamples(text: string): MetricSample[] {
  const out: MetricSample[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] as string).matchAll(/(\w+)="([^"]*)"/g)) labels[l[1] as string] = l[2] as string;
    out.push({ metric: m[1] as string, labels, value: Number(m[3]) });
  }
  return out;
}

/**
 * An actor figure (the name its metrics() reports, e.g. `rowsDropped`)
 * summed over the actors matching `actor`, read through the roles' figure
 * tables: whatever metric and labels the table gives it.
 */
export function figureSum(samples: readonly MetricSample[], actor: RegExp, name: string, lookup: FigureLookup = everyRole): number {
  let sum = 0;
  for (const s of samples) {
    const a = s.labels['actor'];
    if (a === undefined || !actor.test(a)) continue;
    const found = resolveFigure(lookup(s.labels['role'] ?? '', kindOf(a)), name);
    if (!found || found.figure.metric !== s.metric) continue;
    if (Object.entries(found.labels).every(([k, v]) => s.labels[k] === v)) sum += s.value;
  }
  return sum;
}
