/**
 * Embedded mode (`LarsClient.embedded()`): the agent's load balancer inside
 * the application. The same RouteLb as the agent, fed by the agent's own DNS
 * link (failover, backoff, subscriptions and pushes, re-pull on reconnect)
 * and reporting through the agent's reporter link, one aggregated report
 * per key per interval. Everything runs on the application's thread; keys
 * it never asks for cost nothing; every timer is unref'd (except while a
 * call waits for a first route), the sockets too, and close() releases all.
 *
 * `pickHost` is the hot path: synchronous, no I/O, no clock read past the
 * first call of an event-loop turn (a clock read costs ~200 ns on this VM,
 * more than the decision), one small object per call.
 */
import type { HostAddress } from '../actors/lb/core/hostInfo.js';
import { TurnClock } from '../actors/lb/core/agentTurnClock.js';
import { LarsRetCode } from '../actors/lb/core/retCode.js';
import { ReporterLink } from '../actors/lb/core/reporterLink.js';
import { RouteLb } from '../actors/lb/core/routeLb.js';
import { errorLine } from '../runtime/errors.js';
import { CALL_HOST, CALL_ROUTE, type CallKind } from './clientStats.js';
import { EmbeddedCounters } from './embeddedCounters.js';
import { EmbeddedDnsFeed, PULL_STALE_EVERY_MS } from './embeddedDnsFeed.js';
import { parseEmbeddedOptions, type EmbeddedConfig, type EmbeddedClientOptions } from './embeddedOptions.js';
import { EmbeddedSnapshot } from './embeddedSnapshot.js';
import type { EmbeddedClientStats } from './embeddedStats.js';
import { holdOpen } from './holdOpen.js';
import { HostTextCache } from './hostText.js';
import { PeriodicTimers } from './periodicTimers.js';
import { LarsArgumentError, LarsError } from './larsError.js';
import { RouteWaits, type RouteWait } from './routeWaits.js';
import { RouteWatchers, type RouteListener } from './routeWatchers.js';
import type { RouteRule } from '../proto/routeRule.js';
import type { CallOptions, Host, LarsApi, PickOptions, LarsCallStats, ReportResult, RouteHost } from './types.js';
import { normalizeWeight, sameAddresses } from '../proto/hostWeight.js';
import { checkCallerTags, checkHost, checkKey, checkPort, checkTimeout, isInt32Pair, reportRetcode } from './validate.js';
import { closedError, hostError, keyLimitError, unreachedError } from './embeddedErrors.js';
import { EmbeddedRegistrations } from './embeddedRegistration.js';
import type { Registration, RegisterOptions } from './registration.js';

/** Like the agent's parking bound: past it a call for a key without a route is answered at once. */
const MAX_WAITING_CALLS = 10_000;

export class EmbeddedLarsClient implements LarsApi {
  private readonly config: EmbeddedConfig;
  private readonly turn: TurnClock;
  private readonly rlb: RouteLb;
  private readonly dns: EmbeddedDnsFeed;
  private readonly reporter: ReporterLink | undefined;
  private readonly texts = new HostTextCache();
  private readonly waits: RouteWaits;
  private readonly watchers: RouteWatchers;
  private readonly timers: PeriodicTimers;
  private readonly counters = new EmbeddedCounters();
  private readonly registrations: EmbeddedRegistrations;
  private isClosed = false;
  private readonly snapshot: EmbeddedSnapshot;

  /** Use `LarsClient.embedded(options)`. */
  static async start(options: EmbeddedClientOptions): Promise<EmbeddedLarsClient> {
    const client = new EmbeddedLarsClient(parseEmbeddedOptions(options));
    await holdOpen(client.dns.firstContact);
    return client;
  }

  private constructor(config: EmbeddedConfig) {
    this.config = config;
    this.timers = new PeriodicTimers(config.clock);
    this.turn = new TurnClock(config.clock);
    this.rlb = new RouteLb({ now: this.turn.now, thresholds: config.thresholds, maxKeys: config.maxKeys, zone: config.zone });
    this.snapshot = new EmbeddedSnapshot(config.snapshotPath, this.rlb, () => this.turn.refresh());
    this.waits = new RouteWaits(config.clock, MAX_WAITING_CALLS, (w) => this.answerWait(w));
    this.watchers = new RouteWatchers((err) => process.emitWarning(`lars: a watch listener threw: ${errorLine(err)}`, 'LarsWatchWarning'));
    this.snapshot.load();
    this.registrations = new EmbeddedRegistrations({
      link: { sendFrame: (msgid, body) => this.dns.sendFrame(msgid, body), connected: () => this.dns.isConnected },
      config: config.register,
      clock: config.clock,
      warn: (line) => process.emitWarning(`lars: ${line}`, 'LarsRegisterWarning'),
    });
    this.dns = new EmbeddedDnsFeed({ config, rlb: this.rlb, turn: this.turn, onRoute: this.onRoute, closed: () => this.isClosed, registration: this.registrations });
    this.reporter =
      config.reporter.length === 0
        ? undefined
        : new ReporterLink({ addresses: config.reporter, caller: config.caller, maxQueuedReports: config.maxQueuedReports, link: config.link, unref: true });
    this.dns.start();
    this.reporter?.start();
    if (this.reporter !== undefined) this.timers.every(config.reportIntervalMs, () => this.sendReports());
    if (config.snapshotPath !== '') this.timers.every(config.snapshotIntervalMs, () => this.snapshot.save());
    this.timers.every(PULL_STALE_EVERY_MS, () => this.dns.pullStale());
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * One host for (modid, cmdid), now, from memory: the hot path. Throws
   * LarsError OVERLOAD (every host overloaded, not a probe turn), NOEXIST
   * (no host, or the key's first route has not arrived yet: it is being
   * asked for), UNREACHABLE (no route and no DNS address ever reached),
   * SYSTEM (closed, or max_keys reached).
   */
  pickHost(modid: number, cmdid: number, options?: PickOptions): Host {
    if (!isInt32Pair(modid, cmdid)) checkKey(modid, cmdid);
    const tags = options?.tags === undefined ? undefined : checkCallerTags('options.tags', options.tags);
    const stats = this.counters.pickHost;
    stats.calls++;
    if (this.isClosed) throw this.counters.countError(stats, closedError('pickHost', modid, cmdid));
    const o = this.rlb.getHost(modid, cmdid, tags);
    if (o.retcode === LarsRetCode.RET_SUCC && !o.pull) {
      stats.ok++;
      return { ip: this.texts.text(o.ip), port: o.port };
    }
    return this.pickSlow(stats, 'pickHost', modid, cmdid, o.retcode, o.ip, o.port, o.pending, o.pull);
  }

  /**
   * One host for (modid, cmdid). A key's first call waits for its route
   * (pull_wait_ms, or options.timeoutMs); after that it answers from memory
   * like pickHost. Rejects with the same LarsError codes.
   */
  getHost(modid: number, cmdid: number, options?: CallOptions): Promise<Host> {
    return this.call<Host>(CALL_HOST, modid, cmdid, options);
  }

  /** Every host of (modid, cmdid); [] when DNS knows none. Waits for a first route like getHost. */
  getRoute(modid: number, cmdid: number, options?: CallOptions): Promise<RouteHost[]> {
    return this.call<RouteHost[]>(CALL_ROUTE, modid, cmdid, options);
  }

  /** Fetch a key's route at start-up; true when it has hosts. */
  async regInit(modid: number, cmdid: number, options?: CallOptions): Promise<boolean> {
    const hosts = await this.getRoute(modid, cmdid, options);
    return hosts.length > 0;
  }

  /**
   * How a call to `host` went: moves hosts between idle and overloaded, and
   * is counted into the key's next status report. Synchronous; throws
   * LarsArgumentError on bad arguments; after close() dropped and counted.
   */
  report(modid: number, cmdid: number, host: Host, result: ReportResult): void {
    if (!isInt32Pair(modid, cmdid)) checkKey(modid, cmdid);
    // An address this client handed out needs no parsing.
    const known = typeof host === 'object' && host !== null && typeof host.ip === 'string' ? this.texts.wire(host.ip) : undefined;
    let ip: number;
    let port: number;
    if (known === undefined) {
      ({ ip, port } = checkHost(host));
    } else {
      ip = known;
      port = checkPort('host.port', host.port, 0, 65535);
    }
    const retcode = reportRetcode(result);
    if (this.isClosed) {
      this.counters.reportsDropped++;
      return;
    }
    this.counters.reports++;
    this.rlb.report(modid, cmdid, ip, port, retcode);
  }

  /**
   * Call `listener` with the key's hosts whenever DNS changes them (the
   * empty list when the last host is deleted); right away (in a microtask)
   * when the key already has a route. Returns the unsubscribe function.
   */
  watch(modid: number, cmdid: number, listener: RouteListener): () => void {
    checkKey(modid, cmdid);
    if (typeof listener !== 'function') throw new LarsArgumentError(`listener must be a function, got ${typeof listener}`);
    if (this.isClosed) throw closedError('watch', modid, cmdid);
    const r = this.rlb.getRoute(modid, cmdid);
    if (!r.accepted) throw keyLimitError('watch', modid, cmdid, this.config.maxKeys);
    if (r.pull) this.dns.pull(modid, cmdid);
    return this.watchers.add(modid, cmdid, listener, r.pending ? undefined : this.hostsOf(r.hosts));
  }

  /**
   * Registers an instance with DNS over this client's own link (owner
   * `client HOSTNAME:PID`) and keeps it alive until deregister() or close().
   * Rejects with LarsError REFUSED (token), UNAVAILABLE (the store cannot be
   * written now), TIMEOUT (no DNS answer within register.answer_wait_ms) or
   * SYSTEM (closed), LarsArgumentError for bad options.
   */
  register(options: RegisterOptions): Promise<Registration> {
    if (this.isClosed) return Promise.reject(new LarsError('SYSTEM', 'register(): the client is closed'));
    return holdOpen(this.registrations.register(options));
  }

  stats(): EmbeddedClientStats {
    const reporter = this.reporter;
    return this.counters.snapshot({
      inFlight: this.waits.size,
      watchers: this.watchers,
      snapshot: this.snapshot,
      lb: this.rlb.stats(),
      dns: this.dns.stats(),
      reporter: reporter === undefined ? undefined : { connected: reporter.connected, queued: reporter.queued, counters: reporter.counters() },
    });
  }

  /**
   * Send the last window's reports, save the snapshot, close both links and
   * stop every timer; calls still waiting reject with SYSTEM. Safe to call twice.
   */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.timers.stopAll();
    for (const w of this.waits.drain()) this.settle(w, closedError(w.kind === CALL_HOST ? 'getHost' : 'getRoute', w.modid, w.cmdid));
    this.sendReports();
    this.snapshot.save();
    this.watchers.clear();
    // Withdrawn before the link closes, so subscribers see them go now rather than a ttl later.
    await holdOpen(this.registrations.close());
    // The sockets are unref'd: without this the process could exit before the last reports leave.
    await holdOpen(Promise.all([this.dns.close(), this.reporter?.close()]));
  }

  private call<T>(kind: CallKind, modid: number, cmdid: number, options: CallOptions | undefined): Promise<T> {
    let waitMs = this.config.pullWaitMs;
    let tags: readonly string[] | undefined;
    try {
      checkKey(modid, cmdid);
      if (options?.timeoutMs !== undefined) waitMs = checkTimeout('options.timeoutMs', options.timeoutMs);
      if (options?.tags !== undefined) tags = checkCallerTags('options.tags', options.tags);
    } catch (err) {
      return Promise.reject(err);
    }
    const stats = this.counters.calls[kind];
    stats.calls++;
    const name = kind === CALL_HOST ? 'getHost' : 'getRoute';
    if (this.isClosed) return Promise.reject(this.counters.countError(stats, closedError(name, modid, cmdid)));
    if (kind === CALL_HOST) {
      const o = this.rlb.getHost(modid, cmdid, tags);
      if (!o.pending) {
        try {
          return Promise.resolve(this.pickSlow(stats, name, modid, cmdid, o.retcode, o.ip, o.port, false, o.pull) as T);
        } catch (err) {
          return Promise.reject(err);
        }
      }
      if (o.pull) this.dns.pull(modid, cmdid);
    } else {
      const r = this.rlb.getRoute(modid, cmdid);
      if (r.pull) this.dns.pull(modid, cmdid);
      if (!r.pending) {
        stats.ok++;
        return Promise.resolve(this.hostsOf(r.hosts) as T);
      }
    }
    // Waiting for a route no reachable DNS can send would only hide a wrong address.
    const none = this.dns.neverReached();
    if (none !== undefined) return Promise.reject(this.counters.countError(stats, unreachedError(name, modid, cmdid, none)));
    const waiting = this.waits.add<T>(kind, modid, cmdid, waitMs, tags);
    if (waiting !== undefined) return waiting;
    // As the agent answers past its parking bound: at once, SYSTEM (getHost) or no hosts (getRoute).
    this.counters.waitOverflow++;
    if (kind === CALL_ROUTE) {
      stats.ok++;
      return Promise.resolve([] as T);
    }
    return Promise.reject(this.counters.countError(stats, new LarsError('SYSTEM', `${name}(${modid}, ${cmdid}): ${MAX_WAITING_CALLS} calls already wait for routes`)));
  }

  /** Rare outcomes of pickHost/getHost, out of line so the hot path stays small. */
  private pickSlow(stats: LarsCallStats, name: string, modid: number, cmdid: number, retcode: number, ip: number, port: number, pending: boolean, pull: boolean): Host {
    if (pull) this.dns.pull(modid, cmdid);
    if (retcode === LarsRetCode.RET_SUCC) {
      stats.ok++;
      return { ip: this.texts.text(ip), port };
    }
    const none = pending ? this.dns.neverReached() : undefined;
    if (none !== undefined) throw this.counters.countError(stats, unreachedError(name, modid, cmdid, none));
    throw this.counters.countError(stats, hostError(name, modid, cmdid, retcode, pending, this.config.maxKeys));
  }

  /** A waiting call's route arrived or its wait ended: answer it from what the key has now. */
  private answerWait(w: RouteWait): void {
    if (w.kind === CALL_ROUTE) {
      const r = this.rlb.getRoute(w.modid, w.cmdid);
      if (r.pull) this.dns.pull(w.modid, w.cmdid);
      this.counters.calls[CALL_ROUTE].ok++;
      w.resolve(this.hostsOf(r.hosts));
      return;
    }
    const stats = this.counters.calls[CALL_HOST];
    const o = this.rlb.getHost(w.modid, w.cmdid, w.tags);
    let host: Host;
    try {
      host = this.pickSlow(stats, 'getHost', w.modid, w.cmdid, o.retcode, o.ip, o.port, o.pending, o.pull);
    } catch (err) {
      w.reject(err as Error);
      return;
    }
    w.resolve(host);
  }

  private settle(w: RouteWait, err: LarsError): void {
    w.reject(this.counters.countError(this.counters.calls[w.kind], err));
  }

  /** A GetRouteResponse from DNS, reply or push. */
  private readonly onRoute = (modid: number, cmdid: number, hosts: HostAddress[], rules: RouteRule[]): void => {
    const lb = this.rlb.find(modid, cmdid);
    if (lb === undefined || this.isClosed) {
      this.counters.routesUnasked++;
      return;
    }
    this.turn.refresh();
    const watched = this.watchers.watching(modid, cmdid);
    const hadRoute = lb.hasRoute;
    const before = watched ? lb.addresses() : undefined;
    this.rlb.applyRoute(modid, cmdid, hosts, true, rules);
    const waiting = this.waits.take(modid, cmdid);
    if (waiting !== undefined) for (const w of waiting) this.answerWait(w);
    if (before !== undefined) {
      const after = lb.addresses();
      if (!hadRoute || !sameAddresses(before, after)) this.watchers.notify(modid, cmdid, this.hostsOf(after));
    }
  };

  private sendReports(): void {
    if (this.reporter === undefined) return;
    const reports = this.rlb.takeReports();
    if (reports.length > 0) this.reporter.send(reports);
  }

  private hostsOf(addrs: readonly HostAddress[]): RouteHost[] {
    return addrs.map((a) => ({ ip: this.texts.text(a.ip), port: a.port, weight: normalizeWeight(a.weight) }));
  }
}
