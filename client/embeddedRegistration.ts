/**
 * `register()` of the embedded client (docs/registration.md): the agent's
 * Registrar and CheckRunner, held by the application itself over its own DNS
 * link. Owner `client HOSTNAME:PID`; one renewal stream for every instance
 * this client registered, the whole table again after every (re)connect
 * (fail-over to another DNS address included); checks run in-process and a
 * verdict that flips is sent at once, so a failing instance is withdrawn and
 * a passing one served again without waiting for the next renewal.
 *
 * The first answer settles the promise: success, or the DNS's refusal as the
 * caller's error (REFUSED, UNAVAILABLE, a bad argument), TIMEOUT when a
 * connected DNS gave no answer within answer_wait_ms. An instance that did
 * not register is out of the table, so nothing keeps renewing it.
 */
import { hostname } from 'node:os';
import type { lars } from '../proto/generated/lars.js';
import { instanceKey, type InstanceFields } from '../proto/registration.js';
import { CheckRunner, checkSpecProblem, UNCHECKED } from '../actors/lb/core/checkRunner.js';
import { Registrar, type RegistrationAnswer } from '../actors/lb/core/registrar.js';
import { LarsRetCode } from '../actors/lb/core/retCode.js';
import type { Clock } from '../runtime/mailbox/clock.js';
import { int32ToIpv4 } from '../runtime/net/ipv4.js';
import { checkRegisterOptions, type Registration } from './registration.js';
import { LarsArgumentError, LarsError } from './larsError.js';
import type { EmbeddedRegisterConfig } from './embeddedOptions.js';
import { PeriodicTimers } from './periodicTimers.js';
import { holdOpen } from './holdOpen.js';

/** How often the table looks at its waits and its renewal stream, as the agent's dns-client does. */
const TICK_MS = 100;

export interface RegistrationLink {
  sendFrame(msgid: number, body: Uint8Array): boolean;
  connected(): boolean;
}

export interface EmbeddedRegistrationsOptions {
  link: RegistrationLink;
  config: EmbeddedRegisterConfig;
  clock: Clock;
  /** A problem worth the operator's attention (a refusal kept, a check that cannot run). */
  warn: (line: string) => void;
}

/** What a register() answer means to its caller; undefined for success. */
export function registerError(call: string, a: RegistrationAnswer): Error | undefined {
  const why = a.reason === '' ? '' : `: ${a.reason}`;
  if (a.retcode === LarsRetCode.RET_SUCC) return undefined;
  if (a.timedOut === true) return new LarsError('TIMEOUT', `${call}${why}`, { retcode: a.retcode });
  switch (a.retcode) {
    case LarsRetCode.RET_REFUSED:
      return new LarsError('REFUSED', `${call}: DNS refused the registration${why}`, { retcode: a.retcode });
    case LarsRetCode.RET_UNAVAILABLE:
      return new LarsError('UNAVAILABLE', `${call}: DNS cannot take registrations now${why}`, { retcode: a.retcode });
    case LarsRetCode.RET_BAD_ARGUMENT:
      return new LarsArgumentError(`${call}${why}`);
    default:
      return new LarsError('SYSTEM', `${call}: retcode ${a.retcode}${why}`, { retcode: a.retcode });
  }
}

export class EmbeddedRegistrations {
  readonly registrar: Registrar;
  readonly checks: CheckRunner;
  private readonly timers: PeriodicTimers;
  /** Live handles by instance key, so close() can withdraw them and mark them inactive. */
  private readonly live = new Map<string, { active: boolean }>();

  constructor(private readonly opts: EmbeddedRegistrationsOptions) {
    const { link, config, clock } = opts;
    this.checks = new CheckRunner({
      report: (key, state) => this.registrar.setCheckState(key, state),
      scheduler: clock,
      now: () => clock.now(),
      log: (line, level) => {
        if (level === 'warn') opts.warn(line);
      },
    });
    this.registrar = new Registrar({
      owner: `client ${hostname()}:${process.pid}`,
      token: config.token,
      renewIntervalMs: config.renewIntervalMs,
      answerWaitMs: config.answerWaitMs,
      maxInstances: config.maxInstances,
      send: (msgid, body) => link.sendFrame(msgid, body),
      connected: () => link.connected(),
      now: () => clock.now(),
      log: (line, level) => {
        if (level === 'warn') opts.warn(line);
      },
      checkProblem: checkSpecProblem,
      onCheckSpec: (key, instance) => {
        this.checks.specChanged(key, instance?.checkSpec);
        return instance === undefined ? undefined : (this.checks.verdict(key) ?? UNCHECKED);
      },
    });
    this.timers = new PeriodicTimers(clock);
    this.timers.every(TICK_MS, () => this.registrar.tick());
  }

  /** The link (re)connected: the whole table at once. */
  connected(): void {
    this.registrar.connected();
  }

  disconnected(): void {
    this.registrar.disconnected();
  }

  onResponse(r: lars.RegisterResponse): void {
    this.registrar.onResponse(r);
  }

  register(options: unknown): Promise<Registration> {
    let fields: InstanceFields;
    try {
      const { instance, check } = checkRegisterOptions(options);
      fields = check === undefined ? instance : { ...instance, checkSpec: { url: check.url, intervalMs: check.intervalMs, timeoutMs: check.timeoutMs, fall: check.fall, rise: check.rise } };
    } catch (err) {
      return Promise.reject(err);
    }
    const key = instanceKey(fields);
    const call = `register(${fields.modid}, ${fields.cmdid}, ${int32ToIpv4(fields.ip)}:${fields.port})`;
    if (this.live.has(key)) return Promise.reject(new LarsArgumentError(`${call}: this client already registered that instance (deregister it first)`));
    return new Promise((resolve, reject) => {
      this.registrar.register(fields, 'client', 'client', (a) => {
        const err = registerError(call, a);
        if (err === undefined) {
          resolve(this.handle(key, fields));
          return;
        }
        // Not registered: nothing of it may stay behind to be renewed (a timeout may still have reached DNS).
        if (this.registrar.get(key) !== undefined) this.registrar.deregister(fields);
        reject(err);
      });
    });
  }

  /** Withdraws everything this client registered and waits (answer_wait_ms at most) for DNS to take each. */
  async close(): Promise<void> {
    this.timers.stopAll();
    const waits: Array<Promise<void>> = [];
    for (const e of this.registrar.entriesOf('client')) {
      const h = this.live.get(e.key);
      if (h !== undefined) h.active = false;
      this.live.delete(e.key);
      waits.push(new Promise((done) => this.registrar.deregister(e.instance, () => done())));
    }
    // The ticks stopped: a DNS that never answers must not hold close() past the wait.
    const clock = this.opts.clock;
    let timer: unknown;
    const bound = new Promise<void>((done) => (timer = clock.setTimeout(done, this.opts.config.answerWaitMs)));
    await Promise.race([Promise.all(waits), bound]);
    clock.clearTimeout(timer);
    this.checks.stopAll();
  }

  private handle(key: string, fields: InstanceFields): Registration {
    const state = { active: true };
    this.live.set(key, state);
    const registrations = this;
    return {
      modid: fields.modid,
      cmdid: fields.cmdid,
      ip: int32ToIpv4(fields.ip),
      port: fields.port,
      ttlMs: fields.ttlMs,
      get active() {
        return state.active;
      },
      deregister: () => holdOpen(registrations.deregister(key, fields, state)),
    };
  }

  private deregister(key: string, fields: InstanceFields, state: { active: boolean }): Promise<void> {
    if (!state.active) return Promise.resolve();
    state.active = false;
    this.live.delete(key);
    const call = `deregister(${fields.modid}, ${fields.cmdid}, ${int32ToIpv4(fields.ip)}:${fields.port})`;
    return new Promise((resolve, reject) => {
      this.registrar.deregister(fields, (a) => {
        const err = registerError(call, a);
        if (err === undefined) resolve();
        else reject(err);
      });
    });
  }
}
