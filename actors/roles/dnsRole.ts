/**
 * dns role (DESIGN §1, §4): `route-watcher` polls the store and publishes
 * the route table to every `dns-server`, which answers GetRouteRequest and
 * pushes each change to the connections subscribed to the key.
 * dns-server is listed first: on stop it closes its port before the watcher
 * closes the store.
 */
import { hostname } from 'node:os';
import { siblingModule } from '../../runtime/actors/moduleUrl.js';
import { dnsSections } from '../dns/dnsConfig.js';
import type { DnsServerArgs } from '../dns/dnsServerActor.js';
import type { RouteWatcherArgs } from '../dns/routeWatcherActor.js';
import { dnsServerFigures } from '../dns/dnsServerFigures.js';
import { routeWatcherFigures } from '../dns/routeWatcherFigures.js';
import { defineRole } from './roleEntry.js';

export const dnsRole = defineRole({
  role: 'dns',
  configFile: 'dns.ini',
  defaultAdminPort: 9778,
  sections: dnsSections,
  spec: {
    role: 'dns',
    actors: [
      {
        kind: 'dns-server',
        figures: dnsServerFigures,
        // A core each under load: a shared thread would cost throughput on more cores.
        thread: 'own',
        module: siblingModule(import.meta.url, '../dns/dnsServerActor'),
        args: ({ config }): DnsServerArgs => ({
          ip: config.dns.ip,
          port: config.dns.port,
          maxConn: config.dns.max_conn,
          maxOutBytes: config.dns.max_out_bytes,
          maxSubscriptionsPerConn: config.dns.max_subscriptions_per_conn,
          maxSubscriptions: config.dns.max_subscriptions,
          maxSubscriptionsPerIp: config.dns.max_subscriptions_per_ip,
          maxWaitingSubscriptions: config.dns.max_waiting_subscriptions,
          maxWaitingSubscriptionsPerConn: config.dns.max_waiting_subscriptions_per_conn,
          maxWaitingSubscriptionsPerIp: config.dns.max_waiting_subscriptions_per_ip,
          handshakeTimeoutMs: config.dns.handshake_timeout_ms,
          handshakeQuietPerIp: config.dns.handshake_quiet_per_ip,
          registerToken: config.register.token,
        }),
      },
      {
        kind: 'route-watcher',
        figures: routeWatcherFigures,
        module: siblingModule(import.meta.url, '../dns/routeWatcherActor'),
        args: ({ config, store }): RouteWatcherArgs => ({
          store: store ?? config.dns.store,
          pollIntervalMs: config.dns.poll_interval * 1000,
          reloadIntervalMs: config.dns.reload_interval * 1000,
          changeRetentionMs: config.dns.change_retention * 1000,
          auditRetentionMs: config.dns.audit_retention * 1000,
          retryMaxMs: config.dns.store_retry_max * 1000,
          stepAsideAfterMs: config.dns.step_aside_after * 1000,
          replica: `dns ${hostname()}:${config.dns.port} pid ${process.pid}`,
          renewIntervalMs: config.register.renew_interval * 1000,
          sweepIntervalMs: config.register.sweep_interval * 1000,
          protectShare: config.register.protect_share,
          storeQueryTimeoutMs: config.dns.store_query_timeout_ms,
          storeConnectTimeoutMs: config.dns.store_connect_timeout_ms,
        }),
      },
    ],
    links: [['route-watcher', 'dns-server']],
  },
});
