/**
 * Entry point of a shared actor thread: runs every actor the supervisor
 * places here, each in its own ActorHost with its own data and control
 * ports. An actor that crashes or stops is released (stop hook, timers,
 * ports) and reported gone; the thread and its other actors go on. An
 * uncaught error outside an actor's turn ends the thread, and the
 * supervisor restarts all of its actors.
 */
import { parentPort } from 'node:worker_threads';
import { errorLine } from '../errors.js';
import { systemClock } from '../mailbox/clock.js';
import { isActorDefinition } from './actorDefinition.js';
import { ActorHost } from './actorHost.js';
import type { ThreadCommand, ThreadEvent } from './threadMessages.js';

if (!parentPort) throw new Error('sharedThreadWorker.js must run in a worker thread');
const supervisor = parentPort;
const ends = new Map<number, (error: string | undefined) => void>();

function report(event: ThreadEvent): void {
  supervisor.postMessage(event);
}

async function spawn(cmd: Extract<ThreadCommand, { op: 'spawn' }>): Promise<void> {
  const { id, boot, dataPort } = cmd;
  let host: ActorHost | undefined;
  let ended = false;
  const end = (error: string | undefined): void => {
    if (ended) return;
    ended = true;
    ends.delete(id);
    const released = host ? host.release() : Promise.resolve();
    void released.finally(() => {
      dataPort.close();
      boot.controlPort.close();
      report({ op: 'gone', id, error });
    });
  };
  ends.set(id, end);
  try {
    const mod = (await import(boot.moduleUrl)) as { default?: unknown };
    if (!isActorDefinition(mod.default)) throw new Error(`${boot.moduleUrl}: default export is not an actor definition (needs start and handle)`);
    if (ended) return; // dropped while its module loaded
    host = new ActorHost({ boot, definition: mod.default, supervisor: dataPort, clock: systemClock, crash: (err) => end(errorLine(err)), exit: () => end(undefined) });
    host.start().catch(() => undefined); // a failed start already went to `crash`
  } catch (err) {
    end(errorLine(err));
  }
}

supervisor.on('message', (cmd: ThreadCommand) => {
  if (cmd.op === 'spawn') void spawn(cmd);
  else ends.get(cmd.id)?.(cmd.reason);
});
