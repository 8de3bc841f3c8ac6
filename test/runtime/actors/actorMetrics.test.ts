import t from 'tap';
import { ActorMetricsRegistry } from '../../../runtime/admin/actorMetrics.js';
import type { ActorSample } from '../../../runtime/actors/roleSupervisor.js';
import { emptyMailboxStats } from '../../../runtime/mailbox/mailboxStats.js';
import { counter, family, figureTable, gauge, msHistogram, type FigureTable } from '../../../runtime/admin/figureTable.js';

const tables: Record<string, FigureTable> = {
  'udp-server': figureTable(
    {
      framesIn: counter('lars_net_frames_received_total', 'frames received'),
      idle: gauge('lars_agent_hosts', 'hosts by state', { state: 'idle' }),
      overloaded: gauge('lars_agent_hosts', 'hosts by state', { state: 'overloaded' }),
      routeVersion: gauge('lars_agent_route_version', 'route version'),
      bad: gauge('lars_bad', 'never finite'),
    },
    { figures: {}, families: [family('err_', 'code', counter('lars_errors_by_code_total', 'errors by code'))] },
  ),
  'dns-server': figureTable({ push_lag_ms: msHistogram('lars_dns_push_lag_seconds', 'push lag') }),
};
const figures = (_role: string, kind: string): FigureTable | undefined => tables[kind];

function sample(name: string, over: Partial<ActorSample> = {}): ActorSample {
  return {
    role: 'agent',
    kind: name.replace(/-\d+$/, ''),
    name,
    state: 'running',
    restarts: 0,
    lastError: undefined,
    supervisorLink: emptyMailboxStats(),
    stats: {
      handled: 42,
      depth: 3,
      mailbox: { ...emptyMailboxStats(), dropped: 7, askTimeouts: 2, outstanding: 5 },
      errors: { bad_body: 4 },
      metrics: { counters: { framesIn: 100, datagramsIn: 9, err_ER_X: 2 }, gauges: { routeVersion: 12, idle: 3, overloaded: 1, bad: Number.NaN } },
      timers: 1,
    },
    ...over,
  };
}

t.test('actor samples become labelled Prometheus series, figures through their declarations', async (t) => {
  const m = new ActorMetricsRegistry({ processMetrics: false, figures });
  const text = await m.render([sample('udp-server-0', { restarts: 2 }), sample('dns-client', { state: 'backoff', stats: undefined })]);
  const has = (line: string): void => void t.ok(text.split('\n').includes(line), line);
  has('lars_actor_up{role="agent",actor="udp-server-0",state="running"} 1');
  has('lars_actor_up{role="agent",actor="dns-client",state="backoff"} 0');
  has('lars_actor_restarts_total{role="agent",actor="udp-server-0"} 2');
  has('lars_actor_messages_handled_total{role="agent",actor="udp-server-0"} 42');
  has('lars_mailbox_depth{role="agent",actor="udp-server-0"} 3');
  has('lars_mailbox_outstanding{role="agent",actor="udp-server-0"} 5');
  has('lars_mailbox_events_total{role="agent",actor="udp-server-0",event="dropped"} 7');
  has('lars_mailbox_events_total{role="agent",actor="udp-server-0",event="ask_timeout"} 2');
  has('lars_actor_errors_total{role="agent",actor="udp-server-0",kind="bad_body"} 4');
  has('# HELP lars_net_frames_received_total frames received');
  has('# TYPE lars_net_frames_received_total counter');
  has('lars_net_frames_received_total{role="agent",actor="udp-server-0"} 100');
  has('lars_agent_route_version{role="agent",actor="udp-server-0"} 12');
  has('lars_agent_hosts{role="agent",actor="udp-server-0",state="idle"} 3');
  has('lars_agent_hosts{role="agent",actor="udp-server-0",state="overloaded"} 1');
  t.equal(text.split('\n').filter((l) => l === '# TYPE lars_agent_hosts gauge').length, 1, 'one TYPE line for figures sharing a metric');
  has('lars_errors_by_code_total{role="agent",actor="udp-server-0",code="ER_X"} 2');
  t.notMatch(text, /^lars_bad\{/m, 'non-finite gauges are skipped');
  has('lars_actor_undeclared_figures{role="agent",actor="udp-server-0"} 1');
  t.notMatch(text, /datagramsIn|datagrams_in/, 'an undeclared figure is left out, only counted');
  t.notMatch(text, /lars_actor_messages_handled_total\{role="agent",actor="dns-client"\}/, 'no figures for an actor that has not answered');

  const next = await m.render([sample('udp-server-0')]);
  t.notMatch(next, /dns-client/, 'series of a vanished actor disappear');
});

t.test('process metrics are included by default with the lars_ prefix', async (t) => {
  const text = await new ActorMetricsRegistry().render([]);
  t.match(text, /lars_process_resident_memory_bytes/);
});

t.test('process metrics leave out prom-client gauges named like counters', async (t) => {
  const text = await new ActorMetricsRegistry().render([]);
  t.notMatch(text, /lars_nodejs_active_handles_total/);
  t.match(text, /lars_nodejs_active_handles\b/);
});

t.test('actor histograms in ms render as Prometheus histograms in seconds with cumulative buckets', async (t) => {
  const m = new ActorMetricsRegistry({ processMetrics: false, figures });
  const s = sample('dns-server');
  if (!s.stats) throw new Error('fixture');
  s.stats.metrics.histograms = { push_lag_ms: { bounds: [1, 10, 100], counts: [2, 3, 0, 1], sum: 250.5, count: 6 } };
  const text = await m.render([s]);
  const has = (line: string): void => void t.ok(text.split('\n').includes(line), line);
  has('# TYPE lars_dns_push_lag_seconds histogram');
  has('lars_dns_push_lag_seconds_bucket{role="agent",actor="dns-server",le="0.001"} 2');
  has('lars_dns_push_lag_seconds_bucket{role="agent",actor="dns-server",le="0.01"} 5');
  has('lars_dns_push_lag_seconds_bucket{role="agent",actor="dns-server",le="0.1"} 5');
  has('lars_dns_push_lag_seconds_bucket{role="agent",actor="dns-server",le="+Inf"} 6');
  has('lars_dns_push_lag_seconds_sum{role="agent",actor="dns-server"} 0.2505');
  has('lars_dns_push_lag_seconds_count{role="agent",actor="dns-server"} 6');
});
