/**
 * The agent's `dns-client`: one TCP connection to a DNS service (failing over
 * along [dnsserver] addresses, reconnecting with jittered backoff). Pull
 * requests from the UDP servers become GetRouteRequests; every
 * GetRouteResponse, reply or push, goes straight to the UDP server owning
 * the key. On each (re)connect every UDP server resets its keys to NEW and
 * pulls them again, so nothing missed while disconnected stays stale.
 */
import { lars } from '../../proto/generated/lars.js';
import { defineActor } from '../../runtime/actors/actorDefinition.js';
import type { HostPort } from '../../runtime/config/configSchema.js';
import { decodeBody, MsgRouter } from '../../runtime/reactor/msgRouter.js';
import { TcpClient } from '../../runtime/reactor/tcpClient.js';
import type { TcpConnection } from '../../runtime/reactor/tcpConnection.js';
import { ownerOf, type DnsClientMessage, type UdpServerMessage } from './agentProtocol.js';
import type { LinkValues } from './agentConfig.js';

export interface DnsClientArgs {
  addresses: HostPort[];
  link: LinkValues;
}

interface State {
  client: TcpClient;
  pulls: number;
  routes: number;
  pullsRefused: number;
  connected: boolean;
}

export default defineActor<DnsClientArgs, State, DnsClientMessage>({
  start(args, ctx) {
    const router = new MsgRouter<TcpConnection>();
    const state = {} as State;
    router.register(lars.MessageId.ID_GetRouteResponse, (_conn, body, msgid) => {
      const r = decodeBody(lars.GetRouteResponse, body, msgid);
      state.routes++;
      const hosts = r.host.map((h) => ({ ip: h.ip ?? 0, port: h.port ?? 0 }));
      const servers = ctx.peers<UdpServerMessage>('udp-server');
      servers.at(ownerOf(r.modid, r.cmdid) % servers.size).tell({ type: 'route', modid: r.modid, cmdid: r.cmdid, hosts });
    });
    const client = new TcpClient({
      addresses: args.addresses,
      router,
      connectTimeoutMs: args.link.connect_timeout_ms,
      backoffMinMs: args.link.backoff_min_ms,
      backoffMaxMs: args.link.backoff_max_ms,
      // Pulls made while disconnected are pointless: every key is re-pulled on connect.
      maxQueuedFrames: 0,
      onHandlerError: (err) => ctx.log(`route handler error: ${String(err)}`),
    });
    client.on('connected', (_conn, address) => {
      state.connected = true;
      ctx.log(`connected to DNS ${address.host}:${address.port}`);
      ctx.peers<UdpServerMessage>('udp-server').tell({ type: 'dnsConnected' });
    });
    client.on('disconnected', (reason) => {
      state.connected = false;
      ctx.log(`DNS connection lost (${reason}); serving known routes meanwhile`);
    });
    Object.assign(state, { client, pulls: 0, routes: 0, pullsRefused: 0, connected: false });
    client.start();
    return state;
  },

  handle(state, msg) {
    if (msg.type !== 'pull') return;
    if (!state.client.connection) {
      state.pullsRefused++;
      return;
    }
    state.pulls++;
    state.client.send(lars.MessageId.ID_GetRouteRequest, lars.GetRouteRequest.encode({ modid: msg.modid, cmdid: msg.cmdid }).finish());
  },

  async stop(state) {
    await state.client.close();
  },

  metrics(state) {
    return {
      counters: { ...state.client.counters.snapshot(), pulls: state.pulls, routes_received: state.routes, pulls_while_disconnected: state.pullsRefused },
      gauges: { dns_connected: state.connected ? 1 : 0 },
    };
  },
});
