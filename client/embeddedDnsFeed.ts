/**
 * The embedded client's side of DNS: one DnsLink (failover, backoff) and
 * the rule that keeps the keys in memory current: a key is pulled when it
 * is first asked for, when its route grows stale, and again after every
 * (re)connect, since what changed while the link was down was never pushed.
 * Routes that arrive go to `onRoute`; this only decides what to ask for.
 */
import { DnsLink } from '../actors/lb/dnsLink.js';
import type { HostAddress } from '../actors/lb/hostInfo.js';
import type { TurnClock } from '../actors/lb/agentTurnClock.js';
import type { RouteLb } from '../actors/lb/routeLb.js';
import type { EmbeddedConfig } from './embeddedOptions.js';
import type { EmbeddedLinkStats } from './embeddedStats.js';

/** As the agent's udp-server: keys older than update_timeout are re-pulled even if nobody uses them. */
export const PULL_STALE_EVERY_MS = 1000;

export interface EmbeddedDnsFeedOptions {
  config: EmbeddedConfig;
  rlb: RouteLb;
  turn: TurnClock;
  onRoute: (modid: number, cmdid: number, hosts: HostAddress[]) => void;
  /** The client closed: nothing more is pulled. */
  closed: () => boolean;
}

export class EmbeddedDnsFeed {
  /** Settles on the first connection, or once every address failed once (start-up then serves the snapshot). */
  readonly firstContact: Promise<void>;
  private readonly dns: DnsLink;
  private readonly rlb: RouteLb;
  private readonly turn: TurnClock;
  private readonly closed: () => boolean;

  constructor(opts: EmbeddedDnsFeedOptions) {
    this.rlb = opts.rlb;
    this.turn = opts.turn;
    this.closed = opts.closed;
    let contacted!: () => void;
    this.firstContact = new Promise<void>((resolve) => (contacted = resolve));
    let failures = 0;
    const addresses = opts.config.dns;
    this.dns = new DnsLink({
      addresses,
      link: opts.config.link,
      unref: true,
      onRoute: opts.onRoute,
      onConnected: () => {
        contacted();
        this.connected();
      },
      onConnectFailed: () => {
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
