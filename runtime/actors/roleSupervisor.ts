/**
 * Runs one role: spawns every actor instance of its spec on a worker,
 * wires the direct channels between linked kinds (again after every
 * restart), restarts crashed actors with backoff, detects crash loops, and
 * stops kind by kind. Knows no service: roles come in as specs.
 */
import { EventEmitter } from 'eventemitter3';
import { keepAliveClock, type Clock } from '../mailbox/clock.js';
import type { Message } from '../mailbox/message.js';
import type { MailboxStats } from '../mailbox/mailboxStats.js';
import { instanceName } from './actorContext.js';
import { ActorGroup, NoSuchActorError } from './actorRef.js';
import { ActorSlot, type SlotState } from './actorSlot.js';
import type { AnyRoleSpec } from './actorSpec.js';
import { KindLinks } from './kindLinks.js';
import { ActorThreadPool, autoOwnThreads, autoWorkers } from './actorThreadPool.js';
import type { ActorStatsReport } from './controlPlane.js';
import { CrashWindow, restartDelay, type RestartSettings } from './restartPolicy.js';
import type { MailboxSettings } from './workerBoot.js';
import { logWriter, DEFAULT_LOG_OPTIONS, type LogLevel, type LogWriter } from '../log/logLine.js';
import { ActorNotRunningError, BadRoleSpecError, CrashLoopError, StartFailedError, type RoleFailure } from './roleErrors.js';
import type { ControlChannel } from './controlChannel.js';

export { ActorNotRunningError, BadRoleSpecError, CrashLoopError, StartFailedError, type RoleFailure };

/** Arguments and result of method `K` of an actor's control API `C`. */
export type ControlArgs<C, K extends keyof C> = C[K] extends (...args: infer P) => unknown ? P : never;
export type ControlResult<C, K extends keyof C> = C[K] extends (...args: never[]) => infer R ? Awaited<R> : never;

export interface SupervisionSettings {
  restart: RestartSettings;
  startTimeoutMs: number;
  mailbox: MailboxSettings;
  /** Shared actor threads at most ([supervisor] workers); default from the cores (autoWorkers). */
  workers?: number;
  /** Actors whose spec says `thread: 'own'` get one ([supervisor] own_threads); default from the cores (autoOwnThreads). */
  ownThreads?: boolean;
}

export interface RoleSupervisorOptions {
  spec: AnyRoleSpec;
  config: unknown;
  store?: string | undefined;
  settings: SupervisionSettings;
  clock?: Clock;
  /** Where the role's lines go, the actors' included (default: text on stderr). */
  log?: LogWriter;
  /** Actors drop lines below this level before sending them (default info). */
  logLevel?: LogLevel;
  /** Node flags for actor workers; undefined inherits the process's. */
  workerExecArgv?: string[];
  /** Where shared actors run, when several roles of a process share one pool; default a pool of this role's own. */
  threads?: ActorThreadPool;
}

export interface ActorSample {
  role: string;
  kind: string;
  name: string;
  state: SlotState;
  restarts: number;
  lastError: string | undefined;
  /** Fresh when the actor answered this scrape, else its last answer (or none yet). */
  stats: ActorStatsReport | undefined;
  /** The supervisor's own link to the actor (messages the supervisor sent it). */
  supervisorLink: MailboxStats;
}

interface RoleEvents {
  failed: [RoleFailure];
  actorUp: [string];
  actorDown: [string, string];
}

export class RoleSupervisor extends EventEmitter<RoleEvents> {
  readonly role: string;
  private readonly spec: AnyRoleSpec;
  private readonly clock: Clock;
  private readonly slots: ActorSlot[] = [];
  private readonly byKind = new Map<string, ActorSlot[]>();
  private readonly links: KindLinks;
  private readonly crashes = new CrashWindow();
  private config: unknown;
  private settings: SupervisionSettings;
  private readonly store: string | undefined;
  private readonly log: LogWriter;
  readonly threads: ActorThreadPool;
  private stopping = false;
  /** Every actor has been up once: from now on crashes are restarted. */
  private started = false;
  failure: RoleFailure | undefined;

  constructor(opts: RoleSupervisorOptions) {
    super();
    this.spec = opts.spec;
    this.role = opts.spec.role;
    this.clock = opts.clock ?? keepAliveClock;
    this.config = opts.config;
    this.settings = opts.settings;
    this.store = opts.store;
    this.log = opts.log ?? logWriter(DEFAULT_LOG_OPTIONS);
    this.threads =
      opts.threads ??
      new ActorThreadPool({
        size: opts.settings.workers ?? autoWorkers(),
        ownThreads: opts.settings.ownThreads ?? autoOwnThreads(),
        execArgv: opts.workerExecArgv,
        onLost: (actors, reason) => this.log(`${this.role}: shared actor thread lost with ${actors} actor(s) on it (${reason}); restarting them`, 'error'),
      });
    const kinds = opts.spec.actors.map((a) => a.kind);
    if (new Set(kinds).size !== kinds.length) throw new BadRoleSpecError(this.role, `duplicate actor kind in ${kinds.join(', ')}`);
    this.links = new KindLinks(opts.spec);
    for (const actor of opts.spec.actors) {
      const count = actor.count ?? 1;
      const peers = this.links.peersOf(actor.kind);
      const list: ActorSlot[] = [];
      for (let index = 0; index < count; index++) {
        const slot = new ActorSlot({
          role: this.role,
          kind: actor.kind,
          index,
          name: instanceName(actor.kind, index, count),
          moduleUrl: actor.module,
          args: actor.args?.({ config: this.config, index, store: this.store }),
          mailbox: { ...opts.settings.mailbox, ...actor.mailbox },
          peers,
          clock: this.clock,
          startTimeoutMs: opts.settings.startTimeoutMs,
          hooks: {
            ready: (s) => this.emit('actorUp', s.name),
            crashed: (s) => this.onCrash(s),
            log: (s, level, msg) => this.log(msg, level, `${this.role}/${s.name}`),
          },
          logLevel: opts.logLevel ?? DEFAULT_LOG_OPTIONS.level,
          place: (boot) => this.threads.place(boot, actor.thread ?? 'shared'),
        });
        list.push(slot);
        this.slots.push(slot);
      }
      this.byKind.set(actor.kind, list);
    }
  }

  /** Spawns every actor; resolves when all are up, rejects if the role fails first. */
  start(): Promise<void> {
    const waiting = new Set(this.slots.map((s) => s.name));
    return new Promise((resolve, reject) => {
      const up = (name: string): void => {
        waiting.delete(name);
        if (waiting.size > 0) return;
        this.off('actorUp', up);
        this.off('failed', reject);
        this.started = true;
        resolve();
      };
      this.on('actorUp', up);
      this.once('failed', reject);
      for (const slot of this.slots) this.spawn(slot);
    });
  }

  /**
   * Graceful stop, kind by kind in spec order, within `budgetMs` overall.
   * Resolves true when every actor stopped cleanly (none terminated).
   */
  async stop(budgetMs: number): Promise<boolean> {
    this.stopping = true;
    const deadline = this.clock.now() + budgetMs;
    const stopped = new Set<string>();
    let clean = true;
    for (const actor of this.spec.actors) {
      const drainFrom = this.links.of(actor.kind).filter((k) => stopped.has(k));
      const remaining = Math.max(0, deadline - this.clock.now());
      const results = await Promise.all((this.byKind.get(actor.kind) ?? []).map((s) => s.stop(drainFrom, remaining)));
      if (results.includes(false)) clean = false;
      stopped.add(actor.kind);
    }
    return clean;
  }

  /** Ends every worker at once. */
  async kill(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.slots.map((s) => s.kill()));
  }

  /** Every instance of `kind`, from the supervisor (broadcast, asks). */
  group<M extends Message, R extends object = Record<never, never>>(kind: string): ActorGroup<M, R> {
    return new ActorGroup<M, R>(kind, (this.byKind.get(kind) ?? []).map((s) => s.link));
  }

  /** New config: start arguments are recomputed and sent to every running actor. */
  async reload(config: unknown, settings: SupervisionSettings): Promise<string[]> {
    this.config = config;
    this.settings = settings;
    const failures: string[] = [];
    await Promise.all(
      this.spec.actors.flatMap((actor) =>
        (this.byKind.get(actor.kind) ?? []).map(async (slot) => {
          slot.args = actor.args?.({ config, index: slot.index, store: this.store });
          const control = slot.controlChannel;
          if (slot.state !== 'running' || !control) return;
          const args = slot.args;
          try {
            await control.call('reload', settings.mailbox.askTimeoutMs, (api) => api.reload(args));
          } catch (err) {
            failures.push(`${slot.name}: ${(err as Error).message}`);
          }
        }),
      ),
    );
    return failures;
  }

  /**
   * Calls method `method` of the control API `C` of instance `index` of
   * `kind` (declared by the actor as its definition's `control`), bounded
   * by `timeoutMs`. Fails with ACTOR_NOT_RUNNING while it is not running.
   */
  async call<C extends object, K extends keyof C & string>(kind: string, index: number, method: K, args: ControlArgs<C, K>, timeoutMs: number): Promise<ControlResult<C, K>> {
    return this.controlOf(kind, index).call<ControlResult<C, K>, C>(method, timeoutMs, (api) => {
      const fn = (api.actor as unknown as Record<string, (...a: unknown[]) => Promise<ControlResult<C, K>>>)[method];
      return fn ? fn(...(args as unknown[])) : Promise.reject(new TypeError(`no control method ${method}`));
    });
  }

  /** Fresh stats of one running instance (what a scrape asks each actor). */
  async statsOf(kind: string, index: number, timeoutMs: number): Promise<ActorStatsReport> {
    return this.controlOf(kind, index).call('stats', timeoutMs, (api) => api.stats());
  }

  /** The control plane of a running instance; ACTOR_NOT_RUNNING otherwise. */
  private controlOf(kind: string, index: number): ControlChannel {
    const slot = this.running(kind, index);
    const control = slot.controlChannel;
    if (!control || slot.state !== 'running') throw new ActorNotRunningError(this.role, slot.name, slot.state);
    return control;
  }

  /** Instance count of `kind` (0 for a kind the role does not have). */
  instances(kind: string): number {
    return this.byKind.get(kind)?.length ?? 0;
  }

  /** Asks every running actor for its stats (bounded by `timeoutMs`). */
  async sample(timeoutMs: number): Promise<ActorSample[]> {
    await Promise.all(
      this.slots.map(async (slot) => {
        if (slot.state !== 'running') return;
        try {
          slot.lastStats = await this.statsOf(slot.kind, slot.index, timeoutMs);
        } catch {
          // keep the previous answer; the actor's state says why
        }
      }),
    );
    return this.slots.map((slot) => ({
      role: this.role,
      kind: slot.kind,
      name: slot.name,
      state: slot.state,
      restarts: slot.restarts,
      lastError: slot.lastError,
      stats: slot.lastStats,
      supervisorLink: slot.link.stats(),
    }));
  }

  /**
   * Instances not running, with why, and running ones that reported
   * themselves degraded in their latest stats (see sample()). Empty when the
   * role is healthy.
   */
  unhealthy(): Array<{ actor: string; state: SlotState | 'degraded'; lastError?: string }> {
    const problems: Array<{ actor: string; state: SlotState | 'degraded'; lastError?: string }> = [];
    for (const s of this.slots) {
      if (s.state !== 'running') problems.push(s.lastError === undefined ? { actor: s.name, state: s.state } : { actor: s.name, state: s.state, lastError: s.lastError });
      else if (s.lastStats?.metrics.degraded !== undefined) problems.push({ actor: s.name, state: 'degraded', lastError: s.lastStats.metrics.degraded });
    }
    return problems;
  }

  /** Running instances that reported a warning in their latest stats: shown on /healthz, not failing it. */
  warnings(): Array<{ actor: string; warning: string }> {
    const out: Array<{ actor: string; warning: string }> = [];
    for (const s of this.slots) {
      const warning = s.state === 'running' ? s.lastStats?.metrics.warning : undefined;
      if (warning !== undefined) out.push({ actor: s.name, warning });
    }
    return out;
  }

  private spawn(slot: ActorSlot): void {
    const instancesOf = (kind: string): readonly ActorSlot[] => this.byKind.get(kind) ?? [];
    slot.spawn(this.links.wire(slot, instancesOf, this.settings.mailbox.askTimeoutMs, (line) => this.log(line, 'warn')));
  }

  private running(kind: string, index: number): ActorSlot {
    const list = this.byKind.get(kind) ?? [];
    const slot = list[index];
    if (!slot) throw new NoSuchActorError(kind, index, list.length);
    return slot;
  }

  private onCrash(slot: ActorSlot): void {
    const reason = slot.lastError ?? 'unknown';
    this.emit('actorDown', slot.name, reason);
    if (this.stopping || this.failure) {
      slot.state = 'stopped';
      return;
    }
    if (!this.started) {
      slot.state = 'failed';
      this.failure = new StartFailedError(this.role, slot.name, reason);
      this.emit('failed', this.failure);
      return;
    }
    const now = this.clock.now();
    const { restart } = this.settings;
    if (slot.upSince !== undefined && now - slot.upSince >= restart.backoffMaxMs) slot.failures = 0;
    if (this.crashes.record(now, restart)) {
      slot.state = 'failed';
      this.failure = new CrashLoopError(this.role, slot.name, this.crashes.recent, restart.crashWindowMs, reason);
      this.emit('failed', this.failure);
      return;
    }
    const delay = restartDelay(slot.failures, restart);
    slot.failures++;
    slot.state = 'backoff';
    this.log(`${this.role}/${slot.name} crashed (${reason}); restarting in ${delay} ms`, 'error');
    slot.restartTimer = this.clock.setTimeout(() => {
      if (this.stopping || this.failure || slot.state !== 'backoff') return;
      slot.restarts++;
      this.spawn(slot);
    }, delay);
  }
}
