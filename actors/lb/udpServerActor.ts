/**
 * The agent's `udp-server-N` actor: owns one UDP port and the RouteLb of the
 * keys that hash to it (an AgentUdpService). Routes come from the dns-client
 * over a direct channel; pulls go back the same way; every report interval
 * the window counts go to the reporter-client. Routes are snapshotted to
 * disk and served at start, before DNS answers. A request for a key another
 * udp-server owns goes to that one, and its answer comes back here to send.
 */
import { defineActor } from '../../runtime/actors/actorDefinition.js';
import type { ActorContext } from '../../runtime/actors/actorContext.js';
import { errorLine, StartupError } from '../../runtime/errors.js';
import type { DnsClientMessage, ReporterClientMessage, UdpServerControl, UdpServerMessage, WrongPortAnswer } from './agentProtocol.js';
import { AgentUdpService } from './agentUdpService.js';
import type { LbThresholds } from './core/lbConfig.js';
import { loadSnapshotFile, saveSnapshotIfChanged } from './core/routeSnapshotFile.js';
import type { WrongPortReply } from './wrongPort.js';
import { plural } from '../../runtime/log/plural.js';
import { LineBudget } from '../../runtime/log/lineBudget.js';
import { hostStateText } from './core/hostStateEvent.js';

/** Ejections and returns logged per port and period; a storm past it is summed up in one line. */
const HOST_STATE_LINES = 50;
const HOST_STATE_PERIOD_MS = 10_000;

export interface UdpServerArgs {
  ip: string;
  port: number;
  pullWaitMs: number;
  reportIntervalMs: number;
  snapshotPath: string;
  snapshotIntervalMs: number;
  maxKeys: number;
  thresholds: LbThresholds;
  /** [agent] zone, checked; '' for none. Not reloadable: a restart takes a new one. */
  zone: string;
}

interface State {
  service: AgentUdpService;
  args: UdpServerArgs;
  lastSnapshot: string;
  reportsSent: number;
  /** Per udp-server index: hands a wrong-port answer back to the port the client asked. */
  replyTo: WrongPortReply[];
}

function saveSnapshot(state: State, ctx: ActorContext): void {
  if (state.args.snapshotPath === '') return;
  try {
    state.lastSnapshot = saveSnapshotIfChanged(state.args.snapshotPath, state.service.exportSnapshot(), state.lastSnapshot);
  } catch (err) {
    ctx.countError('snapshot_write');
    ctx.log(`cannot write route snapshot ${state.args.snapshotPath}: ${errorLine(err)}`, 'warn');
  }
}

function loadSnapshot(service: AgentUdpService, path: string, ctx: ActorContext): string {
  if (path === '') return '';
  try {
    const { keys, text } = loadSnapshotFile(path, (data) => service.importSnapshot(data));
    if (keys > 0) ctx.log(`serving ${plural(keys, 'key')} from snapshot ${path} until DNS answers`);
    return text;
  } catch (err) {
    ctx.countError('snapshot_read');
    ctx.log(`ignoring route snapshot ${path}: ${errorLine(err)}`, 'warn');
    return '';
  }
}

function sendReports(state: State, ctx: ActorContext): void {
  const reports = state.service.takeReports();
  if (reports.length === 0) return;
  if (ctx.peers<ReporterClientMessage>('reporter-client').tell({ type: 'reports', reports }) === 0) ctx.countError('reports_refused');
  else state.reportsSent += reports.length;
}

export default defineActor<UdpServerArgs, State, UdpServerMessage, Record<never, never>, UdpServerControl>({
  async start(args, ctx) {
    const dns = ctx.peers<DnsClientMessage>('dns-client');
    const servers = ctx.peers<UdpServerMessage>('udp-server');
    const hostLines = new LineBudget(HOST_STATE_LINES, HOST_STATE_PERIOD_MS, () => ctx.clock.now());
    const service = new AgentUdpService({
      ip: args.ip,
      port: args.port,
      clock: ctx.clock,
      pullWaitMs: args.pullWaitMs,
      maxKeys: args.maxKeys,
      thresholds: args.thresholds,
      zone: args.zone,
      recvBufferBytes: 4 * 1024 * 1024,
      wrongPort: { index: ctx.index, count: servers.size, forward: (owner, request) => servers.at(owner).tell(request) },
      onPull: (modid, cmdid) => dns.tell({ type: 'pull', modid, cmdid }) > 0,
      onRegistration: (req) => dns.tell(req) > 0,
      onHandlerError: (err) => ctx.log(`handler error: ${String(err)}`, 'error'),
      onHostState: (e) => {
        if (hostLines.take((summary) => ctx.log(`host state: ${summary}`))) ctx.log(hostStateText(e));
      },
    });
    const replyTo = [...servers].map((peer) => (answer: WrongPortAnswer) => peer.tell(answer));
    const state: State = { service, args, lastSnapshot: loadSnapshot(service, args.snapshotPath, ctx), reportsSent: 0, replyTo };
    try {
      await service.bind();
    } catch (err) {
      throw new StartupError(`cannot listen on udp ${args.ip}:${args.port}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    ctx.every(args.reportIntervalMs, () => sendReports(state, ctx));
    ctx.every(args.snapshotIntervalMs, () => saveSnapshot(state, ctx));
    // Keys older than update_timeout are re-pulled on use; this also catches idle ones.
    ctx.every(1000, () => {
      state.service.pullStale();
      state.service.expireOverloaded();
    });
    return state;
  },

  handle(state, msg, ctx) {
    switch (msg.type) {
      case 'route':
        state.service.applyRoute(msg.modid, msg.cmdid, msg.hosts, true, msg.rules);
        break;
      case 'dnsConnected':
        state.service.dnsReconnected();
        break;
      case 'wrongPortGetHost':
      case 'wrongPortGetRoute':
      case 'wrongPortReport': {
        const reply = ctx.sender?.kind === 'udp-server' ? state.replyTo[ctx.sender.index] : undefined;
        if (reply === undefined) ctx.countError('wrong_port_sender');
        else state.service.serveWrongPort(msg, reply);
        break;
      }
      case 'wrongPortHostAnswer':
      case 'wrongPortRouteAnswer':
        state.service.sendWrongPortAnswer(msg);
        break;
      case 'appRegistrationAnswer':
        state.service.sendRegistrationAnswer(msg);
        break;
    }
  },

  reload(state, args) {
    state.service.setThresholds(args.thresholds);
    state.args = { ...args, ip: state.args.ip, port: state.args.port, reportIntervalMs: state.args.reportIntervalMs, snapshotIntervalMs: state.args.snapshotIntervalMs };
  },

  async stop(state, ctx) {
    // The last window's counts and routes leave before the port closes.
    sendReports(state, ctx);
    saveSnapshot(state, ctx);
    await state.service.close();
  },

  control: {
    lbState: (state, key, maxKeys) => state.service.lbState(key, Date.now(), maxKeys),
  },

  metrics(state) {
    const s = state.service.stats();
    const { lb, reactor, getHost, ...rest } = s;
    const counters: Record<string, number> = { ...reactor, reports_sent: state.reportsSent };
    for (const [k, v] of Object.entries(getHost)) counters[`get_host_${k}`] = v;
    for (const [k, v] of Object.entries(rest)) if (k !== 'parkedNow') counters[k] = v;
    const gauges: Record<string, number> = { parked_now: s.parkedNow };
    for (const [k, v] of Object.entries(lb)) (['keys', 'hosts', 'idleHosts', 'overloadedHosts'].includes(k) ? gauges : counters)[`lb_${k}`] = v;
    return { counters, gauges };
  },
});
