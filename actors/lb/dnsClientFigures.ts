/** The agent dns-client's figures as metrics: its DNS link, the registrations it holds, the health checks it runs. */
import { counter, figureTable, gauge } from '../../runtime/admin/figureTable.js';
import { reactorFigures } from '../../runtime/reactor/reactorFigures.js';

const reg = (metric: string, help: string): ReturnType<typeof counter> => counter(`lars_agent_registrations_${metric}_total`, help);

export const dnsClientFigures = figureTable(reactorFigures, {
  pulls: counter('lars_agent_dns_pulls_total', 'GetRoute requests sent to DNS'),
  routes_received: counter('lars_agent_dns_routes_received_total', 'route answers and pushes received from DNS'),
  pulls_while_disconnected: counter('lars_agent_dns_pulls_refused_total', 'route pulls refused because no DNS connection was up'),
  register_answers: counter('lars_agent_dns_register_answers_total', 'registration answers received from DNS'),
  registrations_registered: reg('registered', 'instances DNS took for the first time'),
  registrations_refused: reg('refused', 'instance answers from DNS other than success'),
  registrations_badArgument: reg('bad_argument', 'instances refused before DNS was asked (bad address, port, weight or ttl)'),
  registrations_full: reg('full', 'instances refused because the table holds max_instances'),
  registrations_deregistered: reg('deregistered', 'instances deregistered'),
  registrations_expired: reg('expired', 'application instances deregistered because their heartbeats stopped for a ttl'),
  registrations_renewalRounds: reg('renewal_rounds', 'renewal rounds over the whole table'),
  registrations_resends: reg('resends', 'whole-table sends after a DNS (re)connect'),
  registrations_framesSent: reg('frames_sent', 'registration frames sent to DNS'),
  registrations_notSent: reg('frames_not_sent', 'registration frames that could not leave (no DNS connection)'),
  registrations_answersTimedOut: reg('answers_timed_out', 'applications answered RET_UNAVAILABLE because DNS did not answer within answer_wait_ms'),
  registrations_lateAnswers: reg('late_answers', 'answers from DNS to no request still waited for'),
  checks_transitions: counter('lars_agent_check_transitions_total', 'health checks that changed between passing and failing'),
  checks_probes: counter('lars_agent_check_probes_total', 'health-check probes run'),
  checks_failedProbes: counter('lars_agent_check_probes_failed_total', 'health-check probes that failed'),
  dns_connected: gauge('lars_agent_dns_link_up', '1 while the agent has a connection to DNS, else 0'),
  registrations: gauge('lars_agent_registrations', 'instances this agent keeps registered'),
  checks: gauge('lars_agent_checks', 'health checks configured'),
  checks_passing: gauge('lars_agent_checks_state', 'health checks by their last result', { state: 'passing' }),
  checks_failing: gauge('lars_agent_checks_state', 'health checks by their last result', { state: 'failing' }),
});
