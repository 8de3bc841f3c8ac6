/**
 * Options of `LarsClient.embedded()`. Everything the agent reads from
 * agent.ini has the same name, unit, default and bounds here (validated by
 * the agent's own schemas), so `lars config --role agent` documents both;
 * `loadbalance` takes the keys of `[loadbalance]`, `register` those of `[register]`.
 */
import { agentSection, checkCallerZone, linkSection, registerSection, reporterLinkSection, type LinkValues } from '../actors/lb/core/agentConfig.js';
import { LOADBALANCE_SECTION, loadBalanceSpec, parseLbThresholds, type LbThresholds } from '../actors/lb/core/lbConfig.js';
import { parseHostPort, parseSection, type HostPort } from '../runtime/config/configSchema.js';
import { ConfigError } from '../runtime/errors.js';
import { systemClock, type Clock } from '../runtime/mailbox/clock.js';
import { LarsArgumentError } from './larsError.js';

export type LoadBalanceOptions = { [K in keyof typeof loadBalanceSpec]?: number };

export interface EmbeddedRegisterOptions {
  token?: string;
  renew_interval_ms?: number;
  answer_wait_ms?: number;
  max_instances?: number;
}

/** What register() runs with. */
export interface EmbeddedRegisterConfig {
  token: string;
  renewIntervalMs: number;
  answerWaitMs: number;
  maxInstances: number;
}

export interface EmbeddedClientOptions {
  /** DNS services as 'host:port', tried in turn (fail over), like [dnsserver] addresses. */
  dns: readonly string[];
  /** Reporter services as 'host:port', like [reporter] addresses; omitted or empty: no status reports are sent. */
  reporter?: readonly string[];
  /** This process as the caller in ServerCallStatus rows (default 127.0.0.1, as the agent). */
  caller?: string;
  /** How long getHost/getRoute wait for a key's first route, in ms (default 50); a call's own timeoutMs wins. */
  pull_wait_ms?: number;
  /** Seconds between aggregated status reports, one per key (default 1). */
  report_interval?: number;
  /** Routes are saved here and served at start while DNS is unreachable (default '': no file). */
  snapshot_path?: string;
  /** Seconds between route snapshots, written only when routes changed (default 10). */
  snapshot_interval?: number;
  /**
   * This process's zone, like [agent] zone: pickHost/getHost prefer idle hosts of this zone (and hosts
   * without one), spilling to other zones as `loadbalance` zone_spill_threshold and zone_min_hosts say
   * (default none: no zone preference).
   */
  zone?: string;
  /** Keys this client keeps; getHost for more fails with SYSTEM (default 100000). */
  max_keys?: number;
  /** Reports kept while no reporter is reachable; more are dropped and counted (default 10000). */
  max_queued_reports?: number;
  connect_timeout_ms?: number;
  backoff_min_ms?: number;
  backoff_max_ms?: number;
  /** [loadbalance] thresholds, same names, units and defaults as agent.ini. */
  loadbalance?: LoadBalanceOptions;
  /**
   * [register] keys for `register()`, as agent.ini has them: `token` (what dns.ini [register] token expects;
   * default none, which a DNS takes from loopback peers only), `renew_interval_ms` (3000), `answer_wait_ms`
   * (1500: a register() without the DNS's answer by then fails with TIMEOUT), `max_instances` (10000).
   */
  register?: EmbeddedRegisterOptions;
  /** Time source and timers (tests use a manual clock); default the real clock with unref'd timers. */
  clock?: Clock;
}

/** What the client runs with, every default filled in. */
export interface EmbeddedConfig {
  dns: HostPort[];
  reporter: HostPort[];
  caller: string;
  pullWaitMs: number;
  reportIntervalMs: number;
  snapshotPath: string;
  snapshotIntervalMs: number;
  maxKeys: number;
  /** '' for none. */
  zone: string;
  maxQueuedReports: number;
  link: LinkValues;
  thresholds: LbThresholds;
  register: EmbeddedRegisterConfig;
  clock: Clock;
}

const WHERE = 'LarsClient.embedded()';
const SECTION = 'options';

/** The agent's keys that mean the same in-process; a library writes no file unless asked. */
const optionsSpec = {
  caller: agentSection.caller,
  pull_wait_ms: agentSection.pull_wait_ms,
  report_interval: agentSection.report_interval,
  snapshot_path: { ...agentSection.snapshot_path, default: '' },
  snapshot_interval: agentSection.snapshot_interval,
  max_keys: agentSection.max_keys,
  zone: agentSection.zone,
  max_queued_reports: reporterLinkSection.max_queued_reports,
  ...linkSection,
} as const;

function addressList(name: 'dns' | 'reporter', v: unknown, required: boolean): HostPort[] {
  if (v === undefined && !required) return [];
  if (!Array.isArray(v) || (required && v.length === 0)) {
    throw new LarsArgumentError(`${WHERE}: ${name} must be ${required ? 'a non-empty' : 'an'} array of 'host:port' strings, got ${JSON.stringify(v)}`);
  }
  return v.map((a: unknown, i) => {
    const hp = typeof a === 'string' ? parseHostPort(a) : undefined;
    if (hp === undefined) throw new LarsArgumentError(`${WHERE}: ${name}[${i}] must be 'host:port' with a port from 1 to 65535, got ${JSON.stringify(a)}`);
    return hp;
  });
}

function isClock(v: unknown): v is Clock {
  const c = v as Partial<Clock> | null;
  return typeof c === 'object' && c !== null && typeof c.now === 'function' && typeof c.setTimeout === 'function' && typeof c.clearTimeout === 'function';
}

/** Throws LarsArgumentError naming the option. */
export function parseEmbeddedOptions(options: unknown): EmbeddedConfig {
  if (typeof options !== 'object' || options === null) throw new LarsArgumentError(`${WHERE}: options must be an object with at least { dns: ['host:port'] }`);
  const { dns, reporter, loadbalance, register, clock, ...rest } = options as EmbeddedClientOptions;
  if (clock !== undefined && !isClock(clock)) throw new LarsArgumentError(`${WHERE}: clock must have now(), setTimeout() and clearTimeout()`);
  if (loadbalance !== undefined && (typeof loadbalance !== 'object' || loadbalance === null)) {
    throw new LarsArgumentError(`${WHERE}: loadbalance must be an object of [${LOADBALANCE_SECTION}] keys`);
  }
  if (register !== undefined && (typeof register !== 'object' || register === null)) throw new LarsArgumentError(`${WHERE}: register must be an object of [register] keys`);
  try {
    const o = parseSection(SECTION, optionsSpec, rest as Record<string, unknown>, WHERE);
    const r = parseSection('register', registerSection, (register ?? {}) as Record<string, unknown>, WHERE);
    return {
      dns: addressList('dns', dns, true),
      reporter: addressList('reporter', reporter, false),
      caller: o.caller,
      pullWaitMs: o.pull_wait_ms,
      reportIntervalMs: Math.round(o.report_interval * 1000),
      snapshotPath: o.snapshot_path,
      snapshotIntervalMs: Math.round(o.snapshot_interval * 1000),
      maxKeys: o.max_keys,
      zone: checkCallerZone(o.zone, `${WHERE}: zone`),
      maxQueuedReports: o.max_queued_reports,
      link: { connect_timeout_ms: o.connect_timeout_ms, backoff_min_ms: o.backoff_min_ms, backoff_max_ms: o.backoff_max_ms },
      thresholds: parseLbThresholds(loadbalance as Record<string, unknown> | undefined, WHERE),
      register: { token: r.token, renewIntervalMs: r.renew_interval_ms, answerWaitMs: r.answer_wait_ms, maxInstances: r.max_instances },
      clock: clock ?? systemClock,
    };
  } catch (err) {
    if (err instanceof ConfigError) throw new LarsArgumentError(err.message);
    throw err;
  }
}
