/**
 * The agent's `reporter-client`: sends the UDP servers' aggregated call
 * counts, one ReportStatusRequest per key per report interval, over one TCP
 * connection to a reporter (failing over along [reporter] addresses). While
 * no reporter is reachable, reports wait in a bounded queue; past the bound
 * they are dropped and counted, so a dead reporter costs the agent a fixed
 * amount of memory (the original silently stopped reporting for good).
 */
import { lars } from '../../proto/generated/lars.js';
import { defineActor } from '../../runtime/actors/actorDefinition.js';
import type { HostPort } from '../../runtime/config/configSchema.js';
import { ipv4ToInt32 } from '../../runtime/net/ipv4.js';
import { MsgRouter } from '../../runtime/reactor/msgRouter.js';
import { SendQueueFullError, TcpClient } from '../../runtime/reactor/tcpClient.js';
import type { TcpConnection } from '../../runtime/reactor/tcpConnection.js';
import type { ReporterClientMessage } from './agentProtocol.js';
import type { LinkValues } from './agentConfig.js';

export interface ReporterClientArgs {
  addresses: HostPort[];
  caller: string;
  maxQueuedReports: number;
  link: LinkValues;
}

interface State {
  client: TcpClient;
  caller: number;
  sent: number;
  dropped: number;
  connected: boolean;
}

export default defineActor<ReporterClientArgs, State, ReporterClientMessage>({
  start(args, ctx) {
    const client = new TcpClient({
      addresses: args.addresses,
      // The reporter sends nothing back; anything it did send is counted as unknown.
      router: new MsgRouter<TcpConnection>(),
      connectTimeoutMs: args.link.connect_timeout_ms,
      backoffMinMs: args.link.backoff_min_ms,
      backoffMaxMs: args.link.backoff_max_ms,
      maxQueuedFrames: args.maxQueuedReports,
    });
    const state: State = { client, caller: ipv4ToInt32(args.caller), sent: 0, dropped: 0, connected: false };
    client.on('connected', (_c, a) => {
      state.connected = true;
      ctx.log(`connected to reporter ${a.host}:${a.port}`);
    });
    client.on('disconnected', (reason) => {
      state.connected = false;
      ctx.log(`reporter connection lost (${reason}); queueing up to ${args.maxQueuedReports} reports`);
    });
    client.start();
    return state;
  },

  handle(state, msg, ctx) {
    if (msg.type !== 'reports') return;
    const ts = Math.floor(Date.now() / 1000);
    let dropped = 0;
    for (const r of msg.reports) {
      const body = lars.ReportStatusRequest.encode({ modid: r.modid, cmdid: r.cmdid, caller: state.caller, results: r.results, ts }).finish();
      try {
        state.client.send(lars.MessageId.ID_ReportStatusRequest, body);
        state.sent++;
      } catch (err) {
        if (!(err instanceof SendQueueFullError)) throw err;
        dropped++;
      }
    }
    if (dropped > 0) {
      // One line per batch, not per report.
      if (state.dropped === 0) ctx.log(`report queue full: dropping reports until a reporter answers`);
      state.dropped += dropped;
      ctx.countError('report_dropped', dropped);
    }
  },

  async stop(state) {
    // Reports already written to a live connection are delivered before it closes.
    await state.client.close({ flush: true });
  },

  metrics(state) {
    return {
      counters: { ...state.client.counters.snapshot(), reports_sent: state.sent, reports_dropped: state.dropped },
      gauges: { reporter_connected: state.connected ? 1 : 0, reports_queued: state.client.queuedFrames },
    };
  },
});
