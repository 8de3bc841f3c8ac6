/**
 * The supervisor's side of one shared actor thread: places actors on it
 * (each with a data port of its own instead of the thread's parentPort) and
 * tells each one's slot when it is gone. When the thread itself is lost
 * (process.exit inside it, an uncaught error, terminate) every actor still
 * on it is gone with it, with the thread's reason.
 */
import { MessageChannel, Worker, type TransferListItem } from 'node:worker_threads';
import { errorLine } from '../errors.js';
import type { ActorIncarnation, IncarnationEnd } from './actorIncarnation.js';
import { siblingModule } from './moduleUrl.js';
import type { ThreadCommand, ThreadEvent } from './threadMessages.js';
import type { WorkerBoot } from './workerBoot.js';

const ENTRY = new URL(siblingModule(import.meta.url, './sharedThreadWorker'));
/** A drop the thread does not answer in this long means the thread is stuck: it is terminated. */
const DROP_ANSWER_MS = 2000;

export interface SharedThreadHooks {
  /** The thread ended with `actors` still on it (not counted when it had none). */
  lost(thread: SharedThread, actors: number, reason: string): void;
  /** Its last actor is gone. */
  empty(thread: SharedThread): void;
}

export class SharedThread {
  private readonly worker: Worker;
  private readonly actors = new Map<number, (end: IncarnationEnd) => void>();
  private nextId = 0;
  private error: string | undefined;
  private ended = false;

  constructor(name: string, execArgv: string[] | undefined, private readonly hooks: SharedThreadHooks) {
    this.worker = new Worker(ENTRY, { name, ...(execArgv ? { execArgv } : {}) });
    this.worker.on('message', (e: ThreadEvent) => this.settle(e.id, { error: e.error }));
    this.worker.on('error', (err) => {
      this.error = errorLine(err);
    });
    this.worker.once('exit', (code) => {
      this.ended = true;
      const reason = this.error ?? `actor thread exited with code ${code}`;
      const left = this.actors.size;
      for (const id of [...this.actors.keys()]) this.settle(id, { error: reason });
      if (left > 0) this.hooks.lost(this, left, reason);
    });
  }

  /** Actors on this thread now. */
  get load(): number {
    return this.actors.size;
  }

  get alive(): boolean {
    return !this.ended;
  }

  place(boot: WorkerBoot): ActorIncarnation {
    const id = this.nextId++;
    const { port1, port2 } = new MessageChannel();
    let resolveGone: (end: IncarnationEnd) => void = () => undefined;
    const gone = new Promise<IncarnationEnd>((resolve) => {
      resolveGone = resolve;
    });
    this.actors.set(id, (end) => {
      port1.close();
      resolveGone(end);
    });
    const cmd: ThreadCommand = { op: 'spawn', id, boot, dataPort: port2 };
    const transfer: TransferListItem[] = [port2, boot.controlPort, ...boot.peerPorts.map((p) => p.port)];
    this.worker.postMessage(cmd, transfer);
    return {
      data: port1,
      gone,
      terminate: () => this.drop(id, gone),
    };
  }

  /** Ends the thread and so every actor on it. */
  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  private async drop(id: number, gone: Promise<IncarnationEnd>): Promise<void> {
    if (!this.actors.has(id)) return;
    const cmd: ThreadCommand = { op: 'drop', id, reason: 'terminated by the supervisor' };
    this.worker.postMessage(cmd);
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<'stuck'>((resolve) => {
      timer = setTimeout(() => resolve('stuck'), DROP_ANSWER_MS);
    });
    if ((await Promise.race([gone, stuck])) === 'stuck') await this.worker.terminate();
    clearTimeout(timer);
    await gone;
  }

  private settle(id: number, end: IncarnationEnd): void {
    const done = this.actors.get(id);
    if (!done) return;
    this.actors.delete(id);
    done(end);
    if (this.actors.size === 0 && !this.ended) this.hooks.empty(this);
  }
}
