/**
 * Where a role's actors run (issue 23). An actor whose spec says
 * `thread: 'own'` gets a worker thread of its own; the others share a pool
 * of at most `size` threads ([supervisor] workers), each placed on the least
 * loaded one (a new thread while the pool has room and every thread has an
 * actor). A thread whose last actor is gone ends, so an idle pool holds
 * nothing. One pool may serve several roles of a process (`--role all`).
 */
import { availableParallelism } from 'node:os';
import type { ActorIncarnation } from './actorIncarnation.js';
import { ownThread } from './ownThread.js';
import { SharedThread } from './sharedThread.js';
import type { WorkerBoot } from './workerBoot.js';

export type ThreadPlacement = 'own' | 'shared';

export interface ThreadPoolOptions {
  /** Shared threads at most. */
  size: number;
  /** Node flags for every thread; undefined inherits the process's. */
  execArgv?: string[] | undefined;
  /** A shared thread was lost with actors on it (they are restarted by their slots). */
  onLost?: (actors: number, reason: string) => void;
}

/** `[supervisor] workers = auto`: one shared thread per four cores, at least one. */
export function autoWorkers(cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / 4));
}

export class ActorThreadPool {
  readonly size: number;
  /** Shared threads lost with actors on them, since the pool was made. */
  lost = 0;
  private readonly threads: SharedThread[] = [];
  private readonly opts: ThreadPoolOptions;
  private made = 0;

  constructor(opts: ThreadPoolOptions) {
    if (!(opts.size >= 1)) throw new RangeError(`thread pool size ${opts.size}: expected at least 1`);
    this.opts = opts;
    this.size = opts.size;
  }

  /** Shared threads running now. */
  get running(): number {
    return this.threads.length;
  }

  place(boot: WorkerBoot, placement: ThreadPlacement): ActorIncarnation {
    if (placement === 'own') return ownThread(boot, this.opts.execArgv);
    return this.pick().place(boot);
  }

  /** Ends every shared thread now (a failed role, a second signal). */
  async terminate(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.terminate()));
  }

  private pick(): SharedThread {
    let best: SharedThread | undefined;
    for (const t of this.threads) if (t.alive && (!best || t.load < best.load)) best = t;
    if (best && this.threads.length >= this.size) return best;
    const thread = new SharedThread(`actors-${this.made++}`, this.opts.execArgv, {
      // A lost thread leaves the pool at once, so its actors' restarts land on a live one.
      lost: (t, actors, reason) => {
        this.forget(t);
        this.lost++;
        this.opts.onLost?.(actors, reason);
      },
      empty: (t) => {
        this.forget(t);
        void t.terminate();
      },
    });
    this.threads.push(thread);
    return thread;
  }

  private forget(t: SharedThread): void {
    const i = this.threads.indexOf(t);
    if (i >= 0) this.threads.splice(i, 1);
  }
}
