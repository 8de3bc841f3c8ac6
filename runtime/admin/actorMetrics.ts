/**
 * Prometheus metrics of a supervised process, rebuilt from actor samples on
 * every scrape. Label sets of actors that vanished disappear with the next
 * scrape. Values reported by a restarted actor start again from zero, which
 * Prometheus reads as a counter reset.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ActorSample } from '../actors/roleSupervisor.js';
import type { MailboxStats } from '../mailbox/mailboxStats.js';
import { renderHistograms, type LabelledHistogram } from './histogramText.js';

const MAILBOX_EVENTS: Array<[keyof MailboxStats, string]> = [
  ['dropped', 'dropped'],
  ['rejected', 'rejected'],
  ['lost', 'lost'],
  ['askTimeouts', 'ask_timeout'],
  ['lateReplies', 'late_reply'],
  ['unsendable', 'unsendable'],
  ['malformed', 'malformed'],
];

/** Prometheus label values may be anything, metric names may not; actor-chosen names go in labels. */
export class ActorMetricsRegistry {
  readonly registry = new Registry();
  private readonly up: Gauge;
  private readonly restarts: Counter;
  private readonly handled: Counter;
  private readonly depth: Gauge;
  private readonly outstanding: Gauge;
  private readonly mailboxEvents: Counter;
  private readonly errors: Counter;
  private readonly counters: Counter;
  private readonly gauges: Gauge;

  constructor(opts: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    const actor = ['role', 'actor'] as const;
    this.up = new Gauge({ name: 'lars_actor_up', help: '1 when the actor is running, 0 while starting, restarting or stopped', labelNames: [...actor, 'state'], registers });
    this.restarts = new Counter({ name: 'lars_actor_restarts_total', help: 'restarts after a crash', labelNames: actor, registers });
    this.handled = new Counter({ name: 'lars_actor_messages_handled_total', help: 'messages handled by the actor', labelNames: actor, registers });
    this.depth = new Gauge({ name: 'lars_mailbox_depth', help: 'messages waiting in the actor inbox', labelNames: actor, registers });
    this.outstanding = new Gauge({ name: 'lars_mailbox_outstanding', help: 'messages the actor sent that their receivers have not handled yet', labelNames: actor, registers });
    this.mailboxEvents = new Counter({ name: 'lars_mailbox_events_total', help: 'mailbox trouble by event: dropped, rejected, lost, ask_timeout, late_reply, unsendable, malformed', labelNames: [...actor, 'event'], registers });
    this.errors = new Counter({ name: 'lars_actor_errors_total', help: 'errors an actor counted, by kind', labelNames: [...actor, 'kind'], registers });
    this.counters = new Counter({ name: 'lars_actor_counter_total', help: 'counters reported by the actor (e.g. reactor counters), by name', labelNames: [...actor, 'name'], registers });
    this.gauges = new Gauge({ name: 'lars_actor_gauge', help: 'gauges reported by the actor, by name', labelNames: [...actor, 'name'], registers });
    if (opts.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'lars_' });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Replaces every actor metric with the values of `samples`, then renders the text format. */
  async render(samples: ActorSample[]): Promise<string> {
    const histograms: LabelledHistogram[] = [];
    for (const m of [this.up, this.restarts, this.handled, this.depth, this.outstanding, this.mailboxEvents, this.errors, this.counters, this.gauges]) m.reset();
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
      for (const [name, n] of Object.entries(st.metrics.counters ?? {})) if (Number.isFinite(n) && n >= 0) this.counters.inc({ ...labels, name }, n);
      for (const [name, n] of Object.entries(st.metrics.gauges ?? {})) if (Number.isFinite(n)) this.gauges.set({ ...labels, name }, n);
      for (const [name, h] of Object.entries(st.metrics.histograms ?? {})) histograms.push({ labels: { ...labels, name }, histogram: h });
    }
    return (await this.registry.metrics()) + renderHistograms('lars_actor_histogram', 'distributions reported by the actor (e.g. push lag, batch latency in ms), by name', histograms);
  }
}
