/**
 * The `dns-server` actor: owns the DNS listener (DnsService). It opens the
 * port only once it holds a loaded route table, so a replica that has not
 * read the store yet never tells agents "no hosts". It asks the watcher for
 * the table at start (after a restart the watcher already has it), and
 * otherwise waits for the watcher's first routesReset.
 */
import { defineActor } from '../../runtime/actors/actorDefinition.js';
import type { ActorContext } from '../../runtime/actors/actorContext.js';
import { StartupError } from '../../runtime/errors.js';
import type { DnsServerMessage, RouteWatcherMessage, RouteWatcherReplies } from './dnsProtocol.js';
import { DnsService } from './dnsService.js';
import { RegistrationDesk } from './registrationDesk.js';
import { WatcherLeaseSink } from './watcherLeaseSink.js';

export interface DnsServerArgs {
  ip: string;
  port: number;
  maxConn: number;
  maxOutBytes: number;
  maxSubscriptionsPerConn: number;
  maxSubscriptions: number;
  maxSubscriptionsPerIp: number;
  maxWaitingSubscriptions: number;
  maxWaitingSubscriptionsPerConn: number;
  maxWaitingSubscriptionsPerIp: number;
  handshakeTimeoutMs: number;
  handshakeQuietPerIp: number;
  /** `[register] token`; empty: only loopback peers may register. */
  registerToken: string;
}

interface State {
  service: DnsService;
  args: DnsServerArgs;
  desk: RegistrationDesk;
  leases: WatcherLeaseSink;
  /** Told by the watcher that the store is unreadable: stay closed until it says otherwise. */
  aside: string | undefined;
}

async function fetchTable(state: State, ctx: ActorContext): Promise<void> {
  try {
    const reply = await ctx.peers<RouteWatcherMessage, RouteWatcherReplies>('route-watcher').at(0).ask({ type: 'getRoutes' }, 5000);
    if (reply.type === 'routesReset') state.service.apply(reply);
  } catch {
    // Watcher busy or restarting: its next message brings the table.
  }
}

async function listenWhenLoaded(state: State, ctx: ActorContext): Promise<void> {
  if (state.aside !== undefined || state.service.isListening || !state.service.loaded) return;
  try {
    const port = await state.service.listen();
    ctx.log(`serving routes version ${state.service.routes.version} on ${state.args.ip}:${port}`);
  } catch (err) {
    // A taken port will not free itself: crash, and let supervision give up with this message.
    throw new StartupError(`cannot listen on ${state.args.ip}:${state.args.port}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

export default defineActor<DnsServerArgs, State, DnsServerMessage>({
  async start(args, ctx) {
    const leases = new WatcherLeaseSink(ctx);
    // Read on every request: a reload replaces state.args.
    const current: { state?: State } = {};
    const desk = new RegistrationDesk({ sink: leases, token: () => (current.state?.args ?? args).registerToken, log: (line, level) => ctx.log(line, level) });
    const service = new DnsService({
      ip: args.ip,
      port: args.port,
      maxConn: args.maxConn,
      maxOutBytes: args.maxOutBytes,
      maxSubscriptionsPerConn: args.maxSubscriptionsPerConn,
      maxSubscriptions: args.maxSubscriptions,
      maxSubscriptionsPerIp: args.maxSubscriptionsPerIp,
      maxWaitingSubscriptions: args.maxWaitingSubscriptions,
      maxWaitingSubscriptionsPerConn: args.maxWaitingSubscriptionsPerConn,
      maxWaitingSubscriptionsPerIp: args.maxWaitingSubscriptionsPerIp,
      handshakeTimeoutMs: args.handshakeTimeoutMs,
      handshakeQuietPerIp: args.handshakeQuietPerIp,
      onHandlerError: (err) => ctx.log(`handler error: ${String(err)}`, 'error'),
      log: (line, level) => ctx.log(line, level),
      registrations: desk,
    });
    const state: State = { service, args, desk, leases, aside: undefined };
    current.state = state;
    await fetchTable(state, ctx);
    await listenWhenLoaded(state, ctx);
    return state;
  },

  async handle(state, msg, ctx) {
    if (msg.type === 'stepAside') {
      state.aside = msg.reason;
      const agents = state.service.server.connectionCount;
      await state.service.stepAside();
      ctx.log(`stepped aside: closed ${agents} agent connections and the port (${msg.reason})`, 'warn');
      return;
    }
    if (msg.type === 'leasesApplied') {
      state.leases.settle(msg);
      return;
    }
    if (msg.type === 'stepBack') state.aside = undefined;
    else if (msg.type === 'routesChanged' && !state.service.loaded) await fetchTable(state, ctx);
    else state.service.apply(msg);
    await listenWhenLoaded(state, ctx);
  },

  reload(state, args) {
    // Only the token is reloadable here; the listener's keys need a restart.
    state.args = { ...state.args, registerToken: args.registerToken };
  },

  async stop(state) {
    state.leases.failAll('DNS replica stopping');
    await state.service.close();
  },

  metrics(state) {
    const s = state.service;
    return {
      counters: {
        ...s.server.counters.snapshot(),
        get_route: s.stats.getRoute,
        pushes: s.stats.pushes,
        pushed_keys: s.stats.pushedKeys,
        subscriptions_refused_conn: s.stats.subscriptionsRefusedConn,
        subscriptions_refused_ip: s.stats.subscriptionsRefusedPeer,
        subscriptions_refused_total: s.stats.subscriptionsRefusedTotal,
        waiting_evicted_conn: s.subscriptions.waiting.evicted.conn,
        waiting_evicted_ip: s.subscriptions.waiting.evicted.peer,
        waiting_evicted_table: s.subscriptions.waiting.evicted.table,
        waiting_promoted: s.subscriptions.promoted,
        oversized_sent: s.stats.oversizedSent,
        ...registrationCounters(state.desk, state.leases),
      },
      gauges: {
        route_version: s.routes.version,
        route_keys: s.routes.keyCount,
        route_hosts: s.routes.hostCount,
        connections: s.server.connectionCount,
        subscribers: s.subscriptions.connectionCount,
        subscriptions: s.subscriptions.subscriptionCount,
        subscribed_keys: s.subscriptions.keyCount,
        subscriptions_waiting: s.subscriptions.waiting.size,
        oversized_keys: s.routes.oversized.size,
        listening: s.isListening ? 1 : 0,
        stepped_aside: state.aside === undefined ? 0 : 1,
        registrations_held: state.desk.heldCount,
      },
      ...(state.aside === undefined ? {} : { degraded: state.aside }),
      histograms: { push_lag_ms: s.pushLagMs.snapshot() },
      ...(s.warning === undefined ? {} : { warning: s.warning }),
    };
  },
});

function registrationCounters(desk: RegistrationDesk, leases: WatcherLeaseSink): Record<string, number> {
  const r = desk.stats;
  return {
    register_requests: r.registerRequests,
    deregister_requests: r.deregisterRequests,
    instances_registered: r.registered,
    instances_renewed: r.renewed,
    instances_deregistered: r.deregistered,
    register_refused_token: r.refusedToken,
    register_refused_remote: r.refusedRemote,
    register_bad_argument: r.badArgument,
    register_unavailable: r.unavailable,
    register_malformed: r.malformed,
    renewals_dropped: leases.renewalsDropped,
  };
}
