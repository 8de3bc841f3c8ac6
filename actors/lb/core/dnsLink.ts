/**
 * The agent's link to DNS, free of the actor runtime (the `dns-client` actor
 * and the embedded client both drive it): one TCP connection failing over
 * along the address list with jittered backoff, GetRouteRequests out, every
 * GetRouteResponse (reply or push) handed to `onRoute`. Pulls made while
 * disconnected are refused and counted, not queued: every key is re-pulled
 * on (re)connect. Bad input from DNS is the reactor's business: counted, and
 * a bad length or body closes the connection, which then reconnects.
 */
import { rulesFromWire, type RouteRule } from '../../../proto/routeRule.js';
import { lars } from '../../../proto/generated/lars.js';
import { hostInfoFromWire } from '../../../proto/hostWeight.js';
import type { HostPort } from '../../../runtime/config/configSchema.js';
import { decodeBody, MsgRouter } from '../../../runtime/reactor/msgRouter.js';
import { TcpClient } from '../../../runtime/reactor/tcpClient.js';
import type { TcpConnection } from '../../../runtime/reactor/tcpConnection.js';
import type { LinkValues } from './agentConfig.js';
import { forwardLinkEvents, type LinkEvents } from './linkEvents.js';
import type { HostAddress } from './hostInfo.js';

export interface DnsLinkOptions extends LinkEvents {
  addresses: HostPort[];
  link: LinkValues;
  /** `rules`: the key's routing rules (GetRouteResponse.rules), read leniently; [] when none. */
  onRoute: (modid: number, cmdid: number, hosts: HostAddress[], rules: RouteRule[]) => void;
  /** A RegisterResponse (to a register or a deregister this link sent): for its Registrar. */
  onRegisterResponse?: (r: lars.RegisterResponse) => void;
  /** A bug in onRoute (never bad input, which is counted). */
  onHandlerError?: (err: unknown) => void;
  /** Let the process exit while only this link is open (the embedded client). */
  unref?: boolean;
}

export class DnsLink {
  private readonly client: TcpClient;
  pulls = 0;
  routes = 0;
  pullsRefused = 0;
  registerAnswers = 0;

  constructor(opts: DnsLinkOptions) {
    const router = new MsgRouter<TcpConnection>();
    router.register(lars.MessageId.ID_GetRouteResponse, (_conn, body, msgid) => {
      const r = decodeBody(lars.GetRouteResponse, body, msgid);
      this.routes++;
      opts.onRoute(r.modid, r.cmdid, r.host.map(hostInfoFromWire), rulesFromWire(r.rules));
    });
    const onRegisterResponse = opts.onRegisterResponse;
    if (onRegisterResponse !== undefined) {
      router.register(lars.MessageId.ID_RegisterResponse, (_conn, body, msgid) => {
        this.registerAnswers++;
        onRegisterResponse(decodeBody(lars.RegisterResponse, body, msgid));
      });
    }
    this.client = new TcpClient({
      addresses: opts.addresses,
      router,
      connectTimeoutMs: opts.link.connect_timeout_ms,
      backoffMinMs: opts.link.backoff_min_ms,
      backoffMaxMs: opts.link.backoff_max_ms,
      // Pulls made while disconnected are pointless: every key is re-pulled on connect.
      maxQueuedFrames: 0,
      ...(opts.unref === true ? { unref: true } : {}),
      ...(opts.onHandlerError === undefined ? {} : { onHandlerError: opts.onHandlerError }),
    });
    forwardLinkEvents(this.client, opts);
  }

  get connected(): boolean {
    return this.client.connection !== undefined;
  }

  start(): void {
    this.client.start();
  }

  /** Ask DNS for the key's route; false (counted) while no DNS is connected. */
  pull(modid: number, cmdid: number): boolean {
    if (!this.client.connection) {
      this.pullsRefused++;
      return false;
    }
    this.pulls++;
    this.client.send(lars.MessageId.ID_GetRouteRequest, lars.GetRouteRequest.encode({ modid, cmdid }).finish());
    return true;
  }

  /** A registration frame (RegisterRequest, DeregisterRequest) to DNS; false while no DNS is connected. */
  sendFrame(msgid: number, body: Uint8Array): boolean {
    if (!this.client.connection) return false;
    this.client.send(msgid, body);
    return true;
  }

  close(): Promise<void> {
    return this.client.close();
  }

  /** Reactor counters (bad input from DNS included) and the link's own, under the agent's metric names. */
  counters(): Record<string, number> {
    return { ...this.client.counters.snapshot(), pulls: this.pulls, routes_received: this.routes, pulls_while_disconnected: this.pullsRefused, register_answers: this.registerAnswers };
  }
}
