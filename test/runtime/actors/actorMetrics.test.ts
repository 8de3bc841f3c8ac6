import t from 'tap';
import { ActorMetricsRegistry } from '../../../runtime/admin/actorMetrics.js';
import type { ActorSample } from '../../../runtime/actors/roleSupervisor.js';
import { emptyMailboxStats } from '../../../runtime/mailbox/mailboxStats.js';

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
      metrics: { counters: { framesIn: 100, datagramsIn: 9 }, gauges: { routeVersion: 12, bad: Number.NaN } },
      timers: 1,
    },
    ...over,
  };
}

t.test('actor samples become labelled Prometheus series', async (t) => {
  const m = new ActorMetricsRegistry({ processMetrics: false });
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
  has('lars_actor_counter_total{role="agent",actor="udp-server-0",name="framesIn"} 100');
  has('lars_actor_gauge{role="agent",actor="udp-server-0",name="routeVersion"} 12');
  t.notMatch(text, /name="bad"/, 'non-finite gauges are skipped');
  t.match(text, /# TYPE lars_actor_counter_total counter/);
  t.notMatch(text, /lars_actor_messages_handled_total\{role="agent",actor="dns-client"\}/, 'no figures for an actor that has not answered');

  const next = await m.render([sample('udp-server-0')]);
  t.notMatch(next, /dns-client/, 'series of a vanished actor disappear');
});

t.test('process metrics are included by default with the lars_ prefix', async (t) => {
  const text = await new ActorMetricsRegistry().render([]);
  t.match(text, /lars_process_resident_memory_bytes/);
});

t.test('actor histograms render as Prometheus histograms with cumulative buckets', async (t) => {
  const m = new ActorMetricsRegistry({ processMetrics: false });
  const s = sample('dns-server');
  if (!s.stats) throw new Error('fixture');
  s.stats.metrics.histograms = { push_lag_ms: { bounds: [1, 10, 100], counts: [2, 3, 0, 1], sum: 250.5, count: 6 } };
  const text = await m.render([s]);
  const has = (line: string): void => void t.ok(text.split('\n').includes(line), line);
  has('# TYPE lars_actor_histogram histogram');
  has('lars_actor_histogram_bucket{role="agent",actor="dns-server",name="push_lag_ms",le="1"} 2');
  has('lars_actor_histogram_bucket{role="agent",actor="dns-server",name="push_lag_ms",le="10"} 5');
  has('lars_actor_histogram_bucket{role="agent",actor="dns-server",name="push_lag_ms",le="100"} 5');
  has('lars_actor_histogram_bucket{role="agent",actor="dns-server",name="push_lag_ms",le="+Inf"} 6');
  has('lars_actor_histogram_sum{role="agent",actor="dns-server",name="push_lag_ms"} 250.5');
  has('lars_actor_histogram_count{role="agent",actor="dns-server",name="push_lag_ms"} 6');
});
