/**
 * The hand-overs between an agent's UDP services, wired as the agent role
 * wires its udp-server actors (udpServerActor.ts): a request for a key
 * another port owns goes to the owner, and its answer back to the port the
 * client asked. Each hand-over is structured-cloned and delivered on a later
 * turn, as a MessageChannel would.
 */
import { UDP_SERVER_COUNT, type WrongPortAnswer, type WrongPortRequest } from '../../actors/lb/agentProtocol.js';
import type { AgentUdpService } from '../../actors/lb/agentUdpService.js';
import type { WrongPortOptions } from '../../actors/lb/wrongPort.js';

export class AgentPortLinks {
  /** While true, every hand-over fails (a full or closed mailbox). */
  refuse = false;

  /** `services[i]` is the service on port index i; it may be filled in after the links are made. */
  constructor(private readonly services: ReadonlyArray<AgentUdpService | undefined>) {}

  /** The `wrongPort` option of the service at `index`. */
  wrongPortFor(index: number): WrongPortOptions {
    return {
      index,
      count: UDP_SERVER_COUNT,
      forward: (owner: number, request: WrongPortRequest): boolean => {
        if (this.refuse) return false;
        const copy = structuredClone(request);
        later(() => this.services[owner]?.serveWrongPort(copy, (answer) => this.answer(index, answer)));
        return true;
      },
    };
  }

  private answer(index: number, answer: WrongPortAnswer): boolean {
    if (this.refuse) return false;
    const copy = structuredClone(answer);
    later(() => this.services[index]?.sendWrongPortAnswer(copy));
    return true;
  }
}

function later(fn: () => void): void {
  setImmediate(fn);
}
