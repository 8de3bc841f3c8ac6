/**
 * Entry point of every actor worker thread: loads the actor module named in
 * workerData and runs it in an ActorHost wired to the supervisor (data on
 * parentPort, control on the transferred control port) and to its peers
 * (transferred ports).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../mailbox/clock.js';
import type { PortLike } from '../mailbox/portLike.js';
import { isActorDefinition } from './actorDefinition.js';
import { ActorHost } from './actorHost.js';
import type { WorkerBoot } from './workerBoot.js';

const boot = workerData as WorkerBoot;
if (!parentPort) throw new Error('actorWorker.js must run in a worker thread');
const supervisor: PortLike = parentPort;

const mod = (await import(boot.moduleUrl)) as { default?: unknown };
if (!isActorDefinition(mod.default)) {
  throw new Error(`${boot.moduleUrl}: default export is not an actor definition (needs start and handle)`);
}

const host = new ActorHost({
  boot,
  definition: mod.default,
  supervisor,
  clock: systemClock,
  // Rethrown outside any promise chain so the worker ends with this error and the supervisor sees it.
  crash: (err) =>
    setImmediate(() => {
      throw err;
    }),
  exit: () => setImmediate(() => process.exit(0)),
});
host.start().catch(() => undefined); // a failed start already went to `crash`
