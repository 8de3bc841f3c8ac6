/**
 * The route-watcher's registration writes (docs/registration.md), so the
 * store stays in one thread:
 *
 * - registrations and deregistrations from every dns-server go to the store
 *   as one route edit per batch: whatever arrived while the previous edit
 *   ran is written together (a registration storm costs a few edits, not
 *   one per agent), and an edit that changed served hosts asks for a poll at
 *   once, so this replica pushes it without waiting for poll_interval;
 * - renewals collect for at most renew_interval (sooner for a ttl so short
 *   that a lease would run low first) and go as one statement per 5,000;
 *   each deadline counts from when its heartbeat was heard, not from the
 *   write, so a lease lasts its ttl past its owner's last heartbeat and no
 *   longer (the "agent killed: gone within ttl + poll_interval + 1 s" bound);
 * - every sweep_interval, and at the soonest lease deadline when that comes
 *   first, one statement decides whether anything lapsed and whether
 *   renewals collapsed (expiryDecision.ts); expiry runs only then.
 *
 * Its store work never holds the actor's inbox: polls and getRoutes go on
 * meanwhile. Time comes from the actor's clock (a manual one in tests).
 */
import type { Clock } from '../../runtime/mailbox/clock.js';
import type { LineLog } from '../../runtime/log/logLine.js';
import { errorLine } from '../../runtime/errors.js';
import { isStoreError } from '../../store/storeError.js';
import type { LeaseInstance, LeaseOp, LeaseStore, SweepResult } from '../../store/leaseStore.js';
import { hostId } from '../../store/lease/leaseSql.js';
import type { LeaseReply, RenewLeases } from './dnsProtocol.js';

export interface LeaseWriterOptions {
  store: LeaseStore;
  /** Names this replica in RouteLease.replica. */
  replica: string;
  clock: Clock;
  renewIntervalMs: number;
  sweepIntervalMs: number;
  protectShare: number;
  /** An edit changed served hosts: publish it now. */
  onRouteEdit: () => void;
  log: LineLog;
}

export interface LeaseWriterStats {
  edits: number;
  editErrors: number;
  registered: number;
  deregistered: number;
  renewed: number;
  renewStatements: number;
  renewErrors: number;
  /** Renewals of leases that were gone (expired during a partition, deleted by an operator): registered again. */
  reRegistered: number;
  /** Renewals of leases another owner holds now: dropped. */
  renewMoved: number;
  sweeps: number;
  sweepErrors: number;
  expired: number;
  /** Sweeps that held expiry back. */
  pausedSweeps: number;
}

type Renewal = RenewLeases['renewals'][number];

interface HeardRenewal {
  r: Renewal;
  /** The writer's clock when the heartbeat arrived. */
  heardAt: number;
}

/** A sweep due at a lease's deadline runs just after it (a lease lapses once its deadline has passed), never closer than this to the last. */
const MIN_SWEEP_GAP_MS = 10;

interface Waiting {
  ops: LeaseOp[];
  done: (reply: LeaseReply) => void;
}

export class LeaseWriter {
  readonly stats: LeaseWriterStats = {
    edits: 0, editErrors: 0, registered: 0, deregistered: 0, renewed: 0, renewStatements: 0, renewErrors: 0,
    reRegistered: 0, renewMoved: 0, sweeps: 0, sweepErrors: 0, expired: 0, pausedSweeps: 0,
  };
  /** The last sweep's counts (for /healthz and /metrics). */
  lastSweep: SweepResult | undefined;
  private waiting: Waiting[] = [];
  private writing = false;
  private renewals = new Map<string, HeardRenewal>();
  /** Per renewal batch at the store, the leases deregistered meanwhile: its "missing" ones among them stay gone. */
  private readonly withdrawnMidFlush = new Set<Set<string>>();
  private renewTimer: { handle: unknown; dueAt: number } | undefined;
  private sweepTimer: unknown;
  private paused = false;
  private stopped = false;
  /** Store work under way (writes, flushes, sweeps): stop() lets it finish, tests await it. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly opts: LeaseWriterOptions) {}

  /** Starts the sweeps. */
  start(): void {
    this.scheduleSweep();
  }

  /** No more timers or writes; resolves once the store work under way has finished (the store can then close). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.renewTimer) this.opts.clock.clearTimeout(this.renewTimer.handle);
    if (this.sweepTimer !== undefined) this.opts.clock.clearTimeout(this.sweepTimer);
    for (const w of this.waiting.splice(0)) w.done({ type: 'failed', reason: 'DNS replica stopping' });
    await this.idle();
  }

  /** Resolves when no store work is under way, including work that work started (a re-registration after a flush). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** Expiry held back by the last sweep: why, for /healthz; undefined while it runs. */
  get pausedReason(): string | undefined {
    const s = this.lastSweep;
    if (!this.paused || !s) return undefined;
    return `lease expiry paused: ${s.late} of ${s.leases} leases (${s.lateOwners} owners) missed their renewals, more than protect_share ${this.opts.protectShare}; nothing expires until renewals recover`;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get pendingRenewals(): number {
    return this.renewals.size;
  }

  setIntervals(next: Pick<LeaseWriterOptions, 'renewIntervalMs' | 'sweepIntervalMs' | 'protectShare'>): void {
    Object.assign(this.opts, next);
  }

  apply(ops: LeaseOp[]): Promise<LeaseReply> {
    // A heartbeat heard just before the deregistration would otherwise find the
    // lease gone at the next batch and register it again, for a whole ttl.
    for (const op of ops) {
      if (op.type !== 'deregister') continue;
      const id = `${hostId(op.host)}\n${op.owner}`;
      this.renewals.delete(id);
      for (const w of this.withdrawnMidFlush) w.add(id);
    }
    return new Promise((done) => {
      this.waiting.push({ ops, done });
      if (!this.writing) this.track(this.writeWaiting());
    });
  }

  renew(renewals: readonly Renewal[]): void {
    let soonest = Infinity;
    const heardAt = this.opts.clock.now();
    for (const r of renewals) {
      this.renewals.set(`${hostId(r.instance)}\n${r.owner}`, { r, heardAt });
      // A lease is renewed again before a quarter of its ttl passes, however long renew_interval is.
      soonest = Math.min(soonest, this.opts.renewIntervalMs, Math.floor(r.instance.ttlMs / 4));
    }
    if (renewals.length > 0) this.flushWithin(soonest);
  }

  private async writeWaiting(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.waiting.length > 0 && !this.stopped) {
        const batch = this.waiting.splice(0);
        await this.writeBatch(batch);
      }
    } finally {
      this.writing = false;
    }
  }

  private async writeBatch(batch: Waiting[]): Promise<void> {
    const ops = batch.flatMap((w) => w.ops);
    try {
      const edit = await this.opts.store.applyLeases(this.opts.replica, ops);
      this.stats.edits++;
      for (const r of edit.results) {
        if (r.outcome === 'registered' || r.outcome === 'updated') this.stats.registered++;
        else if (r.outcome === 'deregistered') this.stats.deregistered++;
      }
      let at = 0;
      for (const w of batch) {
        w.done({ type: 'applied', results: edit.results.slice(at, at + w.ops.length) });
        at += w.ops.length;
      }
      if (edit.changedKeys.length > 0) this.opts.onRouteEdit();
    } catch (err) {
      this.stats.editErrors++;
      const reason = isStoreError(err) && err.code === 'STORE_NO_SCHEMA' ? err.message : `store unavailable, retry: ${errorLine(err)}`;
      for (const w of batch) w.done({ type: 'failed', reason });
    }
  }

  private flushWithin(ms: number): void {
    const dueAt = this.opts.clock.now() + ms;
    if (this.renewTimer && this.renewTimer.dueAt <= dueAt) return;
    if (this.renewTimer) this.opts.clock.clearTimeout(this.renewTimer.handle);
    this.renewTimer = { dueAt, handle: this.opts.clock.setTimeout(() => this.track(this.flushRenewals()), ms) };
  }

  private async flushRenewals(): Promise<void> {
    this.renewTimer = undefined;
    if (this.stopped || this.renewals.size === 0) return;
    const heard = [...this.renewals.values()];
    const batch = heard.map((h) => h.r);
    this.renewals = new Map();
    const now = this.opts.clock.now();
    const withdrawn = new Set<string>();
    this.withdrawnMidFlush.add(withdrawn);
    try {
      const result = await this.opts.store.renewLeases(heard.map(({ r, heardAt }) => ({ owner: r.owner, host: r.instance, heardAgoMs: Math.max(0, now - heardAt) })));
      this.stats.renewStatements += Math.ceil(batch.length / 5000);
      this.stats.renewed += result.renewed;
      this.stats.renewMoved += result.moved.length;
      // A deregistration that committed before this UPDATE made its lease "missing": not a lease to bring back.
      const again = result.missing.map((i) => batch[i] as Renewal).filter((r) => !withdrawn.has(`${hostId(r.instance)}\n${r.owner}`));
      if (again.length > 0) {
        this.stats.reRegistered += again.length;
        void this.apply(again.map((r) => ({ type: 'register', owner: r.owner, instance: r.instance as LeaseInstance })));
      }
    } catch {
      this.stats.renewErrors++;
      // Tried again with the next flush, unless a newer heartbeat of the same lease came meanwhile.
      for (const h of heard) {
        const id = `${hostId(h.r.instance)}\n${h.r.owner}`;
        if (!this.renewals.has(id) && !withdrawn.has(id)) this.renewals.set(id, h);
      }
      this.flushWithin(this.opts.renewIntervalMs);
    } finally {
      this.withdrawnMidFlush.delete(withdrawn);
    }
  }

  /** The next sweep: after sweep_interval, or just past the soonest deadline the last sweep saw when that comes first. */
  private scheduleSweep(nextDeadlineInMs?: number): void {
    if (this.stopped) return;
    let ms = this.opts.sweepIntervalMs;
    if (nextDeadlineInMs !== undefined) ms = Math.min(ms, Math.max(MIN_SWEEP_GAP_MS, nextDeadlineInMs + 1));
    this.sweepTimer = this.opts.clock.setTimeout(() => this.track(this.sweep()), ms);
  }

  private async sweep(): Promise<void> {
    let next: number | undefined;
    try {
      const result = await this.opts.store.expireLapsed({ protectShare: this.opts.protectShare });
      this.stats.sweeps++;
      this.lastSweep = result;
      this.notePause(result);
      if (result.paused) this.stats.pausedSweeps++;
      this.stats.expired += result.expired;
      if (result.version !== undefined) this.opts.onRouteEdit();
      // Paused: nothing is expired, so lapsed leases stay; the interval is soon enough to see renewals recover.
      if (!result.paused) next = result.nextDeadlineInMs;
    } catch {
      // The watcher's own polls report the store being down; a sweep simply waits for the next interval.
      this.stats.sweepErrors++;
    } finally {
      this.scheduleSweep(next);
    }
  }

  private notePause(s: SweepResult): void {
    if (s.paused === this.paused) return;
    this.paused = s.paused;
    if (s.paused) this.opts.log(this.pausedReason ?? 'lease expiry paused', 'warn');
    else this.opts.log(`lease expiry resumed: ${s.late} of ${s.leases} leases late, within protect_share ${this.opts.protectShare}`);
  }
}
