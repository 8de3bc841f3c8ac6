/**
 * Where a role's actors run (issue 23). An actor whose spec says
 * `thread: 'own'` gets a worker thread of its own; the others share a pool
 * of at most `size` threads ([supervisor] workers), each placed on the least
 * loaded one (a new thread while the pool has room and every thread has an
 * actor). A thread whose last actor is gone ends, so an idle pool holds
 * nothing. One pool may serve several roles of a process (`--role all`).
 * With `size` 0 the shared actors run on the supervisor's own thread
 * (mainThread.ts): no isolate of their own to pay for.
 */
import { availableParallelism } from 'node:os';
import type { ActorIncarnation } from './actorIncarnation.js';
import { MainThreadPlace } from './mainThread.js';
import { ownThread } from './ownThread.js';
import { SharedThread } from './sharedThread.js';
import type { WorkerBoot } from './workerBoot.js';

export type ThreadPlacement = 'own' | 'shared';

export interface ThreadPoolOptions {
  /** Shared threads at most; 0: shared actors run on the main thread. */
  size: number;
  /** Actors whose spec says `own` get a thread each; false: they are placed as shared ones. */
  ownThreads?: boolean;
  /** Node flags for every thread; undefined inherits the process's. */
  execArgv?: string[] | undefined;
  /** A shared thread was lost with actors on it (they are restarted by their slots). */
  onLost?: (actors: number, reason: string) => void;
}

/**
 * `[supervisor] workers = auto`: one shared thread per four cores; below four
 * cores none, the shared actors then run on the main thread (a thread of
 * their own would buy them no core there, only an isolate to pay for).
 */
export function autoWorkers(cores = availableParallelism()): number {
  return Math.floor(cores / 4);
}

/**
 * `[supervisor] own_threads = auto`: from four cores. Below that a thread per
 * UDP or DNS server buys no core the others do not already contend for, and
 * each costs an isolate (bench/RESULTS.md, issue 23: throughput side by side).
 */
export function autoOwnThreads(cores = availableParallelism()): boolean {
  return cores >= 4;
}

export class ActorThreadPool {
  readonly size: number;
  /** Shared threads lost with actors on them, since the pool was made. */
  lost = 0;
  private readonly threads: SharedThread[] = [];
  private readonly opts: ThreadPoolOptions;
  private made = 0;
  private readonly main = new MainThreadPlace();

  constructor(opts: ThreadPoolOptions) {
    if (!(Number.isInteger(opts.size) && opts.size >= 0)) throw new RangeError(`thread pool size ${opts.size}: expected a whole number from 0`);
    this.opts = opts;
    this.size = opts.size;
  }

  /** Shared threads running now. */
  get running(): number {
    return this.threads.length;
  }

  /** Actors running on the main thread now. */
  get onMainThread(): number {
    return this.main.load;
  }

  place(boot: WorkerBoot, placement: ThreadPlacement): ActorIncarnation {
    if (placement === 'own' && (this.opts.ownThreads ?? true)) return ownThread(boot, this.opts.execArgv);
    if (this.size === 0) return this.main.place(boot);
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
