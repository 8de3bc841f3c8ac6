/**
 * The `route-watcher` actor: owns the store connection and a RouteWatcher,
 * polls on its clock and publishes to every dns-server over direct links.
 * A dns-server whose mailbox refused a message gets the whole table at the
 * next poll, so a dropped delta can never leave it behind.
 */
import { defineActor } from '../../runtime/actors/actorDefinition.js';
import type { ActorContext } from '../../runtime/actors/actorContext.js';
import { StartupError, errorLine } from '../../runtime/errors.js';
import { openStore } from '../../store/openStore.js';
import type { Store } from '../../store/store.js';
import type { DnsServerMessage, RouteWatcherMessage, RouteWatcherReplies } from './dnsProtocol.js';
import { RouteWatcher } from './routeWatcher.js';

export interface RouteWatcherArgs {
  store: string;
  pollIntervalMs: number;
  reloadIntervalMs: number;
  changeRetentionMs: number;
  retryMaxMs: number;
  stepAsideAfterMs: number;
}

interface State {
  store: Store;
  watcher: RouteWatcher;
  args: RouteWatcherArgs;
  resync: boolean;
  stopped: boolean;
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

function schedule(state: State, ctx: ActorContext, delayMs: number): void {
  ctx.after(delayMs, async () => {
    if (state.stopped) return;
    if (state.resync) {
      const all = state.watcher.current();
      if (all) {
        state.resync = false;
        ctx.peers<DnsServerMessage>('dns-server').tell(all);
      }
    }
    schedule(state, ctx, await state.watcher.poll());
  });
}

export default defineActor<RouteWatcherArgs, State, RouteWatcherMessage, RouteWatcherReplies>({
  async start(args, ctx) {
    // createIfMissing false: a mistyped SQLite path fails the start (one line) instead of serving an empty file forever.
    const store = await openStore(args.store, { log: (line, level) => ctx.log(line, level), createIfMissing: false }).catch((err: unknown) => {
      throw new StartupError(errorLine(err));
    });
    const holder: { state?: State } = {};
    const watcher = new RouteWatcher({
      store,
      now: () => ctx.clock.now(),
      pollIntervalMs: args.pollIntervalMs,
      reloadIntervalMs: args.reloadIntervalMs,
      changeRetentionMs: args.changeRetentionMs,
      retryMaxMs: args.retryMaxMs,
      stepAsideAfterMs: args.stepAsideAfterMs,
      publish: publisher(ctx, () => holder.state),
      log: (line, level) => ctx.log(line, level),
    });
    const state: State = { store, watcher, args, resync: false, stopped: false };
    holder.state = state;
    // The first read (or its failure) comes before this actor counts as up, so the role's `started` follows it.
    schedule(state, ctx, await watcher.poll());
    return state;
  },

  handle(state, msg) {
    if (msg.type === 'getRoutes') return state.watcher.current() ?? { type: 'notLoaded' };
  },

  reload(state, args) {
    // Intervals apply from the next poll; the store URL needs a restart.
    Object.assign(state.args, { ...args, store: state.args.store });
    state.watcher.setIntervals({ pollIntervalMs: args.pollIntervalMs, reloadIntervalMs: args.reloadIntervalMs, changeRetentionMs: args.changeRetentionMs, retryMaxMs: args.retryMaxMs, stepAsideAfterMs: args.stepAsideAfterMs });
  },

  async stop(state) {
    state.stopped = true;
    await state.store.close();
  },

  metrics(state) {
    const w = state.watcher;
    return {
      counters: { ...w.stats, dbConflicts: state.store.counters.conflicts, storeFailovers: state.store.counters.failovers },
      gauges: { route_version: w.version, route_keys: w.keyCount, route_hosts: w.hostCount, store_degraded: w.degraded === undefined ? 0 : 1, stepped_aside: w.steppedAside === undefined ? 0 : 1 },
      ...(w.degraded === undefined ? {} : { degraded: w.steppedAside ?? `store unavailable, serving route version ${w.version}: ${w.degraded}` }),
    };
  },
});
