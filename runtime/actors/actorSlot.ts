/**
 * The supervisor's side of one actor instance across its incarnations: the
 * current worker, a mailbox link that outlives restarts (messages told while
 * the actor restarts wait, bounded, for the next incarnation), the start
 * arguments and last snapshot to restart it with, and its lifecycle state.
 */
import type { MessagePort, Worker } from 'node:worker_threads';
import { errorLine } from '../errors.js';
import type { Clock } from '../mailbox/clock.js';
import type { MessageSink } from '../mailbox/inbox.js';
import { MailboxLink } from '../mailbox/mailboxLink.js';
import type { Message } from '../mailbox/message.js';
import type { ActorEvent, ActorStatsReport, ControlRequest, MailboxSettings, StopReport, WorkerBoot } from './controlProtocol.js';
import { spawnActorWorker } from './spawnWorker.js';

export type SlotState = 'starting' | 'running' | 'backoff' | 'stopping' | 'stopped' | 'failed';

export interface SlotHooks {
  ready(slot: ActorSlot): void;
  crashed(slot: ActorSlot): void;
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
  /** Node flags for the actor's worker; undefined inherits the process's. */
  execArgv?: string[] | undefined;
}

export class ActorSlot implements MessageSink {
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
  private worker: Worker | undefined;
  private exited: Promise<void> = Promise.resolve();
  private startTimer: unknown;
  private readonly init: SlotInit;

  constructor(init: SlotInit) {
    this.init = init;
    this.kind = init.kind;
    this.index = init.index;
    this.name = init.name;
    this.args = init.args;
    this.link = new MailboxLink({ target: init.name, peer: { kind: init.kind, index: init.index }, clock: init.clock, ...init.mailbox, sink: this });
  }

  get hasWorker(): boolean {
    return this.worker !== undefined;
  }

  /** Starts a new incarnation with its ports to already-running peers. */
  spawn(peerPorts: Array<{ kind: string; index: number; port: MessagePort }>): void {
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
      mailbox: this.init.mailbox,
    };
    this.state = 'starting';
    this.lastError = undefined;
    const worker = spawnActorWorker(boot, this.init.execArgv);
    this.worker = worker;
    this.link.attach(worker);
    worker.on('error', (err) => {
      this.lastError = errorLine(err);
    });
    this.exited = new Promise((resolve) => worker.once('exit', (code) => {
      this.onExit(worker, code);
      resolve();
    }));
    this.startTimer = this.init.clock.setTimeout(() => {
      if (this.worker !== worker || this.state !== 'starting') return;
      this.lastError = `did not start within ${this.init.startTimeoutMs} ms`;
      void worker.terminate();
    }, this.init.startTimeoutMs);
  }

  /** Control events from the actor runtime; anything else sent to the supervisor is dropped. */
  deliver(link: MailboxLink, askId: number, message: Message): void {
    const event = message as ActorEvent;
    if (event.type === '$ready' && this.state === 'starting') {
      this.init.clock.clearTimeout(this.startTimer);
      this.state = 'running';
      this.upSince = this.init.clock.now();
      this.init.hooks.ready(this);
    } else if (event.type === '$snapshot') {
      this.snapshot = event.data;
    }
    if (askId >= 0) link.reply(askId, undefined);
    link.noteHandled();
  }

  /**
   * Graceful stop within `budgetMs`: the actor drains the links of
   * `drainFrom` kinds, runs its stop hook, reports, and exits; past the
   * budget its worker is terminated. Resolves true when it stopped cleanly.
   */
  async stop(drainFrom: string[], budgetMs: number): Promise<boolean> {
    this.init.clock.clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (!worker) {
      this.state = 'stopped';
      return true;
    }
    if (this.state === 'starting') {
      // Never came up, so it accepted no work to flush: no need to wait for its boot.
      this.state = 'stopping';
      await worker.terminate();
      await this.exited;
      this.state = 'stopped';
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
        const request: ControlRequest = { type: '$stop', drainFrom, budgetMs };
        (await this.link.ask(request, budgetMs)) as StopReport;
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
  }

  private onExit(worker: Worker, code: number): void {
    if (this.worker !== worker) return;
    this.init.clock.clearTimeout(this.startTimer);
    this.worker = undefined;
    this.link.detach();
    if (this.state === 'stopping' || this.state === 'stopped') return;
    this.lastError ??= `worker exited with code ${code}`;
    this.init.hooks.crashed(this);
  }
}
