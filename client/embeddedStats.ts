/** What `stats()` of the embedded client returns: a fresh plain object each time. */
import type { RouteLbStats } from '../actors/lb/core/routeLb.js';
import type { LarsCallStats } from './types.js';

export interface EmbeddedLinkStats {
  connected: boolean;
  /** The link's reactor counters (bad input from the peer included: badLength, badBody, unknownMsgid...) and its own. */
  counters: Record<string, number>;
}

export interface EmbeddedClientStats {
  pickHost: LarsCallStats;
  getHost: LarsCallStats;
  /** getRoute and regInit. */
  getRoute: LarsCallStats;
  /** Reports applied to the load balancer. */
  reports: number;
  /** Reports after close(), dropped. */
  reportsDropped: number;
  /** Calls waiting for their key's first route now. */
  inFlight: number;
  /** Calls answered at once because too many were already waiting. */
  waitOverflow: number;
  /** Keys with watch listeners, and listener calls that threw. */
  watchedKeys: number;
  watchListenerErrors: number;
  /** Routes DNS sent for keys this client never asked for: ignored, so they cost nothing. */
  routesUnasked: number;
  snapshotKeysLoaded: number;
  snapshotReadErrors: number;
  snapshotWriteErrors: number;
  /** The load balancer: keys, hosts, idle/overloaded hosts, transitions, probes, pulls, unknown reports... */
  lb: RouteLbStats;
  dns: EmbeddedLinkStats;
  /** Undefined when no reporter was given. */
  reporter: (EmbeddedLinkStats & { queued: number }) | undefined;
}
