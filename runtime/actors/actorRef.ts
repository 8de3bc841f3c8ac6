/**
 * Typed handles on mailbox links: ActorRef for one actor instance,
 * ActorGroup for every instance of a kind (broadcast). The protocol types
 * `M` (messages the actor accepts) and `R` (reply per askable type) come from
 * the protocol module both ends import.
 */
import { CodedError } from '../errors.js';
import type { AskableMessage, Message, ReplyMap, ReplyOf } from '../mailbox/message.js';
import type { MailboxLink } from '../mailbox/mailboxLink.js';
import type { MailboxStats } from '../mailbox/mailboxStats.js';

export class NoSuchActorError extends CodedError {
  constructor(kind: string, index: number, size: number) {
    super('NO_SUCH_ACTOR', `no actor ${kind} #${index} (there are ${size})`);
  }
}

export class ActorRef<M extends Message, R extends ReplyMap = Record<never, never>> {
  constructor(private readonly link: MailboxLink) {}

  /** The actor's instance name, e.g. `udp-server-1`. */
  get name(): string {
    return this.link.target;
  }

  /** Fire and forget; false when dropped (mailbox full or closed). */
  tell(message: M): boolean {
    return this.link.tell(message);
  }

  ask<Q extends AskableMessage<M, R>>(message: Q, timeoutMs?: number): Promise<ReplyOf<R, Q>> {
    return this.link.ask(message, timeoutMs) as Promise<ReplyOf<R, Q>>;
  }

  /** Resolves when the mailbox has room again; for producers that must not drop. */
  waitForCapacity(): Promise<void> {
    return this.link.waitForCapacity();
  }

  get outstanding(): number {
    return this.link.outstanding;
  }

  stats(): MailboxStats {
    return this.link.stats();
  }
}

export class ActorGroup<M extends Message, R extends ReplyMap = Record<never, never>> implements Iterable<ActorRef<M, R>> {
  private readonly refs: ReadonlyArray<ActorRef<M, R>>;

  constructor(
    readonly kind: string,
    links: readonly MailboxLink[],
  ) {
    this.refs = links.map((l) => new ActorRef<M, R>(l));
  }

  get size(): number {
    return this.refs.length;
  }

  at(index: number): ActorRef<M, R> {
    const ref = this.refs[index];
    if (!ref) throw new NoSuchActorError(this.kind, index, this.refs.length);
    return ref;
  }

  /** Tells every instance; returns how many accepted it. */
  tell(message: M): number {
    let accepted = 0;
    for (const ref of this.refs) if (ref.tell(message)) accepted++;
    return accepted;
  }

  /** Asks every instance; settles when all have answered or failed. */
  askAll<Q extends AskableMessage<M, R>>(message: Q, timeoutMs?: number): Promise<Array<PromiseSettledResult<ReplyOf<R, Q>>>> {
    return Promise.allSettled(this.refs.map((r) => r.ask(message, timeoutMs)));
  }

  [Symbol.iterator](): Iterator<ActorRef<M, R>> {
    return this.refs[Symbol.iterator]();
  }
}
