/** An actor on a worker thread of its own: the thread ends with the actor. */
import { errorLine } from '../errors.js';
import type { ActorIncarnation, IncarnationEnd } from './actorIncarnation.js';
import { spawnActorWorker } from './spawnWorker.js';
import type { WorkerBoot } from './workerBoot.js';

export function ownThread(boot: WorkerBoot, execArgv: string[] | undefined): ActorIncarnation {
  const worker = spawnActorWorker(boot, execArgv);
  let error: string | undefined;
  worker.on('error', (err) => {
    error = errorLine(err);
  });
  const gone = new Promise<IncarnationEnd>((resolve) => worker.once('exit', (code) => resolve({ error: error ?? `worker exited with code ${code}` })));
  return {
    data: worker,
    gone,
    terminate: async () => {
      await worker.terminate();
      await gone;
    },
  };
}
