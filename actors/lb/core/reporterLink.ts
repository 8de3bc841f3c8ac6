/**
 * The agent's link to the reporter, free of the actor runtime (the
 * `reporter-client` actor and the embedded client both drive it): each
 * KeyReport becomes one ReportStatusRequest with this caller and the wall
 * clock second, over one TCP connection failing over along the address
 * list. While no reporter is reachable, reports wait in a bounded queue;
 * past the bound they are dropped and counted, so a dead reporter costs a
 * fixed amount of memory.
 */
import { lars } from '../../../proto/generated/lars.js';
import type { HostPort } from '../../../runtime/config/configSchema.js';
import { ipv4ToInt32 } from '../../../runtime/net/ipv4.js';
import { MsgRouter } from '../../../runtime/reactor/msgRouter.js';
import { SendQueueFullError, TcpClient } from '../../../runtime/reactor/tcpClient.js';
import type { TcpConnection } from '../../../runtime/reactor/tcpConnection.js';
import type { LinkValues } from './agentConfig.js';
import { forwardLinkEvents, type LinkEvents } from './linkEvents.js';
import type { KeyReport } from './routeLb.js';
import { reportBodies } from './reportBodies.js';

export interface ReporterLinkOptions extends LinkEvents {
  addresses: HostPort[];
  /** Dotted IPv4: this process as the caller in ServerCallStatus rows. */
  caller: string;
  maxQueuedReports: number;
  link: LinkValues;
  /** Let the process exit while only this link is open (the embedded client). */
  unref?: boolean;
}

export class ReporterLink {
  private readonly client: TcpClient;
  private readonly caller: number;
  sent = 0;
  dropped = 0;

  constructor(opts: ReporterLinkOptions) {
    this.caller = ipv4ToInt32(opts.caller);
    this.client = new TcpClient({
      addresses: opts.addresses,
      // The reporter sends nothing back; anything it did send is counted as unknown.
      router: new MsgRouter<TcpConnection>(),
      connectTimeoutMs: opts.link.connect_timeout_ms,
      backoffMinMs: opts.link.backoff_min_ms,
      backoffMaxMs: opts.link.backoff_max_ms,
      maxQueuedFrames: opts.maxQueuedReports,
      ...(opts.unref === true ? { unref: true } : {}),
    });
    forwardLinkEvents(this.client, opts);
  }

  get connected(): boolean {
    return this.client.connection !== undefined;
  }

  start(): void {
    this.client.start();
  }

  get queued(): number {
    return this.client.queuedFrames;
  }

  /** Send (or queue) one ReportStatusRequest per key; returns how many were dropped because the queue was full. */
  send(reports: readonly KeyReport[], wallMs = Date.now()): number {
    const ts = Math.floor(wallMs / 1000);
    let dropped = 0;
    for (const r of reports) {
      // Normally one body; a key with more hosts than one frame holds goes as several.
      for (const body of reportBodies({ modid: r.modid, cmdid: r.cmdid, caller: this.caller, results: r.results, ts })) {
        try {
          this.client.send(lars.MessageId.ID_ReportStatusRequest, body);
          this.sent++;
        } catch (err) {
          if (!(err instanceof SendQueueFullError)) throw err;
          dropped++;
        }
      }
    }
    this.dropped += dropped;
    return dropped;
  }

  /** Reports already written to a live connection are delivered before it closes; queued ones are discarded. */
  close(): Promise<void> {
    return this.client.close({ flush: true });
  }

  counters(): Record<string, number> {
    return { ...this.client.counters.snapshot(), reports_sent: this.sent, reports_dropped: this.dropped };
  }
}
