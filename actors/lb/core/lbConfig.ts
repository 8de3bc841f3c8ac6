/**
 * `[loadbalance]` thresholds of the agent. The ini file keeps the units the
 * original shipped (timeouts in seconds); the LB core works in milliseconds,
 * so `thresholdsFromSection` is the one place where units change.
 */
import { parseSection, sectionDefaults, type SectionSpec, type SectionValues } from '../../../runtime/config/configSchema.js';

export const LOADBALANCE_SECTION = 'loadbalance';

// Fractional seconds are accepted so tests and small deployments can shorten
// windows; the floor keeps a typo like 0 from reclassifying hosts on every call.
const MIN_TIMEOUT_S = 0.001;

export const loadBalanceSpec = {
  probe_num: {
    kind: 'int', default: 10, min: 1, reloadable: true,
    doc: 'While some hosts are overloaded, every probe_num-th getHost of a key probes the front overloaded host.',
  },
  init_succ_cnt: {
    kind: 'int', default: 180, min: 0, reloadable: true,
    doc: 'Virtual success count a host starts with when it becomes idle; damps the error rate of its first failures.',
  },
  init_err_cnt: {
    kind: 'int', default: 5, min: 0, reloadable: true,
    doc: 'Virtual error count a host starts with when it becomes overloaded; damps the success rate of its first probes.',
  },
  err_rate: {
    kind: 'float', default: 0.1, min: 0, max: 1, reloadable: true,
    doc: 'An idle host that fails goes to overload when verr / (vsucc + verr) is above this.',
  },
  succ_rate: {
    kind: 'float', default: 0.95, min: 0, max: 1, reloadable: true,
    doc: 'An overloaded host that succeeds goes idle when vsucc / (vsucc + verr) is above this.',
  },
  contin_err_limit: {
    kind: 'int', default: 15, min: 1, reloadable: true,
    doc: 'An idle host goes to overload after this many consecutive failures.',
  },
  contin_succ_limit: {
    kind: 'int', default: 15, min: 1, reloadable: true,
    doc: 'An overloaded host goes idle after this many consecutive successes.',
  },
  window_err_rate: {
    kind: 'float', default: 0.7, min: 0, max: 1, reloadable: true,
    doc: 'When an idle window ends, the host goes to overload if rerr / (rsucc + rerr) is at least this.',
  },
  idle_timeout: {
    kind: 'float', default: 15, min: MIN_TIMEOUT_S, reloadable: true,
    doc: 'Length of an idle host\'s statistics window, in seconds.',
  },
  overload_timeout: {
    kind: 'float', default: 15, min: MIN_TIMEOUT_S, reloadable: true,
    doc: 'Seconds after which an overloaded host is given another chance as idle.',
  },
  update_timeout: {
    kind: 'float', default: 15, min: MIN_TIMEOUT_S, reloadable: true,
    doc: 'Seconds after which a key\'s route is pulled again from DNS on its next use.',
  },
  max_overload_timeout: {
    kind: 'float', default: 300, min: MIN_TIMEOUT_S, reloadable: true,
    doc: 'Growing ejection: a host overloaded again without a clean idle window in between stays out ' +
      'overload_timeout x 2^(n-1) seconds (n = ejections in a row), at most this long. ' +
      'Set it to overload_timeout to keep every ejection at 1x, as the original did.',
  },
  slow_start_ms: {
    kind: 'int', default: 0, min: 0, reloadable: true,
    doc: 'Slow start: a host back from overload, or added to a key that already had hosts, ramps ' +
      'linearly from 10 % to its full weight over this many milliseconds. 0 = off.',
  },
  panic_threshold: {
    kind: 'float', default: 0, min: 0, max: 1, reloadable: true,
    doc: 'Panic: when the share of idle hosts of a key is below this, getHost picks among all of its hosts ' +
      'by weight instead of answering RET_OVERLOAD (counted as lb_panicPicks). 0 = off.',
  },
  zone_spill_threshold: {
    kind: 'float', default: 0.7, min: 0, max: 1, reloadable: true,
    doc: 'Zones: while the idle share (by weight) of the caller\'s zone ([agent] zone) is at least this, every pick stays in it; ' +
      'below, the picks it cannot take (in proportion to the deficit) go to the other zones\' idle hosts. 0.7 is about ' +
      'Envoy\'s 1/1.4 overprovisioning; 0 = stay while any local host is idle.',
  },
  zone_min_hosts: {
    kind: 'int', default: 6, min: 1, reloadable: true,
    doc: 'Zones: a key with fewer hosts than this is balanced over all of them, whatever the zones (Envoy\'s min_cluster_size).',
  },
} satisfies SectionSpec;

export type LoadBalanceSection = SectionValues<typeof loadBalanceSpec>;

/** The thresholds as the LB core uses them: camelCase, timeouts in ms. */
export interface LbThresholds {
  readonly probeNum: number;
  readonly initSuccCnt: number;
  readonly initErrCnt: number;
  readonly errRate: number;
  readonly succRate: number;
  readonly continErrLimit: number;
  readonly continSuccLimit: number;
  readonly windowErrRate: number;
  readonly idleTimeoutMs: number;
  readonly overloadTimeoutMs: number;
  readonly updateTimeoutMs: number;
  readonly maxOverloadTimeoutMs: number;
  readonly slowStartMs: number;
  readonly panicThreshold: number;
  readonly zoneSpillThreshold: number;
  readonly zoneMinHosts: number;
}

const secondsToMs = (s: number): number => Math.round(s * 1000);

export function thresholdsFromSection(v: LoadBalanceSection): LbThresholds {
  return Object.freeze({
    probeNum: v.probe_num,
    initSuccCnt: v.init_succ_cnt,
    initErrCnt: v.init_err_cnt,
    errRate: v.err_rate,
    succRate: v.succ_rate,
    continErrLimit: v.contin_err_limit,
    continSuccLimit: v.contin_succ_limit,
    windowErrRate: v.window_err_rate,
    idleTimeoutMs: secondsToMs(v.idle_timeout),
    overloadTimeoutMs: secondsToMs(v.overload_timeout),
    updateTimeoutMs: secondsToMs(v.update_timeout),
    maxOverloadTimeoutMs: secondsToMs(v.max_overload_timeout),
    slowStartMs: v.slow_start_ms,
    panicThreshold: v.panic_threshold,
    zoneSpillThreshold: v.zone_spill_threshold,
    zoneMinHosts: v.zone_min_hosts,
  });
}

/** Parse `[loadbalance]` as read by `ini`; throws ConfigError naming the key. */
export function parseLbThresholds(
  raw: Record<string, unknown> | undefined,
  where: string,
  overrides: Record<string, unknown> = {},
): LbThresholds {
  return thresholdsFromSection(parseSection(LOADBALANCE_SECTION, loadBalanceSpec, raw, where, overrides));
}

export const DEFAULT_LB_THRESHOLDS: LbThresholds = thresholdsFromSection(
  sectionDefaults(LOADBALANCE_SECTION, loadBalanceSpec),
);
