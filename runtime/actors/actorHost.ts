/**
 * Runs one actor definition against its links: the supervisor's data link
 * and one link per linked peer instance, whose messages go through the
 * actor's inbox to `handle`, one at a time; and the control plane (comlink
 * on its own port), where this host serves the supervisor's calls (stats,
 * reload, stop, link, the actor's own control API) and reports readiness
 * and snapshots.
 *
 * Used by the worker entry (actorWorker.ts) and usable in-thread in tests.
 */
import type { MessagePort } from 'node:worker_threads';
import { CodedError, errorLine } from '../errors.js';
import type { Clock } from '../mailbox/clock.js';
import { Inbox } from '../mailbox/inbox.js';
import { MailboxLink } from '../mailbox/mailboxLink.js';
import { addMailboxStats, emptyMailboxStats } from '../mailbox/mailboxStats.js';
import { SUPERVISOR_PEER, type Message, type PeerInfo } from '../mailbox/message.js';
import type { PortLike } from '../mailbox/portLike.js';
import type { ActorContext } from './actorContext.js';
import type { LoadedActorDefinition } from './actorDefinition.js';
import { ActorGroup } from './actorRef.js';
import { comlinkPort, exposeApi, wrapApi, type Remote } from './comlinkPort.js';
import type { ActorControl, ActorStatsReport, StopReport, SupervisorEvents } from './controlPlane.js';
import { Timers } from './timers.js';
import type { WorkerBoot } from './workerBoot.js';
import { formatLogLine, levelEnabled, type LogLevel } from '../log/logLine.js';

export class NoSuchLinkError extends CodedError {
  constructor(from: string, kind: string) {
    super('NO_SUCH_LINK', `${from} is not linked to "${kind}" (add the pair to the role's links)`);
  }
}

export class ActorNotReadyError extends CodedError {
  constructor(name: string, call: string) {
    super('ACTOR_NOT_READY', `${name} is not started yet; cannot answer "${call}"`);
  }
}

export interface ActorHostOptions {
  boot: WorkerBoot;
  definition: LoadedActorDefinition;
  /** Data link to the supervisor (the worker's parentPort). */
  supervisor: PortLike;
  /** The control plane; defaults to boot.controlPort. */
  controlPort?: MessagePort;
  clock: Clock;
  /** The actor failed (handler threw, start failed): end the thread with `err`. */
  crash(err: unknown): void;
  /** Graceful stop finished and was reported: end the thread. */
  exit(): void;
  /** Instead of the control plane (tests running an actor in-thread). */
  log?: (line: string, level: LogLevel) => void;
}

/** How long a crashed actor's stop hook may take on a shared thread before its ports are closed anyway. */
const RELEASE_STOP_MS = 2000;

export class ActorHost {
  private readonly boot: WorkerBoot;
  private readonly def: LoadedActorDefinition;
  private readonly opts: ActorHostOptions;
  private readonly inbox: Inbox;
  private readonly supervisor: MailboxLink;
  private readonly events: Remote<SupervisorEvents>;
  private readonly peerLinks = new Map<string, MailboxLink[]>();
  private readonly groups = new Map<string, ActorGroup<Message>>();
  private readonly timers: Timers;
  private readonly errors: Record<string, number> = {};
  private readonly ctx: ActorContext;
  private state: unknown;
  private ready = false;
  private sender: PeerInfo | undefined;
  private started: Promise<void> | undefined;
  private stopHookRan = false;
  private released = false;

  constructor(opts: ActorHostOptions) {
    this.opts = opts;
    this.boot = opts.boot;
    this.def = opts.definition;
    const { mailbox } = opts.boot;
    this.inbox = new Inbox((m, from) => this.handleUser(m, from), (err) => this.fail(err));
    this.inbox.pause(); // until start() has built the state
    this.timers = new Timers(opts.clock, (fn) => this.inbox.runLocal(fn));
    this.supervisor = new MailboxLink({ target: 'supervisor', peer: SUPERVISOR_PEER, clock: opts.clock, ...mailbox, sink: this.inbox });
    for (const { kind, count } of opts.boot.peers) {
      const links: MailboxLink[] = [];
      for (let i = 0; i < count; i++) {
        const target = count === 1 ? kind : `${kind}-${i}`;
        links.push(new MailboxLink({ target, peer: { kind, index: i }, clock: opts.clock, ...mailbox, sink: this.inbox }));
      }
      this.peerLinks.set(kind, links);
    }
    for (const { kind, index, port } of opts.boot.peerPorts) this.attachPeer(kind, index, port);
    this.ctx = this.makeContext();
    const control = comlinkPort(opts.controlPort ?? opts.boot.controlPort);
    this.events = wrapApi<SupervisorEvents>(control);
    exposeApi(control, this.controlApi());
  }

  /** Builds the state, then opens the inbox and tells the supervisor it is up. A failure goes to `crash`. */
  start(): Promise<void> {
    this.supervisor.attach(this.opts.supervisor);
    this.started = (async () => {
      this.state = await this.def.start(this.boot.args, this.ctx, this.boot.restored);
      this.ready = true;
      this.inbox.resume();
      this.events.ready().catch((err: unknown) => this.log(`cannot report ready: ${errorLine(err)}`, 'error'));
    })();
    this.started.catch((err: unknown) => this.fail(err));
    return this.started;
  }

  /** What the supervisor may call; `actor` holds the definition's own control API. */
  private controlApi(): ActorControl<Record<string, (...args: unknown[]) => unknown>> {
    const actor: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
    for (const [name, fn] of Object.entries(this.def.control ?? {})) {
      actor[name] = (...args) => {
        if (!this.ready) return Promise.reject(new ActorNotReadyError(this.boot.name, name));
        return this.inTurn(() => fn(this.state, ...args), false);
      };
    }
    return {
      stats: () => this.statsReport(),
      reload: (args) => {
        this.boot.args = args;
        // A failed reload crashes the actor (its state may be half-changed); the supervisor restarts it.
        return this.inTurn(async () => {
          await this.def.reload?.(this.state, args, this.ctx);
          return true as const;
        }, true);
      },
      stop: async (drainFrom, budgetMs, fromSupervisor) => {
        const report = await this.stop(drainFrom, budgetMs, fromSupervisor);
        // After comlink has posted the report (its reply goes out in this turn's microtasks).
        setImmediate(() => this.finishStop());
        return report;
      },
      link: (kind, index, port) => this.attachPeer(kind, index, port),
      actor,
    };
  }

  /** Runs `fn` in turn with messages; `crashOnError`: a failure also crashes the inbox, not only the call. */
  private inTurn<T>(fn: () => T | Promise<T>, crashOnError: boolean): Promise<Awaited<T>> {
    return new Promise((resolve, reject) => {
      this.inbox.runLocal(async () => {
        try {
          resolve(await fn());
        } catch (err) {
          reject(err);
          if (crashOnError) throw err;
        }
      });
    });
  }

  private async stop(drainFrom: string[], budgetMs: number, fromSupervisor: number): Promise<StopReport> {
    await this.started?.catch(() => undefined);
    const peers = drainFrom.flatMap((kind) => this.peerLinks.get(kind) ?? []);
    const waits = [this.supervisor.whenReceived(fromSupervisor), ...peers.map((l) => l.whenDetached())];
    let timer: unknown;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = this.opts.clock.setTimeout(() => resolve('timeout'), Math.max(0, budgetMs / 2));
    });
    let undrained = 0;
    if ((await Promise.race([Promise.all(waits), timedOut])) === 'timeout') {
      undrained = peers.filter((l) => l.attached).length + (this.supervisor.stats().received < fromSupervisor ? 1 : 0);
    }
    this.opts.clock.clearTimeout(timer);
    const drained = this.inbox.depth;
    await this.inbox.whenIdle();
    this.inbox.pause();
    this.timers.cancelAll();
    this.stopHookRan = true;
    await this.def.stop?.(this.state, this.ctx);
    this.timers.cancelAll();
    this.inbox.close(this.boot.name);
    return { drained, undrained };
  }

  /**
   * Frees what this actor holds in a thread that lives on after it (a shared
   * actor thread): after a crash its stop hook runs, bounded, so its sockets
   * close before the next incarnation binds them; then timers and ports go.
   */
  async release(stopBudgetMs = RELEASE_STOP_MS): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.inbox.pause();
    this.timers.cancelAll();
    if (this.ready && !this.stopHookRan && this.def.stop) {
      this.stopHookRan = true;
      let timer: unknown;
      const overdue = new Promise<void>((resolve) => {
        timer = this.opts.clock.setTimeout(resolve, stopBudgetMs);
      });
      try {
        await Promise.race([Promise.resolve(this.def.stop(this.state, this.ctx)), overdue]);
      } catch (err) {
        this.log(`stop after a crash failed: ${errorLine(err)}`, 'warn');
      }
      this.opts.clock.clearTimeout(timer);
    }
    this.timers.cancelAll();
    for (const links of this.peerLinks.values()) for (const l of links) l.close();
    this.supervisor.close();
  }

  private finishStop(): void {
    for (const links of this.peerLinks.values()) for (const l of links) l.close();
    this.supervisor.flush();
    this.opts.exit();
  }

  private handleUser(message: Message, from: PeerInfo): unknown {
    this.sender = from;
    try {
      return this.def.handle(this.state, message, this.ctx);
    } finally {
      this.sender = undefined;
    }
  }

  private attachPeer(kind: string, index: number, port: PortLike): void {
    const link = this.peerLinks.get(kind)?.[index];
    if (!link) {
      this.countError('unknown_link');
      return;
    }
    link.attach(port);
  }

  /** Flushes what we owe (replies, the failed ask's error), then hands the error to the thread. */
  private fail(err: unknown): void {
    this.supervisor.flush();
    for (const links of this.peerLinks.values()) for (const l of links) l.flush();
    this.opts.crash(err);
  }

  private countError(kind: string, by = 1): void {
    this.errors[kind] = (this.errors[kind] ?? 0) + by;
  }

  private log(line: string, level: LogLevel = 'info'): void {
    if (!levelEnabled(level, this.boot.logLevel)) return;
    if (this.opts.log) {
      this.opts.log(`[${this.boot.role}/${this.boot.name}] ${line}`, level);
      return;
    }
    // A supervisor that is gone (or a test harness without `log`) still gets the line, on stderr.
    this.events.log(level, line).catch(() => process.stderr.write(`${formatLogLine(Date.now(), level, `${this.boot.role}/${this.boot.name}`, line, 'text')}\n`));
  }

  private statsReport(): ActorStatsReport {
    const mailbox = addMailboxStats(emptyMailboxStats(), this.supervisor.stats());
    for (const links of this.peerLinks.values()) for (const l of links) addMailboxStats(mailbox, l.stats());
    let metrics = {};
    try {
      if (this.ready) metrics = this.def.metrics?.(this.state) ?? {};
    } catch (err) {
      this.countError('metrics_failed');
      this.log(`metrics() failed: ${errorLine(err)}`, 'error');
    }
    return { handled: this.inbox.handled, depth: this.inbox.depth, mailbox, errors: { ...this.errors }, metrics, timers: this.timers.active };
  }

  private makeContext(): ActorContext {
    const host = this;
    const { role, kind, index, name } = this.boot;
    return {
      role,
      kind,
      index,
      name,
      clock: this.opts.clock,
      get sender() {
        return host.sender;
      },
      after: (ms, fn) => this.timers.after(ms, fn),
      every: (ms, fn) => this.timers.every(ms, fn),
      peers: <PM extends Message, PR extends object>(peerKind: string) => {
        let group = this.groups.get(peerKind);
        if (!group) {
          const links = this.peerLinks.get(peerKind);
          if (!links) throw new NoSuchLinkError(name, peerKind);
          group = new ActorGroup<Message>(peerKind, links);
          this.groups.set(peerKind, group);
        }
        return group as unknown as ActorGroup<PM, PR>;
      },
      saveSnapshot: (data) => {
        this.events.snapshot(data).catch((err: unknown) => {
          this.countError('snapshot_unsendable');
          this.log(`cannot save snapshot: ${errorLine(err)}`, 'warn');
        });
      },
      countError: (errKind, by) => this.countError(errKind, by),
      log: (line, level) => this.log(line, level),
    };
  }
}
