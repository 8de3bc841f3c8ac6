/**
 * The embedded client's own counters, and `stats()` put together from them
 * and the figures its parts keep (load balancer, links, snapshot, waits).
 * The counters are plain fields: the hot path bumps them directly.
 */
import type { RouteLbStats } from '../actors/lb/core/routeLb.js';
import { CALL_HOST, CALL_ROUTE, callErrorCode, copyCallStats, newCallStats } from './clientStats.js';
import type { EmbeddedSnapshot } from './embeddedSnapshot.js';
import type { EmbeddedClientStats, EmbeddedLinkStats } from './embeddedStats.js';
import type { LarsError } from './larsError.js';
import type { RouteWatchers } from './routeWatchers.js';
import type { LarsCallStats } from './types.js';

/** What the parts report when stats() is taken. */
export interface EmbeddedParts {
  inFlight: number;
  watchers: RouteWatchers;
  snapshot: EmbeddedSnapshot;
  lb: RouteLbStats;
  dns: EmbeddedLinkStats;
  reporter: EmbeddedClientStats['reporter'];
}

export class EmbeddedCounters {
  readonly pickHost = newCallStats();
  /** getHost and getRoute, by CallKind. */
  readonly calls: [LarsCallStats, LarsCallStats] = [newCallStats(), newCallStats()];
  reports = 0;
  reportsDropped = 0;
  waitOverflow = 0;
  routesUnasked = 0;

  /** Counts `err` against `stats` and hands it back to be thrown or rejected. */
  countError(stats: LarsCallStats, err: LarsError): LarsError {
    stats.errors[callErrorCode(err.code)]++;
    return err;
  }

  snapshot(parts: EmbeddedParts): EmbeddedClientStats {
    return {
      pickHost: copyCallStats(this.pickHost),
      getHost: copyCallStats(this.calls[CALL_HOST]),
      getRoute: copyCallStats(this.calls[CALL_ROUTE]),
      reports: this.reports,
      reportsDropped: this.reportsDropped,
      inFlight: parts.inFlight,
      waitOverflow: this.waitOverflow,
      watchedKeys: parts.watchers.keys,
      watchListenerErrors: parts.watchers.listenerErrors,
      routesUnasked: this.routesUnasked,
      snapshotKeysLoaded: parts.snapshot.keysLoaded,
      snapshotReadErrors: parts.snapshot.readErrors,
      snapshotWriteErrors: parts.snapshot.writeErrors,
      lb: parts.lb,
      dns: parts.dns,
      reporter: parts.reporter,
    };
  }
}
