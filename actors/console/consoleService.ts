/**
 * The console, free of the actor runtime: one store connection, a poll loop
 * that reads routes and call stats into an immutable KeysView (and samples
 * them into CallHistory), a slower probe of the other roles, and the HTTP
 * server. Page and API reads are served from the last view, so a burst of
 * browser tabs costs the database nothing; edits and history go to the store.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { HttpLimitCounts } from '../../runtime/admin/httpLimits.js';
import { errorLine } from '../../runtime/errors.js';
import { openStore } from '../../store/openStore.js';
import type { Store } from '../../store/store.js';
import type { HistoryRow, KeyChange } from '../../store/historyStore.js';
import type { HostState } from '../../store/leaseStore.js';
import type { KeyName } from '../../store/keyNameStore.js';
import { isStoreError } from '../../store/storeError.js';
import type { StatusRow } from '../../store/statusStore.js';
import type { ConsoleConfig } from './consoleConfig.js';
import { HistorySampler } from './historySampler.js';
import { buildKeysView, type KeysView } from './keysView.js';
import { probeRoles, type RolesView } from './roleProbe.js';
import { startConsoleHttp } from './consoleHttp.js';
import type { ConsoleBackend, ConsoleCounters } from './consoleBackend.js';
import { PreSerialized } from './preSerialized.js';
import type { LineLog } from '../../runtime/log/logLine.js';
import { HistoryWriterLease, LEASE_POLLS, newLeaseOwner, type HistoryWriterView, type LeaseTurn } from './historyWriterLease.js';

export interface ConsoleServiceOptions {
  config: ConsoleConfig;
  storeUrl: string;
  /** Epoch ms (tests pass a fake clock). */
  now?: () => number;
  log?: LineLog;
  /** Start the poll and probe loops (tests drive pollOnce() by hand when false). Default true. */
  loops?: boolean;
  /** History lease owner id (default: host/pid/random, new at every start). */
  leaseOwner?: string;
}

/** Unwritten history kept across failed writes; past it the oldest rows are dropped (counted). */
const MAX_PENDING_HISTORY = 50_000;
const ROLE_PROBE_EVERY_MS = 2_000;
const PRUNE_EVERY_MS = 60_000;

export class ConsoleService implements ConsoleBackend {
  readonly counters: ConsoleCounters = { polls: 0, pollErrors: 0, historyRowsWritten: 0, historyWriteErrors: 0, historyRowsDropped: 0, historyRowsPruned: 0, edits: 0, requests: 0, badRequests: 0 };
  config: ConsoleConfig;
  private store: Store | undefined;
  private server: Server | undefined;
  private refusals: (() => HttpLimitCounts) | undefined;
  private view: KeysView = { version: 0, readAtMs: 0, keys: [] };
  private rolesView: RolesView | undefined;
  private status: StatusRow[] = [];
  private keysCache: { full?: { stamp: string; json: PreSerialized }; summary?: { stamp: string; json: PreSerialized } } = {};
  private changes: KeyChange[] = [];
  private names: KeyName[] = [];
  private changesAtVersion = -1;
  private storeProblem: string | undefined;
  private historyProblem: string | undefined;
  private pendingHistory: HistoryRow[] = [];
  private sampler: HistorySampler;
  private readonly lease: HistoryWriterLease;
  private readonly now: () => number;
  readonly log: LineLog;
  private timers: NodeJS.Timeout[] = [];
  private polling: Promise<void> | undefined;
  private lastPruneMs = 0;
  private stopped = false;

  constructor(private readonly opts: ConsoleServiceOptions) {
    this.config = opts.config;
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? (() => undefined);
    this.sampler = new HistorySampler(opts.config.history_bucket);
    this.lease = new HistoryWriterLease(opts.leaseOwner ?? newLeaseOwner(), this.log);
  }

  /** Opens the store, reads once, listens. Rejects when the port cannot be bound. */
  async start(): Promise<AddressInfo> {
    this.store = await openStore(this.opts.storeUrl);
    await this.pollOnce();
    const { server, address, refusals } = await startConsoleHttp(this.config.ip, this.config.port, this);
    this.server = server;
    this.refusals = refusals;
    if (this.opts.loops !== false) {
      this.loop(() => this.pollOnce(), () => this.config.poll_interval * 1000);
      this.loop(() => this.probeOnce(), () => ROLE_PROBE_EVERY_MS);
      void this.probeOnce();
    }
    return address;
  }

  reload(config: ConsoleConfig): void {
    this.config = config;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    await this.polling;
    if (this.store) await this.lease.release(this.store);
    if (this.server) {
      const server = this.server;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    await this.store?.close();
  }

  /** One read of the store into a new view, plus the history sample. Concurrent calls share one read. */
  pollOnce(): Promise<void> {
    this.polling ??= this.readStore().finally(() => (this.polling = undefined));
    return this.polling;
  }

  async probeOnce(): Promise<RolesView> {
    const c = this.config;
    this.rolesView = await probeRoles(c.dns, c.reporters, c.admin, this.status, this.now());
    return this.rolesView;
  }

  // ConsoleBackend (what the HTTP layer reads and calls)

  keys(): KeysView {
    return this.view;
  }

  keysJson(withHosts: boolean): PreSerialized {
    const dnsVersion = this.dnsVersion() ?? null;
    const problems = this.problems();
    const stamp = `${this.view.readAtMs}/${this.view.version}/${dnsVersion}/${JSON.stringify(problems)}`;
    const cache = withHosts ? this.keysCache.full : this.keysCache.summary;
    if (cache?.stamp === stamp) return cache.json;
    const keys = withHosts ? this.view.keys : this.view.keys.map(({ hosts: _hosts, ...summary }) => summary);
    const json = new PreSerialized({ version: this.view.version, dnsVersion, readAtMs: this.view.readAtMs, problems, keys });
    if (withHosts) this.keysCache.full = { stamp, json };
    else this.keysCache.summary = { stamp, json };
    return json;
  }

  /** The lowest route version the DNS replicas behind the watched admin servers serve (undefined: none seen). */
  dnsVersion(): number | undefined {
    const seen = (this.rolesView?.admin ?? []).flatMap((a) => (a.routeVersion === undefined ? [] : [a.routeVersion]));
    return seen.length === 0 ? undefined : Math.min(...seen);
  }

  roles(): RolesView | undefined {
    return this.rolesView;
  }

  problems(): { store?: string; history?: string } {
    const history = this.lease.problem ?? this.historyProblem;
    return { ...(this.storeProblem ? { store: this.storeProblem } : {}), ...(history ? { history } : {}) };
  }

  /** Whether this console writes CallHistory, and who does (the roles page). */
  historyWriter(): HistoryWriterView {
    return this.lease.view(this.config.history_writer);
  }

  theStore(): Store {
    if (!this.store) throw new Error('console store not open');
    return this.store;
  }

  clock(): number {
    return this.now();
  }

  /** After an edit: read again now so the page shows it without waiting for the next poll. */
  async edited(): Promise<void> {
    this.counters.edits++;
    await this.polling;
    await this.pollOnce();
    // DNS picks the edit up on its next poll: look again soon so the page shows it served.
    if (this.opts.loops !== false) setTimeout(() => void this.probeOnce(), 300).unref();
  }

  /** Counters for /metrics: the service's own and the HTTP limits' refusals (http_<kind>). */
  metricCounters(): Record<string, number> {
    const out: Record<string, number> = { ...this.counters };
    for (const [kind, n] of Object.entries(this.refusals?.() ?? {})) out[`http_${kind}`] = n;
    return out;
  }

  degraded(): string | undefined {
    if (this.storeProblem) return `store unreachable, showing data from ${new Date(this.view.readAtMs).toISOString()}: ${this.storeProblem}`;
    return undefined;
  }

  private loop(fn: () => Promise<unknown>, everyMs: () => number): void {
    const tick = (): void => {
      if (this.stopped) return;
      const t = setTimeout(() => {
        this.timers = this.timers.filter((x) => x !== t);
        void fn().finally(tick);
      }, everyMs());
      this.timers.push(t);
    };
    tick();
  }

  private async readStore(): Promise<void> {
    const store = this.theStore();
    this.counters.polls++;
    try {
      // The claim runs beside the reads: a holder's renewal costs the poll no extra round trip.
      const claim: Promise<LeaseTurn | undefined> = this.config.history_writer ? this.lease.claim(store, this.now(), this.leaseMs()) : Promise.resolve(undefined);
      const [table, status, states, turn] = await Promise.all([store.loadAll(), store.readStatus(), this.hostStates(store), claim]);
      // Names change only with the version (a name edit bumps it), like the change log.
      if (table.version !== this.changesAtVersion) {
        [this.changes, this.names] = await Promise.all([store.keyChanges(), store.listKeyNames()]);
        this.changesAtVersion = table.version;
      }
      const now = this.now();
      this.status = status;
      this.view = buildKeysView(table, status, this.changes, now, states, this.names);
      if (this.storeProblem) this.log(`store reachable again`);
      this.storeProblem = undefined;
      if (turn !== undefined) {
        // Sampled every poll, held or not, so a standby that takes over counts from its last read.
        const fresh = this.sampler.sample(status, now);
        if (turn === 'write') await this.writeHistory(store, fresh, now);
        else if (turn === 'baseline') await this.writeHistory(store, [], now);
      }
    } catch (err) {
      this.counters.pollErrors++;
      if (!this.storeProblem) this.log(`store read failed: ${errorLine(err)} (keeping the last view, retrying)`, 'warn');
      this.storeProblem = errorLine(err);
    }
  }

  /** Registrations and drains; none on a database `lars db init` has not upgraded (every host is static there). */
  private async hostStates(store: Store): Promise<HostState[]> {
    try {
      return await store.listHostStates();
    } catch (err) {
      if (isStoreError(err) && err.code === 'STORE_NO_SCHEMA') return [];
      throw err;
    }
  }

  private leaseMs(): number {
    return Math.ceil(LEASE_POLLS * this.config.poll_interval * 1000);
  }

  private async writeHistory(store: Store, fresh: HistoryRow[], nowMs: number): Promise<void> {
    let rows = this.pendingHistory.length === 0 ? fresh : [...this.pendingHistory, ...fresh];
    if (rows.length > MAX_PENDING_HISTORY) {
      this.counters.historyRowsDropped += rows.length - MAX_PENDING_HISTORY;
      rows = rows.slice(rows.length - MAX_PENDING_HISTORY);
    }
    try {
      if (rows.length > 0) await store.addHistory(rows);
      this.counters.historyRowsWritten += rows.length;
      this.pendingHistory = [];
      this.historyProblem = undefined;
      if (nowMs - this.lastPruneMs >= PRUNE_EVERY_MS) {
        this.lastPruneMs = nowMs;
        this.counters.historyRowsPruned += await store.pruneHistory(Math.max(0, Math.floor(nowMs / 1000) - this.config.history_retention));
      }
    } catch (err) {
      // Kept for the next poll: the sampler's baseline already moved past these calls.
      this.pendingHistory = rows;
      this.counters.historyWriteErrors++;
      // A store made before CallHistory existed: say what fixes it.
      const line = /CallHistory/.test(errorLine(err)) ? `${errorLine(err)}: run \`lars db init\` to add the table` : errorLine(err);
      if (!this.historyProblem) this.log(`history write failed: ${line} (kept, retrying)`, 'warn');
      this.historyProblem = line;
    }
  }
}
