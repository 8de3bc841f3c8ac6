/**
 * The `route-watcher` actor: owns the store connection and a RouteWatcher,
 * polls on its clock and publishes to every dns-server over direct links.
 * A dns-server whose mailbox refused a message gets the whole table at the
 * next poll, so a dropped delta can never leave it behind.
 *
 * It also owns this replica's registration writes (LeaseWriter): the
 * dns-servers tell it what to register, renew and deregister, and an edit
 * that changed served hosts is polled and published at once.
 *
 * A poll does not hold the inbox (a timer callback's promise would): a
 * store call stuck on a hung node must not hold back the watchdog that
 * marks it failing, the step-aside it leads to, nor getRoutes asks. Polls
 * run one at a time: one asked for while another runs follows it.
 */
import { defineActor } from '../../runtime/actors/actorDefinition.js';
import type { ActorContext } from '../../runtime/actors/actorContext.js';
import { StartupError, errorLine } from '../../runtime/errors.js';
import { openStore } from '../../store/openStore.js';
import type { Store } from '../../store/store.js';
import type { DnsServerMessage, RouteWatcherMessage, RouteWatcherReplies } from './dnsProtocol.js';
import { RouteWatcher } from './routeWatcher.js';
import { LeaseWriter } from './leaseWriter.js';
import type { LineLog } from '../../runtime/log/logLine.js';

export interface RouteWatcherArgs {
  store: string;
  pollIntervalMs: number;
  reloadIntervalMs: number;
  changeRetentionMs: number;
  auditRetentionMs: number;
  retryMaxMs: number;
  stepAsideAfterMs: number;
  /** Names this replica in RouteLease.replica. */
  replica: string;
  renewIntervalMs: number;
  sweepIntervalMs: number;
  protectShare: number;
  storeQueryTimeoutMs: number;
  storeConnectTimeoutMs: number;
}

interface State {
  store: Store;
  watcher: RouteWatcher;
  leases: LeaseWriter;
  args: RouteWatcherArgs;
  resync: boolean;
  stopped: boolean;
  /** The poll now running, if any. */
  running: Promise<number> | undefined;
  /** Another poll was asked for while one ran. */
  pollAgain: boolean;
  /** A watchdog timer is armed. */
  guarding: boolean;
}

function publisher(ctx: ActorContext, state: () => State | undefined): (msg: DnsServerMessage) => void {
  return (msg) => {
    const servers = ctx.peers<DnsServerMessage>('dns-server');
    if (servers.tell(msg) < servers.size) {
      const s = state();
      if (s) s.resync = true;
      ctx.countError('publish_refused');
    }
  };
}

/** Polls now (in turn with the scheduled polls), so this replica's subscribers get a lease edit without waiting poll_interval. */
/** Polls now (or right after the poll that runs), so this replica's subscribers get a lease edit without waiting poll_interval. */
function pollSoon(state: State, ctx: ActorContext): void {
  if (!state.stopped) void pollOnce(state, ctx);
}

function schedule(state: State, ctx: ActorContext, delayMs: number): void {
  ctx.after(delayMs, () => {
    if (state.stopped) return;
    if (state.resync) {
      const all = state.watcher.current();
      if (all) {
        state.resync = false;
        ctx.peers<DnsServerMessage>('dns-server').tell(all);
      }
    }
    void pollThenSchedule(state, ctx);
  });
}

async function pollThenSchedule(state: State, ctx: ActorContext): Promise<void> {
  schedule(state, ctx, await pollOnce(state, ctx));
}

/** One poll at a time; asked while one runs, another follows it and the caller gets the last one's delay. */
function pollOnce(state: State, ctx: ActorContext): Promise<number> {
  if (state.running !== undefined) {
    state.pollAgain = true;
    return state.running;
  }
  const run = (async (): Promise<number> => {
    let delay: number;
    do {
      state.pollAgain = false;
      const next = state.watcher.poll();
      guard(state, ctx);
      delay = await next;
    } while (state.pollAgain && !state.stopped);
    state.running = undefined;
    return delay;
  })();
  state.running = run;
  return run;
}

/** While a poll runs: the watchdog's timer, one at a time. */
function guard(state: State, ctx: ActorContext): void {
  const due = state.watcher.watchdogDueInMs();
  if (state.guarding || due === undefined) return;
  state.guarding = true;
  ctx.after(due, () => {
    state.guarding = false;
    if (state.stopped) return;
    state.watcher.watchdog();
    guard(state, ctx);
  });
}

export default defineActor<RouteWatcherArgs, State, RouteWatcherMessage, RouteWatcherReplies>({
  async start(args, ctx) {
    // createIfMissing false: a mistyped SQLite path fails the start (one line) instead of serving an empty file forever.
    const holder: { state?: State } = {};
    // After stop, a poll that was still running ends quietly.
    const log: LineLog = (line, level) => {
      if (holder.state?.stopped !== true) ctx.log(line, level);
    };
    const store = await openStore(args.store, { log, createIfMissing: false, queryTimeoutMs: args.storeQueryTimeoutMs, connectTimeoutMs: args.storeConnectTimeoutMs }).catch((err: unknown) => {
      throw new StartupError(errorLine(err));
    });
    const watcher = new RouteWatcher({
      store,
      now: () => ctx.clock.now(),
      pollIntervalMs: args.pollIntervalMs,
      reloadIntervalMs: args.reloadIntervalMs,
      changeRetentionMs: args.changeRetentionMs,
      auditRetentionMs: args.auditRetentionMs,
      retryMaxMs: args.retryMaxMs,
      stepAsideAfterMs: args.stepAsideAfterMs,
      stallAfterMs: args.storeQueryTimeoutMs,
      publish: publisher(ctx, () => holder.state),
      log,
    });
    const leases = new LeaseWriter({
      store,
      replica: args.replica,
      clock: ctx.clock,
      renewIntervalMs: args.renewIntervalMs,
      sweepIntervalMs: args.sweepIntervalMs,
      protectShare: args.protectShare,
      onRouteEdit: () => {
        if (holder.state) pollSoon(holder.state, ctx);
      },
      log,
    });
    const state: State = { store, watcher, leases, args, resync: false, stopped: false, running: undefined, pollAgain: false, guarding: false };
    holder.state = state;
    leases.start();
    // The first read (or its failure) comes before this actor counts as up, so the role's `started` follows it.
    await pollThenSchedule(state, ctx);
    return state;
  },

  handle(state, msg, ctx) {
    if (msg.type === 'getRoutes') return state.watcher.current() ?? { type: 'notLoaded' };
    if (msg.type === 'renewLeases') {
      state.leases.renew(msg.renewals);
      return;
    }
    // Answered when written, without holding the inbox: polls go on, and what arrives meanwhile is written together.
    const from = ctx.sender;
    const { requestId } = msg;
    void state.leases.apply(msg.ops).then((reply) => {
      if (from !== undefined && from.kind === 'dns-server') ctx.peers<DnsServerMessage>('dns-server').at(from.index).tell({ type: 'leasesApplied', requestId, reply });
    });
  },

  reload(state, args) {
    // Intervals apply from the next poll; the store URL needs a restart.
    Object.assign(state.args, { ...args, store: state.args.store });
    state.watcher.setIntervals({ pollIntervalMs: args.pollIntervalMs, reloadIntervalMs: args.reloadIntervalMs, changeRetentionMs: args.changeRetentionMs, auditRetentionMs: args.auditRetentionMs, retryMaxMs: args.retryMaxMs, stepAsideAfterMs: args.stepAsideAfterMs });
    state.leases.setIntervals({ renewIntervalMs: args.renewIntervalMs, sweepIntervalMs: args.sweepIntervalMs, protectShare: args.protectShare });
  },

  async stop(state) {
    state.stopped = true;
    await state.leases.stop();
    await state.store.close();
  },

  metrics(state) {
    const w = state.watcher;
    const l = state.leases;
    return {
      counters: { ...w.stats, dbConflicts: state.store.counters.conflicts, storeFailovers: state.store.counters.failovers, ...leaseCounters(l) },
      gauges: {
        route_version: w.version,
        route_keys: w.keyCount,
        route_hosts: w.hostCount,
        store_degraded: w.degraded === undefined ? 0 : 1,
        stepped_aside: w.steppedAside === undefined ? 0 : 1,
        expiry_paused: l.isPaused ? 1 : 0,
        leases: l.lastSweep?.leases ?? 0,
        leases_late: l.lastSweep?.late ?? 0,
        renewals_pending: l.pendingRenewals,
      },
      ...(w.degraded === undefined ? {} : { degraded: w.steppedAside ?? `store unavailable, serving route version ${w.version}: ${w.degraded}` }),
      // Paused expiry protects the table: worth an operator's look, not a failed health check.
      ...(l.pausedReason === undefined ? {} : { warning: l.pausedReason }),
    };
  },
});

function leaseCounters(l: LeaseWriter): Record<string, number> {
  const s = l.stats;
  return {
    lease_edits: s.edits,
    lease_edit_errors: s.editErrors,
    registrations_written: s.registered,
    deregistrations_written: s.deregistered,
    renewals_written: s.renewed,
    renew_batches: s.renewStatements,
    renew_errors: s.renewErrors,
    re_registered: s.reRegistered,
    renew_moved: s.renewMoved,
    sweeps: s.sweeps,
    sweep_errors: s.sweepErrors,
    expired: s.expired,
    expiry_paused_sweeps: s.pausedSweeps,
  };
}
