/**
 * The agent's `dns-client` actor around a DnsLink: pull requests from the
 * UDP servers become GetRouteRequests; every GetRouteResponse, reply or
 * push, goes straight to the UDP server owning the key. On each (re)connect
 * every UDP server resets its keys to NEW and pulls them again, so nothing
 * missed while disconnected stays stale.
 *
 * It also holds the agent's registration table (a Registrar): the table
 * lives beside the one link that carries it, so a register, its renewals and
 * the whole-table re-send after a reconnect need no hop between actors; an
 * application's request reaches it from whichever UDP port took it (one hop)
 * and the answer goes back to that port (one more).
 */
import { hostname } from 'node:os';
import { defineActor } from '../../runtime/actors/actorDefinition.js';
import type { ActorContext } from '../../runtime/actors/actorContext.js';
import type { ActorGroup } from '../../runtime/actors/actorRef.js';
import type { HostPort } from '../../runtime/config/configSchema.js';
import { ownerOf, type AppRegistrationAnswer, type DnsClientControl, type DnsClientMessage, type UdpServerMessage } from './agentProtocol.js';
import type { LinkValues, RegisterValues } from './core/agentConfig.js';
import { DnsLink } from './core/dnsLink.js';
import { graceLinkEvents, LinkGrace, watchGrace } from './linkGrace.js';
import { Registrar } from './core/registrar.js';
import { CheckRunner, checkSpecProblem, UNCHECKED } from './core/checkRunner.js';
import type { ServiceDeclaration } from './serviceDeclarations.js';
import { syncServices } from './serviceSync.js';

export interface DnsClientArgs {
  addresses: HostPort[];
  link: LinkValues;
  linkGraceMs: number;
  register: RegisterValues;
  /** agent.ini [service.NAME] and agent.d/*.ini: registered at start, brought in line on every reload. */
  services: ServiceDeclaration[];
}

interface DnsClientState {
  link: DnsLink;
  grace: LinkGrace;
  registrar: Registrar;
  checks: CheckRunner;
}

/** How often the table looks at its waits, heartbeats and renewals: the ttl + 1 s bound leaves room for it. */
const REGISTRAR_TICK_MS = 100;

function registrarSettings(r: RegisterValues): { token: string; renewIntervalMs: number; answerWaitMs: number; maxInstances: number } {
  return { token: r.token, renewIntervalMs: r.renew_interval_ms, answerWaitMs: r.answer_wait_ms, maxInstances: r.max_instances };
}

export default defineActor<DnsClientArgs, DnsClientState, DnsClientMessage, Record<never, never>, DnsClientControl>({
  async start(args, ctx) {
    const grace = new LinkGrace('DNS', args.linkGraceMs, () => ctx.clock.now());
    const servers = (): ActorGroup<UdpServerMessage> => ctx.peers<UdpServerMessage>('udp-server');
    let registrar: Registrar | undefined;
    const events = graceLinkEvents(grace, ctx, 'serving known routes meanwhile', () => {
      servers().tell({ type: 'dnsConnected' });
      registrar?.connected();
    });
    const link = new DnsLink({
      addresses: args.addresses,
      link: args.link,
      onRoute: (modid, cmdid, hosts, rules) => {
        const s = servers();
        s.at(ownerOf(modid, cmdid) % s.size).tell({ type: 'route', modid, cmdid, hosts, rules });
      },
      onRegisterResponse: (r) => registrar?.onResponse(r),
      ...events,
      onDisconnected: (reason) => {
        registrar?.disconnected();
        events.onDisconnected(reason);
      },
      onHandlerError: (err) => ctx.log(`route handler error: ${String(err)}`, 'error'),
    });
    const checks = new CheckRunner({
      report: (key, state) => registrar?.setCheckState(key, state),
      log: (line, level) => ctx.log(line, level),
    });
    registrar = new Registrar({
      owner: `agent ${hostname()}`,
      ...registrarSettings(args.register),
      send: (msgid, body) => link.sendFrame(msgid, body),
      connected: () => link.connected,
      now: () => ctx.clock.now(),
      log: (line, level) => ctx.log(line, level),
      checkProblem: checkSpecProblem,
      onCheckSpec: (key, instance) => {
        checks.specChanged(key, instance?.checkSpec);
        return instance === undefined ? undefined : (checks.verdict(key) ?? UNCHECKED);
      },
    });
    syncDeclared(registrar, args.services, ctx);
    link.start();
    watchGrace(grace, ctx);
    const table = registrar;
    ctx.every(REGISTRAR_TICK_MS, () => table.tick());
    // Up once the link has tried: its "connected" (or "cannot connect") line then precedes the role's `started`.
    await grace.firstAttempt;
    return { link, grace, registrar, checks };
  },

  handle({ link, registrar }, msg, ctx) {
    switch (msg.type) {
      case 'pull':
        link.pull(msg.modid, msg.cmdid);
        break;
      case 'appRegister':
      case 'appDeregister': {
        const reply = replyTo(ctx, msg.client, msg.seq, msg.instance);
        if (msg.type === 'appRegister') registrar.register(msg.instance, 'app', msg.holder, reply);
        else registrar.deregister(msg.instance, reply);
        break;
      }
    }
  },

  reload({ registrar }, args, ctx) {
    registrar.configure(registrarSettings(args.register));
    syncDeclared(registrar, args.services, ctx);
  },

  async stop({ link, checks }) {
    checks.stopAll();
    await link.close();
  },

  control: {
    registrations: ({ registrar }) => registrar.list(),
  },

  metrics({ link, grace, registrar, checks }) {
    const degraded = grace.degraded();
    const counters: Record<string, number> = { ...link.counters() };
    for (const [k, v] of Object.entries(registrar.counters.snapshot())) counters[`registrations_${k}`] = v;
    const c = checks.counts();
    Object.assign(counters, { checks_transitions: c.transitions, checks_probes: c.probes, checks_failedProbes: c.failedProbes });
    const gauges = { dns_connected: link.connected ? 1 : 0, registrations: registrar.size, checks: c.checks, checks_passing: c.passing, checks_failing: c.failing };
    return { counters, gauges, ...(degraded === undefined ? {} : { degraded }) };
  },
});

/** The declared services into the table, and one line saying what changed. */
function syncDeclared(registrar: Registrar, services: readonly ServiceDeclaration[], ctx: ActorContext): void {
  const r = syncServices(registrar, services);
  if (r.added.length === 0 && r.removed.length === 0) return;
  const parts = [r.added.length > 0 ? `registered ${r.added.join(', ')}` : '', r.removed.length > 0 ? `deregistered ${r.removed.join(', ')}` : ''];
  ctx.log(`declared services: ${parts.filter((p) => p !== '').join('; ')}`, 'info');
}

/** Where the answer to the message being handled goes: the UDP port that took it (read before any await). */
function replyTo(ctx: ActorContext, client: AppRegistrationAnswer['client'], seq: number, instance: AppRegistrationAnswer['instance']): (a: { retcode: number; reason: string }) => void {
  const sender = ctx.sender;
  if (sender?.kind !== 'udp-server') {
    ctx.countError('registration_sender');
    return () => undefined;
  }
  const port = ctx.peers<UdpServerMessage>('udp-server').at(sender.index);
  const { modid, cmdid, ip, port: instancePort } = instance;
  return (a) => {
    if (!port.tell({ type: 'appRegistrationAnswer', client, seq, retcode: a.retcode, reason: a.reason, instance: { modid, cmdid, ip, port: instancePort } })) ctx.countError('registration_answer_lost');
  };
}
