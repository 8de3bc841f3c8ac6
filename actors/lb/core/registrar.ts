/**
 * The instances one DNS link keeps registered (docs/registration.md), free
 * of the actor runtime: the agent's dns-client actor holds one for its
 * host's applications and its own service declarations, an embedded client
 * one for what it registered itself.
 *
 * - A new instance is sent to DNS at once; whoever asked waits (bounded by
 *   answerWaitMs) for the DNS's answer to the request that carried it. A
 *   known one is answered from the table (an application's heartbeat).
 * - One renewal stream: every instance, every renew period, in as many
 *   frames as it takes; the whole table again at once after every
 *   (re)connect, so a replica that never saw an instance takes it then.
 * - An application's instance without a heartbeat for its ttl is
 *   deregistered (the app died); declarations and a client's own instances
 *   stay until they are withdrawn.
 * - A first registration DNS refuses is dropped (the asker has the code);
 *   a declaration is kept and retried with every renewal.
 *
 * Check hook (a CheckRunner, actors/lb/core/checkRunner.ts): `checkProblem`
 * refuses a spec that cannot run (RET_BAD_ARGUMENT), `onCheckSpec` tells the
 * runner which instances to check and returns the state an instance starts
 * with (its check's verdict so far), `setCheckState` feeds every later
 * verdict back; a changed state leaves for DNS at once.
 */
import type { lars } from '../../../proto/generated/lars.js';
import { instanceKey, instanceProblem, instanceToDns, type CheckStateFields, type InstanceFields, type InstanceKeyFields } from '../../../proto/registration.js';
import { LarsRetCode } from './retCode.js';
import { RegistrarRequests, type AnswerFn, type RegistrationAnswer, type Waiter } from './registrarRequests.js';
import { RegistrarCounters, RegistrarLog } from './registrarCounters.js';
import { registrationView, type RegistrationView } from './registrationView.js';

/** Who holds an instance: an application's heartbeats, the agent's config, an embedded client. */
export type RegistrationSource = 'app' | 'config' | 'client';

export type { AnswerFn, RegistrationAnswer };

export interface RegistrarOptions {
  /** "agent HOSTNAME" or "client HOSTNAME:PID". */
  owner: string;
  token: string;
  /** One frame to DNS; false when it cannot leave (no connection). */
  send: (msgid: number, body: Uint8Array) => boolean;
  connected: () => boolean;
  now: () => number;
  renewIntervalMs: number;
  answerWaitMs: number;
  maxInstances: number;
  /**
   * An instance's check spec appeared, changed or went (instance undefined):
   * for the check runner. Returns the check state the instance has now
   * (undefined: no check), sent with it.
   */
  onCheckSpec?: (key: string, instance: InstanceFields | undefined) => CheckStateFields | undefined;
  /** Why a check spec cannot run, or undefined (answered RET_BAD_ARGUMENT before anything is sent). */
  checkProblem?: (spec: NonNullable<InstanceFields['checkSpec']>) => string | undefined;
  log?: (line: string, level: 'info' | 'warn') => void;
  /** Frame body bound (tests use a small one to see several frames). */
  maxBody?: number;
}

export interface Registration {
  readonly key: string;
  instance: InstanceFields;
  source: RegistrationSource;
  /** Who asked: "app HOST:PID (127.0.0.1:5000)", "service.web", "client". */
  holder: string;
  lastHeartbeat: number;
  /** DNS has taken it (answered success at least once). */
  taken: boolean;
  lastAnswer: RegistrationAnswer | undefined;
}

const SUCC: RegistrationAnswer = { retcode: LarsRetCode.RET_SUCC, reason: '' };

export class Registrar {
  readonly counters = new RegistrarCounters();
  private readonly entries = new Map<string, Registration>();
  private readonly requests = new RegistrarRequests(this.counters);
  private readonly refusals: RegistrarLog;
  private lastRenew: number;
  private minTtl: number | undefined;

  constructor(private opts: RegistrarOptions) {
    this.lastRenew = opts.now();
    this.refusals = new RegistrarLog(opts.log);
  }

  get size(): number {
    return this.entries.size;
  }

  /** New token, renew interval, bounds (a reload); the instances stay. */
  configure(o: Pick<RegistrarOptions, 'token' | 'renewIntervalMs' | 'answerWaitMs' | 'maxInstances'>): void {
    this.opts = { ...this.opts, ...o };
  }

  /** The period of the renewal stream: renewIntervalMs, shorter when some ttl needs it (three tries per ttl). */
  renewPeriodMs(): number {
    if (this.minTtl === undefined) {
      let min = Infinity;
      for (const e of this.entries.values()) min = Math.min(min, e.instance.ttlMs);
      this.minTtl = min;
    }
    return Math.max(1, Math.min(this.opts.renewIntervalMs, Math.floor(this.minTtl / 3)));
  }

  get(key: string): Registration | undefined {
    return this.entries.get(key);
  }

  /**
   * Registers `fields` (new: sent now, `answer` waits for DNS, at most `waitMs`) or renews it
   * (known: its heartbeat is noted, `answer` gets the table's word at once;
   * a changed weight, ttl or check spec is sent now).
   */
  register(fields: InstanceFields, source: RegistrationSource, holder: string, answer?: AnswerFn, waitMs = this.opts.answerWaitMs): void {
    const problem = instanceProblem(fields) ?? (fields.checkSpec === undefined ? undefined : this.opts.checkProblem?.(fields.checkSpec));
    if (problem !== undefined) {
      this.counters.badArgument++;
      answer?.({ retcode: LarsRetCode.RET_BAD_ARGUMENT, reason: problem });
      return;
    }
    const key = instanceKey(fields);
    const now = this.opts.now();
    const known = this.entries.get(key);
    let e: Registration;
    if (known === undefined) {
      if (this.entries.size >= this.opts.maxInstances) {
        this.counters.full++;
        answer?.({ retcode: LarsRetCode.RET_SYSTEM_ERROR, reason: `this link already holds max_instances (${this.opts.maxInstances}) instances` });
        return;
      }
      const { check: _appCheck, ...instance } = fields;
      e = { key, instance, source, holder, lastHeartbeat: now, taken: false, lastAnswer: undefined };
      this.entries.set(key, e);
      this.minTtl = undefined;
      if (instance.checkSpec !== undefined) this.startCheck(e);
      this.sendRegister([e]);
    } else {
      e = known;
      e.lastHeartbeat = now;
      e.holder = holder;
      if (e.source !== 'config') e.source = source;
      if (this.changed(e, fields)) this.sendRegister([e]);
    }
    if (answer === undefined) return;
    if (e.taken) answer(SUCC);
    else this.requests.park(key, { answer, deadline: now + waitMs, waitMs });
  }

  /** Withdraws an instance: out of the table now, DeregisterRequest to DNS; `answer` gets the DNS's word. */
  deregister(k: InstanceKeyFields, answer?: AnswerFn): void {
    const key = instanceKey(k);
    this.drop(key, { retcode: LarsRetCode.RET_SYSTEM_ERROR, reason: 'deregistered before DNS answered' });
    this.counters.deregistered++;
    const now = this.opts.now();
    const waitMs = this.opts.answerWaitMs;
    const waiter = answer === undefined ? undefined : { answer, deadline: now + waitMs, waitMs };
    const instance = { modid: k.modid, cmdid: k.cmdid, ip: k.ip, port: k.port };
    if (!this.requests.send(this.opts, true, [instance], now, waiter)) {
      answer?.({ retcode: LarsRetCode.RET_UNAVAILABLE, reason: 'no DNS connection: DNS drops the instance when its lease lapses (ttl)' });
    }
  }

  /** A check's result for an instance; a change is sent to DNS at once. False when the instance is not held. */
  setCheckState(key: string, state: CheckStateFields): boolean {
    const e = this.entries.get(key);
    if (e === undefined) return false;
    const before = e.instance.check;
    if (before?.passing === state.passing && before.detail === state.detail) return true;
    e.instance.check = { ...state };
    this.sendRegister([e]);
    return true;
  }

  /** The link (re)connected: the whole table at once, whatever the replica knew. */
  connected(): void {
    this.counters.resends++;
    this.renewAll();
  }

  /** The link went down: requests on it are never answered; a deregister's asker hears so now. */
  disconnected(): void {
    this.requests.lost({ retcode: LarsRetCode.RET_UNAVAILABLE, reason: 'the DNS connection was lost before it answered' });
  }

  /** Timers' work, every ~100 ms: waits that ran out, apps gone silent, the renewal stream. */
  tick(): void {
    const now = this.opts.now();
    this.requests.expire(now, (w) => this.timedOut(w));
    for (const e of [...this.entries.values()]) {
      if (e.source === 'app' && now - e.lastHeartbeat > e.instance.ttlMs) {
        this.counters.expired++;
        this.opts.log?.(`${e.key}: no heartbeat from ${e.holder} for ${e.instance.ttlMs} ms (its ttl); deregistered`, 'info');
        this.deregister(e.instance);
      }
    }
    if (now - this.lastRenew >= this.renewPeriodMs()) this.renewAll();
  }

  /** A RegisterResponse from DNS (to a register or a deregister, by seq). */
  onResponse(r: lars.RegisterResponse): void {
    const f = this.requests.take(r.seq);
    if (f === undefined) return;
    const whole: RegistrationAnswer = { retcode: r.retcode, reason: r.reason };
    if (f.deregister !== undefined) {
      f.deregister.answer(whole);
      return;
    }
    const refused = new Map<string, RegistrationAnswer>();
    for (const x of r.refused) refused.set(instanceKey(x), { retcode: x.retcode || r.retcode || LarsRetCode.RET_REFUSED, reason: x.reason || r.reason });
    const all = r.retcode !== LarsRetCode.RET_SUCC && refused.size === 0 ? whole : undefined;
    for (const key of f.keys) {
      const a = all ?? refused.get(key) ?? SUCC;
      const e = this.entries.get(key);
      if (e !== undefined) this.decided(e, a);
      this.requests.answer(key, a);
    }
    this.refusals.flush();
  }

  /** What the admin route and `lars status` show, sorted by key. */
  list(): RegistrationView[] {
    const now = this.opts.now();
    return [...this.entries.values()].map((e) => registrationView(e, now)).sort((a, b) => a.modid - b.modid || a.cmdid - b.cmdid || a.key.localeCompare(b.key));
  }

  /** Every instance with its DNS's last word: the whole table (a declaration reload diffs against it). */
  entriesOf(source: RegistrationSource): Registration[] {
    return [...this.entries.values()].filter((e) => e.source === source);
  }

  private changed(e: Registration, fields: InstanceFields): boolean {
    const a = e.instance;
    const specA = JSON.stringify(a.checkSpec ?? null);
    const specB = JSON.stringify(fields.checkSpec ?? null);
    if (a.weight === fields.weight && a.ttlMs === fields.ttlMs && specA === specB) return false;
    e.instance = { ...fields, ...(a.check === undefined ? {} : { check: a.check }) };
    if (fields.checkSpec === undefined) delete e.instance.checkSpec;
    if (a.ttlMs !== fields.ttlMs) this.minTtl = undefined;
    if (specA !== specB) this.startCheck(e);
    return true;
  }

  /** The runner hears of the entry's spec (or its end) and says what state it starts with. */
  private startCheck(e: Registration): void {
    const state = this.opts.onCheckSpec?.(e.key, e.instance.checkSpec === undefined ? undefined : e.instance);
    if (state === undefined) delete e.instance.check;
    else e.instance.check = { ...state };
  }

  private decided(e: Registration, a: RegistrationAnswer): void {
    const wasRefused = e.lastAnswer !== undefined && e.lastAnswer.retcode !== LarsRetCode.RET_SUCC;
    e.lastAnswer = a;
    if (a.retcode === LarsRetCode.RET_SUCC) {
      if (!e.taken) this.counters.registered++;
      e.taken = true;
      return;
    }
    this.counters.refused++;
    if (!e.taken && e.source !== 'config') {
      this.drop(e.key, undefined);
      return;
    }
    if (!wasRefused) this.refusals.note(e.key, a);
  }

  /** Out of the table; its waiters get `answer` (when given). */
  private drop(key: string, answer: RegistrationAnswer | undefined): void {
    const e = this.entries.get(key);
    if (e !== undefined) {
      this.entries.delete(key);
      this.minTtl = undefined;
      if (e.instance.checkSpec !== undefined) this.opts.onCheckSpec?.(key, undefined);
    }
    if (answer !== undefined) this.requests.answer(key, answer);
  }

  private timedOut(w: Waiter): void {
    this.counters.answersTimedOut++;
    const connected = this.opts.connected();
    const reason = connected ? `DNS did not answer within ${w.waitMs} ms` : 'no DNS connection';
    w.answer({ retcode: LarsRetCode.RET_UNAVAILABLE, reason, ...(connected ? { timedOut: true } : {}) });
  }

  private renewAll(): void {
    this.lastRenew = this.opts.now();
    if (this.entries.size === 0) return;
    this.counters.renewalRounds++;
    this.sendRegister([...this.entries.values()]);
  }

  private sendRegister(list: Registration[]): boolean {
    return this.requests.send(this.opts, false, list.map((e) => instanceToDns(e.instance)), this.opts.now());
  }
}
