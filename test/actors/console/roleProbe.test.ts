/** Reading the served route version out of an admin server's /metrics text. */
import t from 'tap';
import { servedRouteVersion } from '../../../actors/console/roleProbe.js';

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
