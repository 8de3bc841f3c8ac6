/**
 * Monotonic counters shared by every LoadBalance of one RouteLb, so metrics
 * are read without walking the keys and the hot path only increments.
 */
export interface LbCounters {
  idleToOverload: number;
  overloadToIdle: number;
  probes: number;
  pulls: number;
  reports: number;
  unknownReports: number;
  /** Hosts in a route update whose port cannot exist (outside 0..65535). */
  invalidHosts: number;
  /** Non-explicit empty updates refused so a key keeps its hosts. */
  emptyUpdatesIgnored: number;
  /** New keys refused because the RouteLb is at maxKeys. */
  keysRejected: number;
  /** getHost answers picked over every host because too few were idle (panic_threshold). */
  panicPicks: number;
  /** getHost answers sent out of the caller's zone (zonePicker.ts). */
  zoneSpillPicks: number;
}

export function newLbCounters(): LbCounters {
  return {
    idleToOverload: 0,
    overloadToIdle: 0,
    probes: 0,
    pulls: 0,
    reports: 0,
    unknownReports: 0,
    invalidHosts: 0,
    emptyUpdatesIgnored: 0,
    keysRejected: 0,
    panicPicks: 0,
    zoneSpillPicks: 0,
  };
}
