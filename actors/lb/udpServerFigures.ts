/** The agent UDP servers' figures as metrics (one series per udp-server-N through the actor label). */
import { counter, figureTable, gauge } from '../../runtime/admin/figureTable.js';
import { reactorFigures } from '../../runtime/reactor/reactorFigures.js';

const getHost = (ret: string): ReturnType<typeof counter> => counter('lars_agent_get_host_answers_total', 'GetHost answers sent, by return code', { ret });
const hosts = (state: string): ReturnType<typeof gauge> => gauge('lars_agent_hosts', 'hosts of the routes this port balances, by load-balancer state (idle or overloaded)', { state });

export const udpServerFigures = figureTable(reactorFigures, {
  reports_sent: counter('lars_agent_reports_forwarded_total', 'per-key status reports handed to the reporter-client'),
  get_host_succ: getHost('succ'),
  get_host_overload: getHost('overload'),
  get_host_systemError: getHost('system_error'),
  get_host_noexist: getHost('noexist'),
  apiGetRoute: counter('lars_agent_api_get_route_total', 'API GetRoute requests answered'),
  apiGetRouteRejected: counter('lars_agent_api_get_route_rejected_total', 'API GetRoute requests answered empty because the key cap refused the key'),
  parked: counter('lars_agent_parked_requests_total', 'requests parked until their key route arrives from DNS'),
  parkedAnsweredOnRoute: counter('lars_agent_parked_answered_total', 'parked requests answered, by what ended the wait', { on: 'route' }),
  parkedAnsweredOnTimeout: counter('lars_agent_parked_answered_total', 'parked requests answered, by what ended the wait', { on: 'timeout' }),
  parkOverflow: counter('lars_agent_park_overflows_total', 'requests answered at once because a park bound was hit'),
  parkedDroppedOnClose: counter('lars_agent_parked_dropped_at_close_total', 'parked requests dropped because the port closed'),
  pullsRequested: counter('lars_agent_route_pulls_requested_total', 'route pulls asked of the dns-client for keys this port had not seen'),
  pullsFailed: counter('lars_agent_route_pulls_failed_total', 'route pulls the dns-client could not take (the key is claimable again)'),
  oversizedBody: counter('lars_agent_oversized_bodies_total', 'request bodies over the size a client ever sends, dropped before decoding'),
  routeCut: counter('lars_agent_routes_cut_total', 'API GetRoute answers cut to the hosts that fit in one datagram'),
  wrongPort: counter('lars_agent_wrong_port_handoffs_total', 'requests for a key another port owns, handed to that port'),
  wrongPortRefused: counter('lars_agent_wrong_port_refused_total', 'requests for another port that could not be handed to it'),
  wrongPortServed: counter('lars_agent_wrong_port_served_total', 'requests other ports received for keys owned here, served here'),
  wrongPortAnswersLost: counter('lars_agent_wrong_port_answers_lost_total', 'answers that could not be handed back to the port the client asked'),
  appRegisters: counter('lars_agent_app_register_requests_total', 'application register requests (heartbeats included)'),
  appDeregisters: counter('lars_agent_app_deregister_requests_total', 'application deregister requests'),
  appRegisterBadArgument: counter('lars_agent_app_register_bad_argument_total', 'application register requests not carrying exactly one instance'),
  appRegisterNotForwarded: counter('lars_agent_app_register_not_forwarded_total', 'application register requests the dns-client could not be told of'),
  parked_now: gauge('lars_agent_parked_requests', 'requests waiting now for their key route'),
  lb_keys: gauge('lars_agent_keys', 'route keys this port balances'),
  lb_hosts: gauge('lars_agent_route_hosts', 'hosts of the routes this port balances, whatever their state'),
  lb_idleHosts: hosts('idle'),
  lb_overloadedHosts: hosts('overloaded'),
  lb_idleToOverload: counter('lars_agent_host_transitions_total', 'hosts moved between load-balancer states', { to: 'overloaded' }),
  lb_overloadToIdle: counter('lars_agent_host_transitions_total', 'hosts moved between load-balancer states', { to: 'idle' }),
  lb_probes: counter('lars_agent_probes_total', 'overloaded hosts handed out as a probe'),
  lb_pulls: counter('lars_agent_lb_pulls_total', 'route pulls the load balancer asked for (new or expired keys)'),
  lb_reports: counter('lars_agent_call_reports_total', 'call results reported by clients'),
  lb_unknownReports: counter('lars_agent_call_reports_unknown_total', 'call results reported for a key or host not in the route'),
  lb_invalidHosts: counter('lars_agent_invalid_hosts_total', 'hosts in a route update whose port cannot exist'),
  lb_emptyUpdatesIgnored: counter('lars_agent_empty_updates_ignored_total', 'empty route updates refused so a key keeps its hosts'),
  lb_keysRejected: counter('lars_agent_keys_rejected_total', 'new keys refused because this port holds max_keys'),
  lb_panicPicks: counter('lars_agent_panic_picks_total', 'GetHost answers picked over every host because too few were idle'),
  lb_zoneSpillPicks: counter('lars_agent_zone_spill_picks_total', 'GetHost answers sent out of the agent\'s zone because too few of its hosts were idle'),
});
