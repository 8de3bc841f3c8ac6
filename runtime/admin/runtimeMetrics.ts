/**
 * The metrics the runtime exports for every actor and process, whatever the
 * role: declared here once, built from these entries and listed from them
 * in README's metrics table.
 */
import type { FigureType } from './figureTable.js';

export interface MetricDoc {
  readonly metric: string;
  readonly type: FigureType;
  readonly labels: readonly string[];
  readonly help: string;
}

const ACTOR = ['role', 'actor'] as const;

export const RUNTIME_METRICS: readonly MetricDoc[] = [
  { metric: 'lars_actor_up', type: 'gauge', labels: [...ACTOR, 'state'], help: '1 when the actor is running, 0 while starting, restarting or stopped' },
  { metric: 'lars_actor_restarts_total', type: 'counter', labels: ACTOR, help: 'restarts after a crash' },
  { metric: 'lars_actor_messages_handled_total', type: 'counter', labels: ACTOR, help: 'messages handled by the actor' },
  { metric: 'lars_mailbox_depth', type: 'gauge', labels: ACTOR, help: 'messages waiting in the actor inbox' },
  { metric: 'lars_mailbox_outstanding', type: 'gauge', labels: ACTOR, help: 'messages the actor sent that their receivers have not handled yet' },
  { metric: 'lars_mailbox_events_total', type: 'counter', labels: [...ACTOR, 'event'], help: 'mailbox trouble by event: dropped, rejected, lost, ask_timeout, late_reply, unsendable, malformed' },
  { metric: 'lars_actor_errors_total', type: 'counter', labels: [...ACTOR, 'kind'], help: 'errors an actor counted, by kind' },
  { metric: 'lars_actor_undeclared_figures', type: 'gauge', labels: ACTOR, help: 'figures the actor reported that its figure table does not declare (left out of /metrics; only present when above 0)' },
  { metric: 'lars_admin_http_refused_total', type: 'counter', labels: ['kind'], help: 'admin HTTP requests refused, by kind (limits, foreign Host, other sites, reload without token)' },
  { metric: 'lars_shared_threads', type: 'gauge', labels: [], help: 'worker threads actors share now ([supervisor] workers is the most)' },
  { metric: 'lars_shared_threads_lost_total', type: 'counter', labels: [], help: 'shared threads lost with actors on them (each restarted its actors)' },
  { metric: 'lars_log_lines_total', type: 'counter', labels: ['level'], help: 'log lines written by this process (its actors included), by level' },
];

/** The HELP text of a runtime metric rendered by hand (outside prom-client). */
export function runtimeHelp(metric: string): string {
  const m = RUNTIME_METRICS.find((r) => r.metric === metric);
  if (!m) throw new Error(`runtime metric ${metric} is not declared in runtimeMetrics.ts`);
  return m.help;
}
