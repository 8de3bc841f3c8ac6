/**
 * Follows the route tables: every poll reads RouteVersion; when it moved,
 * reads the RouteChange rows after the applied version, re-reads only those
 * keys and publishes the keys whose hosts really changed. A full reload runs
 * every reload interval (and whenever the change log cannot bridge the gap),
 * diffed against what was published, so deletions are never missed.
 *
 * Store failures keep the last routes in service: the watcher counts the
 * error, reports itself degraded and polls again after a growing delay;
 * changes made meanwhile are published once the store answers. A poll still
 * unanswered after `stallAfterMs` (the store's query deadline: it has missed
 * one) counts as failing while it runs, from its start, so a hung database
 * node turns the replica degraded and, past step_aside_after, aside without
 * waiting for the poll to end.
 *
 * Free of the actor runtime: `poll()` does one step and says when to call it
 * again; the actor schedules it on its clock, and calls `watchdog()` when
 * `watchdogDueInMs()` says, independently of the poll.
 */
import type { RouteStore } from '../../store/routeStore.js';
import type { KeyHosts, RouteChanges } from '../../store/routeTypes.js';
import { wireHost } from '../../store/routeLimit.js';
import { sameAddresses } from '../../proto/hostWeight.js';
import { sameRules } from '../../proto/routeResponse.js';
import { ruleText } from '../../proto/routeRule.js';
import type { KeyRuleSet, RouteRuleStore } from '../../store/routeRuleStore.js';
import { backoffDelay } from '../../runtime/reactor/backoff.js';
import { errorLine } from '../../runtime/errors.js';
import { StepAside } from '../../runtime/reactor/stepAside.js';
import type { DnsServerMessage, KeyRoute, RoutesReset } from './dnsProtocol.js';
import { routeKey } from './routeKey.js';
import type { LineLog } from '../../runtime/log/logLine.js';
import { plural } from '../../runtime/log/plural.js';
import { EditLog } from './editLog.js';

/** Changed keys read and published at a time (one loadKeys statement's worth, see store/keyReload.ts). */
export const KEYS_PER_APPLY = 1000;
export const DEFAULT_AUDIT_RETENTION_MS = 30 * 86_400_000;

export interface RouteWatcherOptions {
  store: RouteStore & RouteRuleStore;
  /** Monotonic ms for intervals (the actor's clock). */
  now: () => number;
  /** Epoch ms: stamps `seenAt` (compared in another thread) and the prune cutoff. */
  wallNow?: () => number;
  pollIntervalMs: number;
  reloadIntervalMs: number;
  /** RouteChange rows older than this are pruned (other replicas had that long to read them). */
  changeRetentionMs: number;
  /** RouteAudit rows older than this are pruned (default 30 days). */
  auditRetentionMs?: number;
  pruneIntervalMs?: number;
  /** Longest wait between polls while the store is down. */
  retryMaxMs?: number;
  /** Without a successful poll for this long, tell the servers to step aside (0: never; default 5000). */
  stepAsideAfterMs?: number;
  /** A poll running this long counts as failing (the store's query deadline; default 3000). */
  stallAfterMs?: number;
  publish: (msg: DnsServerMessage) => void;
  log: LineLog;
  random?: () => number;
}

export interface RouteWatcherStats {
  polls: number;
  fullReloads: number;
  deltas: number;
  changedKeys: number;
  storeErrors: number;
  pruned: number;
  /** RouteAudit rows pruned by age. */
  auditPruned: number;
  steppedAside: number;
  /** Polls that ran past stallAfterMs. */
  stalledPolls: number;
}

/** Weight 1, no zone and no tags are left out, so a table that uses none of them pushes the original's bytes. */
/** A key as servers get it: hosts in wire form, and its rules' text when it has any (`rules`: by routeKey). */
function toWire(k: KeyHosts, rules: ReadonlyMap<string, string[]>): KeyRoute {
  const route: KeyRoute = { modid: k.modid, cmdid: k.cmdid, hosts: k.hosts.map(wireHost) };
  const texts = rules.get(routeKey(k.modid, k.cmdid));
  if (texts !== undefined) route.rules = texts;
  return route;
}

const ruleTexts = (sets: readonly KeyRuleSet[]): Map<string, string[]> => new Map(sets.map((k) => [routeKey(k.modid, k.cmdid), k.rules.map(ruleText)]));

export class RouteWatcher {
  readonly stats: RouteWatcherStats = { polls: 0, fullReloads: 0, deltas: 0, changedKeys: 0, storeErrors: 0, pruned: 0, auditPruned: 0, steppedAside: 0, stalledPolls: 0 };
  private routes = new Map<string, KeyRoute>();
  private appliedVersion = -1;
  private lastReloadAt = 0;
  private lastPruneAt = 0;
  private failures = 0;
  private degradedSince: number | undefined;
  private lastError = '';
  /** When the poll now running started. */
  private pollStartedAt: number | undefined;
  private stalled = false;

  private readonly wallNow: () => number;
  /** Logs the audited edits each apply brought (editLog.ts). */
  readonly edits: EditLog;
  private readonly aside: StepAside;

  constructor(private readonly opts: RouteWatcherOptions) {
    this.wallNow = opts.wallNow ?? Date.now;
    this.edits = new EditLog(opts.store, opts.log);
    this.aside = new StepAside({
      afterMs: opts.stepAsideAfterMs ?? 5000,
      now: opts.now,
      onChange: (aside, reason) => {
        this.opts.log(aside ? `DNS replica ${reason}` : `DNS replica: ${reason}`, aside ? 'warn' : 'info');
        if (aside) this.stats.steppedAside++;
        this.opts.publish(aside ? { type: 'stepAside', reason } : { type: 'stepBack' });
      },
    });
  }

  /** While the servers are told to stay aside: why. */
  get steppedAside(): string | undefined {
    return this.aside.reason;
  }

  get loaded(): boolean {
    return this.appliedVersion >= 0;
  }

  get version(): number {
    return this.appliedVersion;
  }

  /** Why the store is failing, while it is. */
  get degraded(): string | undefined {
    return this.degradedSince === undefined ? undefined : this.lastError;
  }

  get keyCount(): number {
    return this.routes.size;
  }

  get hostCount(): number {
    let n = 0;
    for (const r of this.routes.values()) n += r.hosts.length;
    return n;
  }

  /** Everything, for a dns-server that (re)starts. */
  current(): RoutesReset | undefined {
    if (!this.loaded) return undefined;
    return { type: 'routesReset', version: this.appliedVersion, routes: [...this.routes.values()], seenAt: this.wallNow() };
  }

  /** New intervals (config reload); they apply from the next poll. */
  setIntervals(next: Pick<RouteWatcherOptions, 'pollIntervalMs' | 'reloadIntervalMs' | 'changeRetentionMs' | 'auditRetentionMs' | 'retryMaxMs' | 'stepAsideAfterMs'>): void {
    Object.assign(this.opts, next);
    if (next.stepAsideAfterMs !== undefined) this.aside.afterMs = next.stepAsideAfterMs;
  }

  /** One step; resolves to the delay in ms before the next. Never rejects. */
  async poll(): Promise<number> {
    const { store, now } = this.opts;
    this.stats.polls++;
    this.pollStartedAt = now();
    try {
      if (!this.loaded || now() - this.lastReloadAt >= this.opts.reloadIntervalMs) {
        await this.fullReload();
      } else {
        const version = await store.getVersion();
        if (version !== this.appliedVersion) {
          const changes = await store.changesSince(this.appliedVersion);
          if (!changes.complete) await this.fullReload();
          else await this.applyChanges(changes);
        }
      }
      this.edits.applied(this.appliedVersion);
      await this.pruneIfDue();
      this.recovered();
      return this.opts.pollIntervalMs;
    } catch (err) {
      return this.failed(err);
    } finally {
      this.pollStartedAt = undefined;
      this.stalled = false;
    }
  }

  /** While a poll runs: ms until watchdog() has something to decide; undefined when nothing is pending. */
  watchdogDueInMs(): number | undefined {
    if (this.pollStartedAt === undefined) return undefined;
    if (this.stalled) return this.aside.dueInMs();
    return Math.max(0, this.pollStartedAt + this.stallMs - this.opts.now());
  }

  /** A poll running past stallAfterMs is a failure now, dated from its start; steps aside when that is due. */
  watchdog(): void {
    const started = this.pollStartedAt;
    if (started === undefined) return;
    if (!this.stalled && this.opts.now() - started >= this.stallMs) {
      this.stalled = true;
      this.stats.stalledPolls++;
      this.noteFailure(`store unanswered for ${Math.round(this.opts.now() - started)} ms (poll still running)`, started);
    }
    this.aside.check();
  }

  private get stallMs(): number {
    return this.opts.stallAfterMs ?? 3000;
  }

  private async fullReload(): Promise<void> {
    const first = !this.loaded;
    const table = await this.opts.store.loadAll();
    // Read after the hosts: a rule edit in between is in the change log, so the next poll reads its key again.
    const rules = ruleTexts(await this.opts.store.listRules());
    const seenAt = this.wallNow();
    this.lastReloadAt = this.opts.now();
    this.stats.fullReloads++;
    const next = new Map<string, KeyRoute>();
    for (const k of table.routes) next.set(routeKey(k.modid, k.cmdid), toWire(k, rules));
    if (first) {
      this.routes = next;
      this.appliedVersion = table.version;
      this.opts.publish({ type: 'routesReset', version: table.version, routes: [...next.values()], seenAt });
      this.opts.log(`routes loaded: version ${table.version}, ${plural(next.size, 'key')}`);
      this.edits.startAt(table.version);
      return;
    }
    // Deleted keys are absent from the table: publish them as empty.
    const candidates: KeyRoute[] = [...next.values()];
    for (const [key, r] of this.routes) if (!next.has(key)) candidates.push({ modid: r.modid, cmdid: r.cmdid, hosts: [] });
    this.publishChanges(table.version, candidates, seenAt);
  }

  /**
   * Reads and publishes the changed keys KEYS_PER_APPLY at a time, smallest
   * edits first (the store's order): a one-host edit read in the same poll as
   * a 10,000-key one is pushed once its own part is read, not after the whole
   * big edit. Between parts, edits committed meanwhile go ahead of the rest.
   * Parts before the last go out at the version already applied, which a
   * dns-server takes as additions to it; the last moves the version.
   */
  private async applyChanges(changes: RouteChanges): Promise<void> {
    const { store } = this.opts;
    const seenAt = this.wallNow();
    let target = changes.version;
    let pending = changes.keys;
    for (;;) {
      const part = pending.slice(0, KEYS_PER_APPLY);
      pending = pending.slice(KEYS_PER_APPLY);
      const hosts = await store.loadKeys(part);
      const rules = ruleTexts(await store.rulesOf(part));
      const fresh = hosts.map((k) => toWire(k, rules));
      if (pending.length === 0) {
        this.publishChanges(target, fresh, seenAt);
        return;
      }
      this.publishChanges(this.appliedVersion, fresh, seenAt);
      if ((await store.getVersion()) === target) continue;
      const newer = await store.changesSince(target);
      // A gap (pruned log, restored database) is the next poll's to handle.
      if (!newer.complete) continue;
      const ahead = new Set(newer.keys.map((k) => routeKey(k.modid, k.cmdid)));
      pending = [...newer.keys, ...pending.filter((k) => !ahead.has(routeKey(k.modid, k.cmdid)))];
      target = newer.version;
    }
  }

  private publishChanges(version: number, fresh: readonly KeyRoute[], seenAt: number): void {
    const changes: KeyRoute[] = [];
    for (const r of fresh) {
      const key = routeKey(r.modid, r.cmdid);
      const old = this.routes.get(key);
      if (old !== undefined ? sameAddresses(old.hosts, r.hosts) && sameRules(old.rules, r.rules) : r.hosts.length === 0) continue;
      if (r.hosts.length === 0) this.routes.delete(key);
      else this.routes.set(key, r);
      changes.push(r);
    }
    // A version that went backwards (database restored) must still move servers along.
    const moved = version !== this.appliedVersion;
    this.appliedVersion = version;
    if (changes.length === 0 && !moved) return;
    this.stats.deltas++;
    this.stats.changedKeys += changes.length;
    this.opts.publish({ type: 'routesChanged', version, changes, seenAt });
  }

  private async pruneIfDue(): Promise<void> {
    const now = this.opts.now();
    if (now - this.lastPruneAt < (this.opts.pruneIntervalMs ?? 60_000)) return;
    this.lastPruneAt = now;
    this.stats.pruned += await this.opts.store.pruneChanges(this.wallNow() - this.opts.changeRetentionMs);
    this.stats.auditPruned += await this.opts.store.pruneAudit(this.wallNow() - (this.opts.auditRetentionMs ?? DEFAULT_AUDIT_RETENTION_MS));
  }

  private recovered(): void {
    this.failures = 0;
    this.aside.succeeded();
    if (this.degradedSince !== undefined) {
      this.opts.log(`store answers again after ${Math.round((this.opts.now() - this.degradedSince) / 1000)} s`);
      this.degradedSince = undefined;
    }
  }

  private failed(err: unknown): number {
    this.stats.storeErrors++;
    this.noteFailure(errorLine(err), this.pollStartedAt ?? this.opts.now());
    const delay = backoffDelay(this.failures, { minMs: this.opts.pollIntervalMs, maxMs: Math.max(this.opts.pollIntervalMs, this.opts.retryMaxMs ?? 5000), random: this.opts.random });
    this.failures++;
    // Poll again when the step-aside is due, not a backoff later.
    return Math.min(delay, this.aside.dueInMs() ?? delay);
  }

  private noteFailure(line: string, since: number): void {
    this.lastError = line;
    if (this.degradedSince === undefined) {
      this.degradedSince = since;
      this.opts.log(`store unavailable, serving version ${this.appliedVersion}: ${line}`, 'warn');
    }
    this.aside.failed(line, since);
  }
}
