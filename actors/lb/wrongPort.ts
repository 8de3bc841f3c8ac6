/**
 * Requests that reach an agent port other than their key's owner. The
 * original agent kept one table per port, so any port answered any key; we
 * keep one LB state per key (its owner's), so the receiving port forwards
 * the request to the owner, and the owner's answer comes back to the
 * receiving port, which sends it: a client with a connected UDP socket only
 * accepts datagrams from the port it asked.
 */
import { ownerOf, type ClientAddress, type WrongPortAnswer, type WrongPortRequest } from './agentProtocol.js';
import type { AgentUdpCounters } from './agentUdpStats.js';

export interface WrongPortOptions {
  /** This port's index among the agent's ports (base_port + index). */
  index: number;
  /** The agent's ports; keys hash over them. */
  count: number;
  /** Hand a request to the port owning its key; false (or a throw) when it cannot be sent. */
  forward: (owner: number, request: WrongPortRequest) => boolean;
}

/** Answers back to the port that forwarded a request; false (or a throw) when it cannot be sent. */
export type WrongPortReply = (answer: WrongPortAnswer) => boolean;

/** A client that asked another port: the owner answers it through that port. */
export class RemoteClient {
  constructor(
    readonly client: ClientAddress,
    private readonly reply: WrongPortReply,
    private readonly counters: AgentUdpCounters,
    private readonly onError: ((err: unknown) => void) | undefined,
  ) {}

  answer(a: WrongPortAnswer): void {
    let sent = false;
    try {
      sent = this.reply(a);
    } catch (err) {
      this.onError?.(err);
    }
    if (!sent) this.counters.wrongPortAnswersLost++;
  }
}

/** The receiving side: which keys are another port's, and handing their requests over. */
export class WrongPortDesk {
  constructor(
    private readonly opts: WrongPortOptions,
    private readonly counters: AgentUdpCounters,
    private readonly onError: ((err: unknown) => void) | undefined,
  ) {}

  isForeign(modid: number, cmdid: number): boolean {
    return ownerOf(modid, cmdid, this.opts.count) !== this.opts.index;
  }

  /** Counts the request as wrongPort; false when the owner could not be told (counted too). */
  forward(request: WrongPortRequest): boolean {
    this.counters.wrongPort++;
    let sent = false;
    try {
      sent = this.opts.forward(ownerOf(request.modid, request.cmdid, this.opts.count), request);
    } catch (err) {
      this.onError?.(err);
    }
    if (!sent) this.counters.wrongPortRefused++;
    return sent;
  }
}
