/** Reading the served route version and paused lease expiry out of an admin server's /metrics text. */
import t from 'tap';
import { expiryPaused, servedRouteVersion } from '../../../actors/console/roleProbe.js';

t.test('the lowest dns-server route_version; none without a DNS role', async (t) => {
  const text = [
    'lars_actor_gauge{role="dns",actor="route-watcher",name="route_version"} 12',
    'lars_actor_gauge{role="dns",actor="dns-server-0",name="route_version"} 12',
    'lars_actor_gauge{role="dns",actor="dns-server-1",name="route_version"} 11',
    'lars_actor_gauge{role="agent",actor="udp-server-0",name="route_version"} 3',
  ].join('\n');
  t.equal(servedRouteVersion(text), 11);
  t.equal(servedRouteVersion('lars_actor_gauge{role="reporter",actor="reporter-server",name="rowsPending"} 0\n'), undefined);
});

t.test('expiry paused: the route-watcher gauge; undefined where no DNS role has one', async (t) => {
  const gauge = (v: number): string => `lars_actor_gauge{role="dns",actor="route-watcher",name="expiry_paused"} ${v}`;
  t.equal(expiryPaused([gauge(0), 'lars_actor_gauge{role="dns",actor="route-watcher",name="route_version"} 12'].join('\n')), false);
  t.equal(expiryPaused(`${gauge(1)}\n`), true);
  t.equal(expiryPaused('lars_actor_gauge{role="agent",actor="dns-client",name="expiry_paused"} 1\n'), undefined, 'only a DNS role says so');
  t.equal(expiryPaused('lars_actor_gauge{role="dns",actor="route-watcher",name="route_version"} 12\n'), undefined);
});
