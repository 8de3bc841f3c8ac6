/**
 * Starts the worker thread that hosts one actor. The entry's extension
 * follows this module's (`.ts` under tap, `.js` from dist/).
 */
import { Worker, type TransferListItem } from 'node:worker_threads';
import type { WorkerBoot } from './workerBoot.js';
import { siblingModule } from './moduleUrl.js';

const ENTRY = new URL(siblingModule(import.meta.url, './actorWorker'));

/** `execArgv` undefined: the worker inherits the process's (its module loader included). */
export function spawnActorWorker(boot: WorkerBoot, execArgv?: string[]): Worker {
  const transferList: TransferListItem[] = [boot.controlPort, ...boot.peerPorts.map((p) => p.port)];
  return new Worker(ENTRY, { workerData: boot, transferList, name: `${boot.role}/${boot.name}`, ...(execArgv ? { execArgv } : {}) });
}
