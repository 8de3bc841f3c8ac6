/**
 * Prometheus metrics of a supervised process, rebuilt from actor samples on
 * every scrape. Label sets of actors that vanished disappear with the next
 * scrape. Values reported by a restarted actor start again from zero, which
 * Prometheus reads as a counter reset.
 *
 * An actor's own figures become metrics through the figure table its role
 * spec declares for its kind (figureTable.ts); a figure nobody declared is
 * left out and counted in lars_actor_undeclared_figures, so a new figure
 * cannot reach /metrics without a name and a HELP line.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ActorSample } from '../actors/roleSupervisor.js';
import type { MailboxStats } from '../mailbox/mailboxStats.js';
import { resolveFigure, type Figure, type FigureTable } from './figureTable.js';
import { renderFigures, type FigureSeries } from './figureText.js';
import { RUNTIME_METRICS } from './runtimeMetrics.js';

const MAILBOX_EVENTS: Array<[keyof MailboxStats, string]> = [
  ['dropped', 'dropped'],
  ['rejected', 'rejected'],
  ['lost', 'lost'],
  ['askTimeouts', 'ask_timeout'],
  ['lateReplies', 'late_reply'],
  ['unsendable', 'unsendable'],
  ['malformed', 'malformed'],
];

/** prom-client's gauges named like counters (promtool: non-counter metrics should not have "_total"); each sums a labelled gauge it also exports. */
const MISNAMED_DEFAULTS = ['lars_nodejs_active_handles_total', 'lars_nodejs_active_requests_total', 'lars_nodejs_active_resources_total'];

/** The figure table of an actor kind of a role; undefined when the role declares none. */
export type FigureLookup = (role: string, kind: string) => FigureTable | undefined;

export interface ActorMetricsOptions {
  processMetrics?: boolean;
  figures?: FigureLookup;
}

function metricOf<T>(name: string, make: (cfg: { name: string; help: string; labelNames: string[]; registers: Registry[] }) => T, registers: Registry[]): T {
  const m = RUNTIME_METRICS.find((r) => r.metric === name);
  if (!m) throw new Error(`runtime metric ${name} is not declared in runtimeMetrics.ts`);
  return make({ name, help: m.help, labelNames: [...m.labels], registers });
}

export class ActorMetricsRegistry {
  readonly registry = new Registry();
  private readonly figures: FigureLookup;
  private readonly up: Gauge;
  private readonly restarts: Counter;
  private readonly handled: Counter;
  private readonly depth: Gauge;
  private readonly outstanding: Gauge;
  private readonly mailboxEvents: Counter;
  private readonly errors: Counter;
  private readonly undeclared: Gauge;

  constructor(opts: ActorMetricsOptions = {}) {
    this.figures = opts.figures ?? (() => undefined);
    const r = [this.registry];
    const gauge = (name: string): Gauge => metricOf(name, (c) => new Gauge(c), r);
    const counter = (name: string): Counter => metricOf(name, (c) => new Counter(c), r);
    this.up = gauge('lars_actor_up');
    this.restarts = counter('lars_actor_restarts_total');
    this.handled = counter('lars_actor_messages_handled_total');
    this.depth = gauge('lars_mailbox_depth');
    this.outstanding = gauge('lars_mailbox_outstanding');
    this.mailboxEvents = counter('lars_mailbox_events_total');
    this.errors = counter('lars_actor_errors_total');
    this.undeclared = gauge('lars_actor_undeclared_figures');
    if (opts.processMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry, prefix: 'lars_' });
      for (const name of MISNAMED_DEFAULTS) this.registry.removeSingleMetric(name);
    }
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Replaces every actor metric with the values of `samples`, then renders the text format. */
  async render(samples: ActorSample[]): Promise<string> {
    const declared = new Map<string, { figure: Figure; series: FigureSeries[] }>();
    const add = (table: FigureTable | undefined, name: string, labels: Record<string, string>, s: { value: number } | Pick<Extract<FigureSeries, { histogram: unknown }>, 'histogram'>): boolean => {
      const found = resolveFigure(table, name);
      if (!found || ('value' in s) === (found.figure.type === 'histogram')) return false;
      if ('value' in s && (!Number.isFinite(s.value) || (found.figure.type === 'counter' && s.value < 0))) return true;
      const entry = declared.get(found.figure.metric) ?? { figure: found.figure, series: [] };
      declared.set(found.figure.metric, entry);
      entry.series.push({ ...s, labels: { ...labels, ...found.labels } });
      return true;
    };
    for (const m of [this.up, this.restarts, this.handled, this.depth, this.outstanding, this.mailboxEvents, this.errors, this.undeclared]) m.reset();
    for (const s of samples) {
      const labels = { role: s.role, actor: s.name };
      this.up.set({ ...labels, state: s.state }, s.state === 'running' ? 1 : 0);
      this.restarts.inc(labels, s.restarts);
      const st = s.stats;
      const mailbox = st ? st.mailbox : s.supervisorLink;
      for (const [key, event] of MAILBOX_EVENTS) this.mailboxEvents.inc({ ...labels, event }, mailbox[key]);
      if (!st) continue;
      this.handled.inc(labels, st.handled);
      this.depth.set(labels, st.depth);
      this.outstanding.set(labels, st.mailbox.outstanding);
      for (const [kind, n] of Object.entries(st.errors)) this.errors.inc({ ...labels, kind }, n);
      const table = this.figures(s.role, s.kind);
      let missing = 0;
      for (const [name, value] of [...Object.entries(st.metrics.counters ?? {}), ...Object.entries(st.metrics.gauges ?? {})]) if (!add(table, name, labels, { value })) missing++;
      for (const [name, histogram] of Object.entries(st.metrics.histograms ?? {})) if (!add(table, name, labels, { histogram })) missing++;
      if (missing > 0) this.undeclared.set(labels, missing);
    }
    return (await this.registry.metrics()) + renderFigures(declared);
  }
}
