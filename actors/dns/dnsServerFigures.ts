/** The DNS servers' figures as metrics: routes served, pushes to subscribers, registrations taken. */
import { counter, figureTable, gauge, msHistogram } from '../../runtime/admin/figureTable.js';
import { reactorFigures } from '../../runtime/reactor/reactorFigures.js';
import { routeTableFigures } from './routeTableFigures.js';

const refused = (bound: string): ReturnType<typeof counter> =>
  counter('lars_dns_subscriptions_refused_total', 'GetRoute requests answered but not subscribed, by the subscription bound reached (conn, ip or total)', { bound });
const evicted = (by: string): ReturnType<typeof counter> =>
  counter('lars_dns_waiting_subscriptions_evicted_total', 'waiting subscriptions evicted, by the waiting bound reached (conn, ip or table)', { by });
const reg = (metric: string, help: string): ReturnType<typeof counter> => counter(`lars_dns_${metric}_total`, help);

export const dnsServerFigures = figureTable(reactorFigures, routeTableFigures, {
  get_route: counter('lars_dns_get_route_requests_total', 'GetRoute requests answered'),
  pushes: counter('lars_dns_pushes_total', 'route change frames pushed to subscribed connections'),
  pushed_keys: counter('lars_dns_pushed_keys_total', 'changed keys pushed to at least one subscriber'),
  subscriptions_refused_conn: refused('conn'),
  subscriptions_refused_ip: refused('ip'),
  subscriptions_refused_total: refused('total'),
  waiting_evicted_conn: evicted('conn'),
  waiting_evicted_ip: evicted('ip'),
  waiting_evicted_table: evicted('table'),
  waiting_promoted: counter('lars_dns_waiting_subscriptions_promoted_total', 'waiting subscriptions that became subscriptions when room was made'),
  oversized_sent: counter('lars_dns_oversized_routes_sent_total', 'answers and pushes of a key cut to fit the wire limit'),
  register_requests: reg('register_requests', 'register requests received from agents and clients'),
  deregister_requests: reg('deregister_requests', 'deregister requests received'),
  instances_registered: reg('instances_registered', 'instances written as registrations (new here, or changed)'),
  instances_renewed: reg('instances_renewed', 'instances heard again unchanged, passed on as renewals'),
  instances_deregistered: reg('instances_deregistered', 'instances deregistered'),
  register_refused_token: reg('register_refused_token', 'registration requests refused for a wrong token'),
  register_refused_remote: reg('register_refused_remote', 'registration requests refused from a remote address while no token is configured'),
  register_bad_argument: reg('register_bad_argument', 'instances refused for a bad address, port, weight or ttl'),
  register_unavailable: reg('register_unavailable', 'instances not taken because the store could not be written'),
  register_malformed: reg('register_malformed', 'register or deregister bodies that did not decode (connection closed)'),
  renewals_dropped: reg('renewals_dropped', 'renewals the route-watcher mailbox refused (the next heartbeat brings them again)'),
  connections: gauge('lars_dns_connections', 'TCP connections open to this DNS server'),
  subscribers: gauge('lars_dns_subscribers', 'connections subscribed to at least one key'),
  subscriptions: gauge('lars_dns_subscriptions', 'subscriptions (connection, key) held'),
  subscribed_keys: gauge('lars_dns_subscribed_keys', 'keys with at least one subscriber'),
  subscriptions_waiting: gauge('lars_dns_waiting_subscriptions', 'subscriptions waiting for room under the subscription bounds'),
  oversized_keys: gauge('lars_dns_oversized_keys', 'keys too large for one response, served cut'),
  listening: gauge('lars_dns_listening', '1 while the DNS port accepts connections, else 0'),
  registrations_held: gauge('lars_dns_registrations_held', 'instances this replica holds live registrations of'),
  push_lag_ms: msHistogram('lars_dns_push_lag_seconds', 'time from the route-watcher reading a route change from the store to its push to subscribers'),
});
