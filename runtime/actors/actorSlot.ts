/**
 * The supervisor's side of one actor instance across its incarnations: the
 * current worker and its control plane (comlink calls, bounded in time and
 * failed when the worker goes), a mailbox link that outlives restarts
 * (messages told while the actor restarts wait, bounded, for the next
 * incarnation), the start arguments and last snapshot to restart it with,
 * and its lifecycle state.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { errorLine } from '../errors.js';
import type { Clock } from '../mailbox/clock.js';
import { MailboxLink } from '../mailbox/mailboxLink.js';
import { ControlChannel } from './controlChannel.js';
import type { ActorStatsReport } from './controlPlane.js';
import type { ActorIncarnation } from './actorIncarnation.js';
import type { MailboxSettings, WorkerBoot } from './workerBoot.js';
import type { LogLevel } from '../log/logLine.js';

export type SlotState = 'starting' | 'running' | 'backoff' | 'stopping' | 'stopped' | 'failed';

export interface SlotHooks {
  ready(slot: ActorSlot): void;
  crashed(slot: ActorSlot): void;
  log(slot: ActorSlot, level: LogLevel, msg: string): void;
}

export interface SlotInit {
  role: string;
  kind: string;
  index: number;
  name: string;
  moduleUrl: string;
  args: unknown;
  mailbox: MailboxSettings;
  peers: Array<{ kind: string; count: number }>;
  clock: Clock;
  startTimeoutMs: number;
  hooks: SlotHooks;
  logLevel: LogLevel;
  /** Starts an incarnation where the role places this actor (a thread of its own or a shared one). */
  place(boot: WorkerBoot): ActorIncarnation;
}

export class ActorSlot {
  readonly kind: string;
  readonly index: number;
  readonly name: string;
  readonly link: MailboxLink;
  state: SlotState = 'stopped';
  restarts = 0;
  /** Consecutive crashes, for the backoff; forgiven after a long enough run. */
  failures = 0;
  upSince: number | undefined;
  args: unknown;
  snapshot: unknown;
  lastError: string | undefined;
  lastStats: ActorStatsReport | undefined;
  restartTimer: unknown;
  private worker: ActorIncarnation | undefined;
  private control: ControlChannel | undefined;
  private exited: Promise<void> = Promise.resolve();
  private startTimer: unknown;
  private readonly init: SlotInit;

  constructor(init: SlotInit) {
    this.init = init;
    this.kind = init.kind;
    this.index = init.index;
    this.name = init.name;
    this.args = init.args;
    // Nothing the actor sends on the data link is for the supervisor: dropped and counted.
    this.link = new MailboxLink({ target: init.name, peer: { kind: init.kind, index: init.index }, clock: init.clock, ...init.mailbox });
  }

  /** The current incarnation's control plane; undefined while no worker runs. */
  get controlChannel(): ControlChannel | undefined {
    return this.worker ? this.control : undefined;
  }

  get hasWorker(): boolean {
    return this.worker !== undefined;
  }

  /** Starts a new incarnation with its ports to already-running peers. */
  spawn(peerPorts: Array<{ kind: string; index: number; port: MessagePort }>): void {
    // The previous incarnation's port stayed open until now so its last snapshot could still arrive.
    this.control?.close();
    const { port1, port2 } = new MessageChannel();
    const boot: WorkerBoot = {
      moduleUrl: this.init.moduleUrl,
      role: this.init.role,
      kind: this.kind,
      index: this.index,
      name: this.name,
      args: this.args,
      restored: this.snapshot,
      peers: this.init.peers,
      peerPorts,
      controlPort: port2,
      mailbox: this.init.mailbox,
      logLevel: this.init.logLevel,
    };
    this.state = 'starting';
    this.lastError = undefined;
    const worker = this.init.place(boot);
    this.worker = worker;
    this.link.attach(worker.data);
    this.exited = worker.gone.then((end) => this.onExit(worker, end.error));
    this.control = new ControlChannel({
      port: port1,
      target: this.name,
      clock: this.init.clock,
      gone: this.exited,
      events: {
        ready: () => this.onReady(worker),
        snapshot: (data) => {
          this.snapshot = data;
        },
        log: (level, msg) => this.init.hooks.log(this, level, msg),
      },
    });
    this.startTimer = this.init.clock.setTimeout(() => {
      if (this.worker !== worker || this.state !== 'starting') return;
      this.lastError = `did not start within ${this.init.startTimeoutMs} ms`;
      void worker.terminate();
    }, this.init.startTimeoutMs);
  }

  private onReady(worker: ActorIncarnation): void {
    if (this.worker !== worker || this.state !== 'starting') return;
    this.init.clock.clearTimeout(this.startTimer);
    this.state = 'running';
    this.upSince = this.init.clock.now();
    this.init.hooks.ready(this);
  }

  /**
   * Graceful stop within `budgetMs`: the actor drains the links of
   * `drainFrom` kinds, runs its stop hook, reports, and exits; past the
   * budget its worker is terminated. Resolves true when it stopped cleanly.
   */
  async stop(drainFrom: string[], budgetMs: number): Promise<boolean> {
    this.init.clock.clearTimeout(this.restartTimer);
    const worker = this.worker;
    const control = this.control;
    if (!worker || !control) {
      this.state = 'stopped';
      this.control?.close();
      return true;
    }
    if (this.state === 'starting') {
      // Never came up, so it accepted no work to flush: no need to wait for its boot.
      this.state = 'stopping';
      await worker.terminate();
      await this.exited;
      this.state = 'stopped';
      control.close();
      return true;
    }
    this.state = 'stopping';
    const exited = this.exited;
    let timer: unknown;
    const overdue = new Promise<false>((resolve) => {
      timer = this.init.clock.setTimeout(() => resolve(false), budgetMs);
    });
    const graceful = (async (): Promise<true> => {
      try {
        // Posts what was told to the actor first; it waits for that many before stopping.
        this.link.flush();
        const posted = this.link.posted;
        await control.call('stop', budgetMs, (api) => api.stop(drainFrom, budgetMs, posted));
      } catch (err) {
        this.lastError ??= errorLine(err);
      }
      await exited;
      return true;
    })();
    const clean = await Promise.race([graceful, overdue]);
    this.init.clock.clearTimeout(timer);
    if (!clean) {
      this.lastError = `did not stop within ${Math.round(budgetMs)} ms; terminated`;
      await worker.terminate();
      await exited;
    }
    this.state = 'stopped';
    control.close();
    return clean;
  }

  /** Ends the worker at once (second signal, failed role). */
  async kill(): Promise<void> {
    this.init.clock.clearTimeout(this.restartTimer);
    this.state = 'stopped';
    const worker = this.worker;
    if (worker) {
      await worker.terminate();
      await this.exited;
    }
    this.control?.close();
  }

  private onExit(worker: ActorIncarnation, error: string | undefined): void {
    if (this.worker !== worker) return;
    this.init.clock.clearTimeout(this.startTimer);
    this.worker = undefined;
    this.link.detach();
    if (this.state === 'stopping' || this.state === 'stopped') return;
    this.lastError ??= error ?? 'actor stopped unasked';
    this.init.hooks.crashed(this);
  }
}
