/**
 * Actors on the supervisor's own thread (issue 23): `[supervisor] workers =
 * 0`, which `auto` picks on a machine with fewer than four cores. A worker
 * thread is a V8 isolate and a module graph of its own (≈ 10–15 MiB resident
 * each here); light actors placed here share the isolate and the modules the
 * supervisor already loaded. Each still has its own data port, control plane,
 * bounded mailboxes and timers, so a crash or a stop releases that actor
 * alone (as on a shared thread) and the supervisor restarts it. What this
 * place cannot survive is an error thrown outside an actor's turn (it ends
 * the process), and a long synchronous job here also holds up the admin
 * server: such work goes to piscina, as on any shared thread.
 */
import { MessageChannel } from 'node:worker_threads';
import { errorLine } from '../errors.js';
import { systemClock } from '../mailbox/clock.js';
import type { ActorIncarnation, IncarnationEnd } from './actorIncarnation.js';
import { isActorDefinition } from './actorDefinition.js';
import { ActorHost } from './actorHost.js';
import type { WorkerBoot } from './workerBoot.js';

export class MainThreadPlace {
  /** Actors on the main thread now. */
  private count = 0;

  get load(): number {
    return this.count;
  }

  place(boot: WorkerBoot): ActorIncarnation {
    const { port1, port2 } = new MessageChannel();
    let host: ActorHost | undefined;
    let ended = false;
    let resolveGone: (end: IncarnationEnd) => void = () => undefined;
    const gone = new Promise<IncarnationEnd>((resolve) => {
      resolveGone = resolve;
    });
    this.count++;
    const end = (error: string | undefined): Promise<void> => {
      if (ended) return gone.then(() => undefined);
      ended = true;
      const released = host ? host.release() : Promise.resolve();
      return released.finally(() => {
        port2.close();
        port1.close();
        boot.controlPort.close();
        this.count--;
        resolveGone({ error });
      });
    };
    void (async () => {
      try {
        const mod = (await import(boot.moduleUrl)) as { default?: unknown };
        if (!isActorDefinition(mod.default)) throw new Error(`${boot.moduleUrl}: default export is not an actor definition (needs start and handle)`);
        if (ended) return; // terminated while its module loaded
        host = new ActorHost({ boot, definition: mod.default, supervisor: port2, clock: systemClock, crash: (err) => void end(errorLine(err)), exit: () => void end(undefined) });
        host.start().catch(() => undefined); // a failed start already went to `crash`
      } catch (err) {
        void end(errorLine(err));
      }
    })();
    return {
      data: port1,
      gone,
      terminate: () => end('terminated by the supervisor'),
    };
  }
}
