/**
 * The agent's `reporter-client` actor around a ReporterLink: sends the UDP
 * servers' aggregated call counts, one ReportStatusRequest per key per
 * report interval. While no reporter is reachable, reports wait in a
 * bounded queue; past the bound they are dropped and counted (the original
 * silently stopped reporting for good).
 */
import { defineActor } from '../../runtime/actors/actorDefinition.js';
import type { HostPort } from '../../runtime/config/configSchema.js';
import type { ReporterClientMessage } from './agentProtocol.js';
import type { LinkValues } from './core/agentConfig.js';
import { ReporterLink } from './core/reporterLink.js';
import { graceLinkEvents, LinkGrace, watchGrace } from './linkGrace.js';

export interface ReporterClientArgs {
  addresses: HostPort[];
  caller: string;
  maxQueuedReports: number;
  link: LinkValues;
  linkGraceMs: number;
}

interface ReporterClientState {
  link: ReporterLink;
  grace: LinkGrace;
}

export default defineActor<ReporterClientArgs, ReporterClientState, ReporterClientMessage>({
  async start(args, ctx) {
    const grace = new LinkGrace('reporter', args.linkGraceMs, () => ctx.clock.now());
    const link = new ReporterLink({
      addresses: args.addresses,
      caller: args.caller,
      maxQueuedReports: args.maxQueuedReports,
      link: args.link,
      ...graceLinkEvents(grace, ctx, `queueing up to ${args.maxQueuedReports} reports`),
    });
    link.start();
    watchGrace(grace, ctx);
    await grace.firstAttempt;
    return { link, grace };
  },

  handle({ link }, msg, ctx) {
    if (msg.type !== 'reports') return;
    const before = link.dropped;
    const dropped = link.send(msg.reports);
    if (dropped > 0) {
      // One line per outage, not per report.
      if (before === 0) ctx.log(`report queue full: dropping reports until a reporter answers`, 'warn');
      ctx.countError('report_dropped', dropped);
    }
  },

  async stop({ link }) {
    // Reports already written to a live connection are delivered before it closes.
    await link.close();
  },

  metrics({ link, grace }) {
    const degraded = grace.degraded();
    return {
      counters: link.counters(),
      gauges: { reporter_connected: link.connected ? 1 : 0, reports_queued: link.queued },
      ...(degraded === undefined ? {} : { degraded }),
    };
  },
});
