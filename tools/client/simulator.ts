/**
 * The simulator's engine: calls getHost at a steady rate, "calls" the chosen
 * host (failing with that host's configured rate) and reports the outcome,
 * as an application would. Once a second it closes a window of per-host
 * counts and asks the agent for the route, so hosts that got no calls (the
 * overloaded ones between probes) still show up.
 */
import type { LarsClient, LarsCallErrorCode } from '../../client/index.js';
import { LarsError, LARS_CALL_ERROR_CODES } from '../../client/index.js';
import { callErrorCode } from '../../client/clientStats.js';

export interface SimulatorOptions {
  client: LarsClient;
  modid: number;
  cmdid: number;
  /** "ip:port" → probability (0..1) that a call to it fails. */
  failRates: ReadonlyMap<string, number>;
  /**
   * "ip:port" → the weight you expect the host to have (what you set in the
   * route table); hosts not named here use the weight the agent's route
   * carries. Effective weights are compared against these.
   */
  weights?: ReadonlyMap<string, number>;
  callsPerSecond: number;
  random?: () => number;
  /**
   * The agent's own view of each host ("ip:port" → state), e.g. from its
   * admin server's GET /lb; undefined when it cannot be had. Preferred over
   * the state inferred from shares, which cannot tell a probed host from an
   * idle one once a key has probe_num hosts or more.
   */
  agentStates?: () => Promise<ReadonlyMap<string, AgentHostState> | undefined>;
}

export type AgentHostState = 'idle' | 'overloaded';

export interface HostWindow {
  host: string;
  /** getHost answers naming this host. */
  calls: number;
  /** Of those, calls reported as failed. */
  failed: number;
  /** calls / all getHost calls answered in the window (including refused ones). */
  share: number;
  /** failed / calls this window: what the host really did (0 without calls). */
  failRate: number;
  /** The probability asked for with --fail (0 when not named). */
  failRateSet: number;
  /** Expected weight: --weights, else the agent's route (1 when it carries none). */
  weight: number;
  /**
   * The weight the agent's picks gave the host this window: its share of the
   * picks (answers naming a host), times the total expected weight of the route.
   * Equals `weight` when the agent balances as configured; lower while the
   * host is overloaded or in slow start.
   */
  effectiveWeight: number;
  /** The agent's (stateFrom 'agent'), else inferred from its share: an overloaded host only gets the agent's probes. */
  state: 'idle' | 'overloaded' | 'unknown';
  stateFrom: 'agent' | 'shares';
  inRoute: boolean;
}

export interface SimulatorWindow {
  second: number;
  calls: number;
  errors: Record<LarsCallErrorCode, number>;
  hosts: HostWindow[];
}

/** Calls still waiting beyond this are not started: a slow agent must not pile them up. */
const MAX_IN_FLIGHT = 2_000;
const TICK_MS = 10;

const zeroErrors = (): Record<LarsCallErrorCode, number> =>
  Object.fromEntries(LARS_CALL_ERROR_CODES.map((c) => [c, 0])) as Record<LarsCallErrorCode, number>;

export class Simulator {
  private readonly random: () => number;
  private readonly failRates: Map<string, number>;
  private counts = new Map<string, { calls: number; failed: number }>();
  private errors = zeroErrors();
  private calls = 0;
  private inFlight = 0;
  private budget = 0;
  private lastTick = 0;
  private timer: NodeJS.Timeout | undefined;
  private second = 0;
  /** Every host ever seen in the route or in an answer, in first-seen order. */
  private readonly known = new Set<string>();
  readonly totals = new Map<string, { calls: number; failed: number }>();
  readonly totalErrors = zeroErrors();
  totalCalls = 0;

  constructor(private readonly opts: SimulatorOptions) {
    this.random = opts.random ?? Math.random;
    this.failRates = new Map(opts.failRates);
    for (const h of opts.failRates.keys()) this.known.add(h);
    for (const h of opts.weights?.keys() ?? []) this.known.add(h);
  }

  start(): void {
    this.lastTick = performance.now();
    this.timer = setInterval(this.tick, TICK_MS);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Close the current window; asks the agent for the route (bounded by the client's timeout). */
  async window(): Promise<SimulatorWindow> {
    const calls = this.calls;
    const counts = this.counts;
    const errors = this.errors;
    this.calls = 0;
    this.counts = new Map();
    this.errors = zeroErrors();
    this.second++;
    const route = new Map<string, number>();
    const [answer, agentStates] = await Promise.all([
      this.opts.client.getRoute(this.opts.modid, this.opts.cmdid).catch(() => undefined),
      this.opts.agentStates?.().catch(() => undefined),
    ]);
    // No route view this second: the table still shows what answers named.
    for (const h of answer ?? []) route.set(`${h.ip}:${h.port}`, h.weight);
    for (const h of route.keys()) this.known.add(h);
    for (const h of counts.keys()) this.known.add(h);
    const weightOf = (host: string): number => this.opts.weights?.get(host) ?? route.get(host) ?? 1;
    let totalWeight = 0;
    for (const h of route.keys()) totalWeight += weightOf(h);
    // Effective weights are shares of the picks (calls answered with a host): a call that got no host (NOEXIST
    // while a cold key is pulled, TIMEOUT) says nothing of how the agent splits traffic.
    let picks = 0;
    for (const c of counts.values()) picks += c.calls;
    const hosts = [...this.known].map((host): HostWindow => {
      const c = counts.get(host) ?? { calls: 0, failed: 0 };
      const share = calls > 0 ? c.calls / calls : 0;
      const weight = weightOf(host);
      const effectiveWeight = route.has(host) && picks > 0 ? (c.calls / picks) * totalWeight : 0;
      // Idle hosts get calls in proportion to their weight; an overloaded one
      // gets only every probe_num-th call (10 by default), far below half of that.
      const inferred = calls === 0 || !route.has(host) ? 'unknown' : effectiveWeight < weight / 2 ? 'overloaded' : 'idle';
      const told = agentStates?.get(host);
      const failRate = c.calls > 0 ? c.failed / c.calls : 0;
      return { host, calls: c.calls, failed: c.failed, share, failRate, failRateSet: this.failRates.get(host) ?? 0, weight, effectiveWeight, state: told ?? inferred, stateFrom: told === undefined ? 'shares' : 'agent', inRoute: route.has(host) };
    });
    return { second: this.second, calls, errors, hosts };
  }

  private readonly tick = (): void => {
    const now = performance.now();
    this.budget += ((now - this.lastTick) * this.opts.callsPerSecond) / 1000;
    this.lastTick = now;
    // A stalled loop does not turn into a burst afterwards.
    this.budget = Math.min(this.budget, this.opts.callsPerSecond / 10 + 1);
    while (this.budget >= 1 && this.inFlight < MAX_IN_FLIGHT) {
      this.budget--;
      this.callOnce();
    }
  };

  /** Calls to `host` ("ip:port") fail with this probability from now on. */
  setFailRate(host: string, rate: number): void {
    this.failRates.set(host, rate);
    this.known.add(host);
  }

  /**
   * One application call: getHost, "call" the host (failing at its rate),
   * report the outcome. Resolves with the host ("ip:port") or the error code.
   * The timer drives it at the configured rate; tests may await it in turn.
   */
  async call(): Promise<string> {
    const { client, modid, cmdid } = this.opts;
    this.inFlight++;
    this.totalCalls++;
    try {
      const h = await client.getHost(modid, cmdid);
      // Counted when answered, like the per-host counts, so a call that spans a window's end lands in one window
      // only and no host's share can pass 100 %.
      this.calls++;
      const key = `${h.ip}:${h.port}`;
      const fail = this.random() < (this.failRates.get(key) ?? 0);
      bump(this.counts, key, fail);
      bump(this.totals, key, fail);
      if (!client.closed) client.report(modid, cmdid, h, fail ? 'error' : 'success');
      return key;
    } catch (err) {
      const code = err instanceof LarsError ? callErrorCode(err.code) : 'SYSTEM';
      this.calls++;
      this.errors[code]++;
      this.totalErrors[code]++;
      return code;
    } finally {
      this.inFlight--;
    }
  }

  private callOnce(): void {
    void this.call();
  }
}

function bump(m: Map<string, { calls: number; failed: number }>, key: string, fail: boolean): void {
  let c = m.get(key);
  if (c === undefined) {
    c = { calls: 0, failed: 0 };
    m.set(key, c);
  }
  c.calls++;
  if (fail) c.failed++;
}
