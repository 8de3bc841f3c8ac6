/**
 * The embedded client's side of DNS: one DnsLink (failover, backoff) and
 * the rule that keeps the keys in memory current: a key is pulled when it
 * is first asked for, when its route grows stale, and again after every
 * (re)connect, since what changed while the link was down was never pushed.
 * Routes that arrive go to `onRoute`; this only decides what to ask for.
 * Registration (register()) rides the same link: `registration` hears its
 * answers and every (re)connect and loss of the connection.
 */
import type { RouteRule } from '../proto/routeRule.js';
import type { lars } from '../proto/generated/lars.js';
import { DnsLink } from '../actors/lb/core/dnsLink.js';
import type { HostAddress } from '../actors/lb/core/hostInfo.js';
import type { TurnClock } from '../actors/lb/core/agentTurnClock.js';
import type { RouteLb } from '../actors/lb/core/routeLb.js';
import type { HostPort } from '../runtime/config/configSchema.js';
import type { EmbeddedConfig } from './embeddedOptions.js';
import type { EmbeddedLinkStats } from './embeddedStats.js';

const hostPortText = (a: HostPort): string => `${a.host}:${a.port}`;

/** As the agent's udp-server: keys older than update_timeout are re-pulled even if nobody uses them. */
export const PULL_STALE_EVERY_MS = 1000;

export interface EmbeddedDnsFeedOptions {
  config: EmbeddedConfig;
  rlb: RouteLb;
  turn: TurnClock;
  onRoute: (modid: number, cmdid: number, hosts: HostAddress[], rules: RouteRule[]) => void;
  /** The client closed: nothing more is pulled. */
  closed: () => boolean;
  registration?: { connected(): void; disconnected(): void; onResponse(r: lars.RegisterResponse): void };
}

export class EmbeddedDnsFeed {
  /** Settles on the first connection, or once every address failed once (start-up then serves the snapshot). */
  readonly firstContact: Promise<void>;
  private readonly dns: DnsLink;
  private readonly rlb: RouteLb;
  private readonly turn: TurnClock;
  private readonly closed: () => boolean;
  /** Until some DNS address answers: each address's last failure, so a call can say why it has no route. */
  private unreached: Map<string, string> | undefined = new Map();
  private readonly addressCount: number;

  constructor(opts: EmbeddedDnsFeedOptions) {
    this.rlb = opts.rlb;
    this.turn = opts.turn;
    this.closed = opts.closed;
    let contacted!: () => void;
    this.firstContact = new Promise<void>((resolve) => (contacted = resolve));
    let failures = 0;
    const addresses = opts.config.dns;
    this.addressCount = new Set(addresses.map(hostPortText)).size;
    let warned = false;
    this.dns = new DnsLink({
      addresses,
      link: opts.config.link,
      unref: true,
      onRoute: opts.onRoute,
      onRegisterResponse: (r) => opts.registration?.onResponse(r),
      onConnected: () => {
        this.unreached = undefined;
        contacted();
        this.connected();
        if (!this.closed()) opts.registration?.connected();
      },
      onDisconnected: () => opts.registration?.disconnected(),
      onConnectFailed: (address, why) => {
        this.unreached?.set(hostPortText(address), why);
        const none = this.neverReached();
        if (none !== undefined && !warned) {
          // Once: a wrong address must not look like an empty route.
          warned = true;
          process.emitWarning(`lars: embedded client reached ${none}; keys without a route fail with UNREACHABLE until one answers (it keeps trying)`, 'LarsDnsWarning');
        }
        if (++failures >= addresses.length) contacted();
      },
    });
  }

  start(): void {
    this.dns.start();
  }

  close(): Promise<void> {
    return this.dns.close();
  }

  /** Asks DNS for the key's route; a pull that cannot leave is handed back to the balancer to retry. */
  pull(modid: number, cmdid: number): void {
    if (this.closed() || !this.dns.pull(modid, cmdid)) this.rlb.pullFailed(modid, cmdid);
  }

  pullStale(): void {
    this.turn.refresh();
    for (const k of this.rlb.takeKeysNeedingPull()) this.pull(k.modid, k.cmdid);
  }

  /**
   * "no DNS at 127.0.0.1:1 (ECONNREFUSED)" while every DNS address failed
   * and none was ever reached; undefined once one answered (a later outage
   * serves known routes, as the agent does) or while one is still untried.
   */
  neverReached(): string | undefined {
    const tried = this.unreached;
    if (tried === undefined || tried.size < this.addressCount) return undefined;
    return `no DNS at ${[...tried].map(([address, why]) => `${address} (${why})`).join(', ')}`;
  }

  get isConnected(): boolean {
    return this.dns.connected;
  }

  /** A registration frame to DNS; false while no DNS is connected. */
  sendFrame(msgid: number, body: Uint8Array): boolean {
    return this.dns.sendFrame(msgid, body);
  }

  stats(): EmbeddedLinkStats {
    return { connected: this.dns.connected, counters: this.dns.counters() };
  }

  private connected(): void {
    if (this.closed()) return;
    this.turn.refresh();
    this.rlb.resetAllToNew();
    this.pullStale();
  }
}
