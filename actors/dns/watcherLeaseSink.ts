/**
 * A dns-server's LeaseSink: registrations go to the route-watcher (which
 * owns the store) as tells and come back as LeasesApplied tells, matched by
 * request id. A watcher that does not answer in time (restarting, its
 * mailbox full) makes the request fail as "unavailable": the agent retries.
 */
import type { ActorContext } from '../../runtime/actors/actorContext.js';
import type { LeaseOp } from '../../store/leaseStore.js';
import type { LeaseReply, LeasesApplied, RenewLeases, RouteWatcherMessage } from './dnsProtocol.js';
import type { LeaseSink } from './registrationDesk.js';

export class WatcherLeaseSink implements LeaseSink {
  private nextId = 1;
  private readonly pending = new Map<number, { done: (r: LeaseReply) => void; timer: unknown }>();
  /** Renewals the watcher's mailbox refused (the next heartbeat brings them again). */
  renewalsDropped = 0;

  constructor(private readonly ctx: ActorContext, private readonly timeoutMs = 10_000) {}

  apply(ops: LeaseOp[]): Promise<LeaseReply> {
    return new Promise((done) => {
      const requestId = this.nextId++;
      const fail = (reason: string): void => {
        this.pending.delete(requestId);
        done({ type: 'failed', reason });
      };
      const timer = this.ctx.clock.setTimeout(() => fail(`the route-watcher did not answer within ${this.timeoutMs} ms`), this.timeoutMs);
      this.pending.set(requestId, { done, timer });
      if (!this.watcher().tell({ type: 'applyLeases', requestId, ops })) {
        this.ctx.clock.clearTimeout(timer);
        fail('the route-watcher is not taking messages now');
      }
    });
  }

  renew(renewals: RenewLeases['renewals']): void {
    if (!this.watcher().tell({ type: 'renewLeases', renewals })) this.renewalsDropped += renewals.length;
  }

  settle(msg: LeasesApplied): void {
    const waiting = this.pending.get(msg.requestId);
    if (!waiting) return;
    this.pending.delete(msg.requestId);
    this.ctx.clock.clearTimeout(waiting.timer);
    waiting.done(msg.reply);
  }

  failAll(reason: string): void {
    for (const [id, w] of this.pending) {
      this.ctx.clock.clearTimeout(w.timer);
      this.pending.delete(id);
      w.done({ type: 'failed', reason });
    }
  }

  private watcher(): { tell(m: RouteWatcherMessage): boolean } {
    return this.ctx.peers<RouteWatcherMessage>('route-watcher').at(0);
  }
}
