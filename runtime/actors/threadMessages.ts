/** What the supervisor and a shared actor thread say to each other on its parentPort. */
import type { MessagePort } from 'node:worker_threads';
import type { WorkerBoot } from './workerBoot.js';

export type ThreadCommand =
  /** Start an actor; `dataPort` replaces parentPort as its data link to the supervisor. */
  | { op: 'spawn'; id: number; boot: WorkerBoot; dataPort: MessagePort }
  /** Release an actor now (its stop hook, bounded, then its ports), e.g. it did not start in time. */
  | { op: 'drop'; id: number; reason: string };

export type ThreadEvent =
  /** The actor is released: stopped (no error), crashed, or dropped. */
  { op: 'gone'; id: number; error: string | undefined };
