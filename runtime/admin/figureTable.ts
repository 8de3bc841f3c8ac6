/**
 * How an actor's figures (the plain names of ActorMetrics) become Prometheus
 * metrics: one declaration per figure, written beside the actor that counts
 * it, so each metric has a name, a type and a HELP line that say what the
 * number is. Several figures may share a metric when constant labels tell
 * them apart (lb_idleHosts and lb_overloadedHosts → lars_agent_hosts{state}).
 */

export type FigureType = 'counter' | 'gauge' | 'histogram';

export interface Figure {
  readonly type: FigureType;
  /** Full metric name, snake_case with its unit; counters end in _total. */
  readonly metric: string;
  readonly help: string;
  /** Constant labels telling this figure apart from others of the same metric. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Histograms the actor keeps in milliseconds, exported in seconds (Prometheus's base unit). */
  readonly reportedInMs?: boolean;
}

/** Figures whose names carry a value, e.g. `dbErrors_ER_LOCK_DEADLOCK` → metric{code="ER_LOCK_DEADLOCK"}. */
export interface FigureFamily extends Figure {
  readonly prefix: string;
  /** The label the rest of the figure's name goes into. */
  readonly label: string;
}

export interface FigureTable {
  readonly figures: Readonly<Record<string, Figure>>;
  readonly families?: readonly FigureFamily[];
}

export function counter(metric: string, help: string, labels?: Record<string, string>): Figure {
  return { type: 'counter', metric, help, ...(labels ? { labels } : {}) };
}

export function gauge(metric: string, help: string, labels?: Record<string, string>): Figure {
  return { type: 'gauge', metric, help, ...(labels ? { labels } : {}) };
}

export function msHistogram(metric: string, help: string): Figure {
  return { type: 'histogram', metric, help, reportedInMs: true };
}

export function family(prefix: string, label: string, figure: Figure): FigureFamily {
  return { ...figure, prefix, label };
}

/** One table out of several (an actor's own figures and those of the parts it embeds, e.g. its reactor). */
export function figureTable(...parts: ReadonlyArray<Readonly<Record<string, Figure>> | FigureTable>): FigureTable {
  const figures: Record<string, Figure> = {};
  const families: FigureFamily[] = [];
  for (const p of parts) {
    const table = isTable(p) ? p : { figures: p };
    Object.assign(figures, table.figures);
    families.push(...(table.families ?? []));
  }
  return { figures, families };
}

function isTable(p: Readonly<Record<string, Figure>> | FigureTable): p is FigureTable {
  return typeof (p as FigureTable).figures === 'object' && typeof (p as { figures: { type?: unknown } }).figures.type !== 'string';
}

/** The declaration of `name` and the labels it adds; undefined for a figure nobody declared. */
export function resolveFigure(table: FigureTable | undefined, name: string): { figure: Figure; labels: Record<string, string> } | undefined {
  if (!table) return undefined;
  const own = table.figures[name];
  if (own && Object.hasOwn(table.figures, name)) return { figure: own, labels: { ...own.labels } };
  for (const f of table.families ?? []) {
    if (name.startsWith(f.prefix) && name.length > f.prefix.length) return { figure: f, labels: { ...f.labels, [f.label]: name.slice(f.prefix.length) } };
  }
  return undefined;
}

/** Everything a table set declares that Prometheus or a reader would trip on; empty when sound. */
export function figureTableProblems(tables: readonly FigureTable[], reserved: readonly string[] = []): string[] {
  const problems: string[] = [];
  const seen = new Map<string, Figure>();
  for (const t of tables) {
    for (const f of [...Object.values(t.figures), ...(t.families ?? [])]) {
      if (!/^lars_[a-z][a-z0-9_]*$/.test(f.metric)) problems.push(`${f.metric}: not lars_snake_case`);
      if ((f.type === 'counter') !== f.metric.endsWith('_total')) problems.push(`${f.metric}: a ${f.type} ${f.type === 'counter' ? 'must' : 'must not'} end in _total`);
      if (f.type === 'histogram' && !f.metric.endsWith('_seconds')) problems.push(`${f.metric}: a histogram of times must end in _seconds`);
      if (reserved.includes(f.metric)) problems.push(`${f.metric}: already exported by the runtime`);
      const first = seen.get(f.metric);
      if (!first) seen.set(f.metric, f);
      else if (first.type !== f.type || first.help !== f.help || labelKeys(first) !== labelKeys(f)) problems.push(`${f.metric}: declared twice with a different type, help or labels`);
    }
  }
  return problems;
}

function labelKeys(f: Figure): string {
  return [...Object.keys(f.labels ?? {}), ...('label' in f ? [String(f.label)] : [])].sort().join(',');
}
