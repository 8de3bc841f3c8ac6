/**
 * The agent's `dns-client` actor around a DnsLink: pull requests from the
 * UDP servers become GetRouteRequests; every GetRouteResponse, reply or
 * push, goes straight to the UDP server owning the key. On each (re)connect
 * every UDP server resets its keys to NEW and pulls them again, so nothing
 * missed while disconnected stays stale.
 */
import { defineActor } from '../../runtime/actors/actorDefinition.js';
import type { HostPort } from '../../runtime/config/configSchema.js';
import { ownerOf, type DnsClientMessage, type UdpServerMessage } from './agentProtocol.js';
import type { LinkValues } from './agentConfig.js';
import { DnsLink } from './dnsLink.js';
import { graceLinkEvents, LinkGrace, watchGrace } from './linkGrace.js';

export interface DnsClientArgs {
  addresses: HostPort[];
  link: LinkValues;
  linkGraceMs: number;
}

interface DnsClientState {
  link: DnsLink;
  grace: LinkGrace;
}

export default defineActor<DnsClientArgs, DnsClientState, DnsClientMessage>({
  async start(args, ctx) {
    const grace = new LinkGrace('DNS', args.linkGraceMs, () => ctx.clock.now());
    const link = new DnsLink({
      addresses: args.addresses,
      link: args.link,
      onRoute: (modid, cmdid, hosts) => {
        const servers = ctx.peers<UdpServerMessage>('udp-server');
        servers.at(ownerOf(modid, cmdid) % servers.size).tell({ type: 'route', modid, cmdid, hosts });
      },
      ...graceLinkEvents(grace, ctx, 'serving known routes meanwhile', () => ctx.peers<UdpServerMessage>('udp-server').tell({ type: 'dnsConnected' })),
      onHandlerError: (err) => ctx.log(`route handler error: ${String(err)}`, 'error'),
    });
    link.start();
    watchGrace(grace, ctx);
    // Up once the link has tried: its "connected" (or "cannot connect") line then precedes the role's `started`.
    await grace.firstAttempt;
    return { link, grace };
  },

  handle({ link }, msg) {
    if (msg.type === 'pull') link.pull(msg.modid, msg.cmdid);
  },

  async stop({ link }) {
    await link.close();
  },

  metrics({ link, grace }) {
    const degraded = grace.degraded();
    return { counters: link.counters(), gauges: { dns_connected: link.connected ? 1 : 0 }, ...(degraded === undefined ? {} : { degraded }) };
  },
});
