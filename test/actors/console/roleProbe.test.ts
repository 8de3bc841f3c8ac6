/** Reading the served route version and paused lease expiry out of an admin server's /metrics text. */
import t from 'tap';
import { expiryPaused, servedRouteVersion } from '../../../actors/console/roleProbe.js';

t.test('the lowest dns-server route_version; none without a DNS role', async (t) => {
  const text = [
    'lars_dns_route_version{role="dns",actor="route-watcher"} 12',
    'lars_dns_route_version{role="dns",actor="dns-server-0"} 12',
    'lars_dns_route_version{role="dns",actor="dns-server-1"} 11',
    'lars_agent_route_version{role="agent",actor="udp-server-0"} 3',
  ].join('\n');
  t.equal(servedRouteVersion(text), 11);
  t.equal(servedRouteVersion('lars_reporter_rows_pending{role="reporter",actor="reporter-server"} 0\n'), undefined);
});

t.test('expiry paused: the route-watcher gauge; undefined where no DNS role has one', async (t) => {
  const gauge = (v: number): string => `lars_dns_lease_expiry_paused{role="dns",actor="route-watcher"} ${v}`;
  t.equal(expiryPaused([gauge(0), 'lars_dns_route_version{role="dns",actor="route-watcher"} 12'].join('\n')), false);
  t.equal(expiryPaused(`${gauge(1)}\n`), true);
  t.equal(expiryPaused('lars_dns_lease_expiry_paused{role="agent",actor="dns-client"} 1\n'), undefined, 'only a DNS role says so');
  t.equal(expiryPaused('lars_dns_route_version{role="dns",actor="route-watcher"} 12\n'), undefined);
});
