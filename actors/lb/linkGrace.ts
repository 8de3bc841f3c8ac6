/**
 * Whether one of the agent's links (DNS, reporter) has been down longer than
 * its grace period. While it has, the agent is not healthy: with no DNS,
 * unknown keys answer NOEXIST, indistinguishable from a key that does not
 * exist; with no reporter, call statistics pile up and are then dropped.
 * A link counts as down from the agent's start until its first connection.
 */
import type { ActorContext } from '../../runtime/actors/actorContext.js';
import type { LinkEvents } from './core/linkEvents.js';

export class LinkGrace {
  private downSince: number | undefined;
  /** The current outage has been reported (one log line per outage). */
  private told = false;
  /** A failed connect was logged since the last connection (one line per outage). */
  private failureTold = false;
  private attempted: () => void = () => undefined;
  /** Settles at the link's first connection or first failed attempt, whichever comes first. */
  readonly firstAttempt = new Promise<void>((resolve) => (this.attempted = resolve));

  constructor(
    /** What the link reaches, for messages: `DNS`, `reporter`. */
    readonly what: string,
    private readonly grace: number,
    private readonly now: () => number,
  ) {
    this.downSince = now();
  }

  get graceMs(): number {
    return this.grace;
  }

  up(): void {
    this.downSince = undefined;
    this.told = false;
    this.failureTold = false;
    this.attempted();
  }

  /** A connect attempt failed; the line to log for the first one of an outage, else undefined. */
  connectFailed(address: string, why: string): string | undefined {
    this.attempted();
    if (this.failureTold) return undefined;
    this.failureTold = true;
    return `cannot connect to ${this.what} ${address} (${why}); retrying with backoff`;
  }

  down(): void {
    this.downSince ??= this.now();
  }

  /** Time left before the current outage is overdue (0 or less once it is); undefined while the link is up. */
  graceLeftMs(): number | undefined {
    return this.downSince === undefined ? undefined : this.downSince + this.grace - this.now();
  }

  /** Why the agent is unhealthy because of this link, or undefined while within grace. */
  degraded(): string | undefined {
    if (this.downSince === undefined) return undefined;
    const ms = this.now() - this.downSince;
    return ms >= this.grace ? `no ${this.what} connection for ${Math.round(ms)} ms (link_grace_ms ${this.grace})` : undefined;
  }

  /** The line to log once per outage when the grace has run out, else undefined. */
  overdue(): string | undefined {
    const reason = this.degraded();
    if (reason === undefined || this.told) return undefined;
    this.told = true;
    return `${reason}: /healthz answers 503 until it connects`;
  }
}

/** Logs once when the grace runs out while the link is still down, so the /healthz 503 has its log line. Call at start and on each loss. */
export function watchGrace(grace: LinkGrace, ctx: Pick<ActorContext, 'after' | 'log'>, waitMs = grace.graceMs): void {
  ctx.after(waitMs, () => {
    // A timer counts from the event loop's cached time, so it may fire a few ms
    // before the grace has run out by the clock: look again when it has.
    const left = grace.graceLeftMs();
    if (left !== undefined && left > 0) return watchGrace(grace, ctx, left);
    const line = grace.overdue();
    if (line !== undefined) ctx.log(line, 'warn');
  });
}

/**
 * The link events as both agent links track and log them: up and down move
 * the grace (down is info when we closed it ourselves), the first failed
 * connect of an outage is one line. `whileDown` says what the agent does
 * meanwhile; `onUp` runs after the "connected" line.
 */
export function graceLinkEvents(grace: LinkGrace, ctx: Pick<ActorContext, 'after' | 'log'>, whileDown: string, onUp?: () => void): Required<LinkEvents> {
  return {
    onConnected: (address) => {
      grace.up();
      ctx.log(`connected to ${grace.what} ${address.host}:${address.port}`);
      onUp?.();
    },
    onDisconnected: (reason) => {
      // Only our own stop closes a link locally: that is not an outage, and nothing is served "meanwhile".
      if (reason === 'local') {
        ctx.log(`${grace.what} connection closed (stopping)`);
        return;
      }
      grace.down();
      watchGrace(grace, ctx);
      ctx.log(`${grace.what} connection lost (${reason}); ${whileDown}`, 'warn');
    },
    onConnectFailed: (address, why) => {
      const line = grace.connectFailed(`${address.host}:${address.port}`, why);
      if (line !== undefined) ctx.log(line, 'warn');
    },
  };
}
