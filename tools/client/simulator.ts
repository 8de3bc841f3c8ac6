/**
 * The simulator's engine: calls getHost at a steady rate, "calls" the chosen
 * host (failing with that host's configured rate) and reports the outcome,
 * as an application would. Once a second it closes a window of per-host
 * counts and asks the agent for the route, so hosts that got no calls (the
 * overloaded ones between probes) still show up.
 */
import type { LarsClient, LarsErrorCode } from '../../client/index.js';
import { LarsError, LARS_ERROR_CODES } from '../../client/index.js';

export interface SimulatorOptions {
  client: LarsClient;
  modid: number;
  cmdid: number;
  /** "ip:port" → probability (0..1) that a call to it fails. */
  failRates: ReadonlyMap<string, number>;
  callsPerSecond: number;
  random?: () => number;
}

export interface HostWindow {
  host: string;
  /** getHost answers naming this host. */
  calls: number;
  /** Of those, calls reported as failed. */
  failed: number;
  /** calls / all getHost calls of the window (including refused ones). */
  share: number;
  failRate: number;
  /** From its share: an overloaded host only gets the agent's probes. */
  state: 'idle' | 'overloaded' | 'unknown';
  inRoute: boolean;
}

export interface SimulatorWindow {
  second: number;
  calls: number;
  errors: Record<LarsErrorCode, number>;
  hosts: HostWindow[];
}

/** Calls still waiting beyond this are not started: a slow agent must not pile them up. */
const MAX_IN_FLIGHT = 2_000;
const TICK_MS = 10;

const zeroErrors = (): Record<LarsErrorCode, number> =>
  Object.fromEntries(LARS_ERROR_CODES.map((c) => [c, 0])) as Record<LarsErrorCode, number>;

export class Simulator {
  private readonly random: () => number;
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
    for (const h of opts.failRates.keys()) this.known.add(h);
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
    const route = new Set<string>();
    try {
      for (const h of await this.opts.client.getRoute(this.opts.modid, this.opts.cmdid)) route.add(`${h.ip}:${h.port}`);
    } catch {
      // No route view this second: the table still shows what answers named.
    }
    for (const h of route) this.known.add(h);
    for (const h of counts.keys()) this.known.add(h);
    const fair = route.size > 0 ? 1 / route.size : 0;
    const hosts = [...this.known].map((host): HostWindow => {
      const c = counts.get(host) ?? { calls: 0, failed: 0 };
      const share = calls > 0 ? c.calls / calls : 0;
      // Idle hosts split the calls evenly; an overloaded one gets only every
      // probe_num-th call (10 by default), far below half of a fair share.
      const state = calls === 0 || !route.has(host) ? 'unknown' : share < fair / 2 ? 'overloaded' : 'idle';
      return { host, calls: c.calls, failed: c.failed, share, failRate: this.opts.failRates.get(host) ?? 0, state, inRoute: route.has(host) };
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

  private callOnce(): void {
    const { client, modid, cmdid } = this.opts;
    this.inFlight++;
    this.calls++;
    this.totalCalls++;
    client.getHost(modid, cmdid).then(
      (h) => {
        this.inFlight--;
        const key = `${h.ip}:${h.port}`;
        const fail = this.random() < (this.opts.failRates.get(key) ?? 0);
        bump(this.counts, key, fail);
        bump(this.totals, key, fail);
        if (!client.closed) client.report(modid, cmdid, h, fail ? 'error' : 'success');
      },
      (err: unknown) => {
        this.inFlight--;
        const code = err instanceof LarsError ? err.code : 'SYSTEM';
        this.errors[code]++;
        this.totalErrors[code]++;
      },
    );
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
