/**
 * Failures a mailbox user can see, each with a stable `code`.
 */
import { CodedError } from '../errors.js';

/** An ask got no reply within its timeout. */
export class AskTimeoutError extends CodedError {
  constructor(
    readonly messageType: string,
    readonly target: string,
    readonly timeoutMs: number,
  ) {
    super('ASK_TIMEOUT', `ask "${messageType}" to ${target} timed out after ${timeoutMs} ms`);
  }
}

/** The mailbox already holds `capacity` undelivered or unhandled messages. */
export class MailboxFullError extends CodedError {
  constructor(
    readonly target: string,
    readonly capacity: number,
  ) {
    super('MAILBOX_FULL', `mailbox of ${target} is full (capacity ${capacity})`);
  }
}

/** The mailbox was closed for good; nothing more is delivered. */
export class MailboxClosedError extends CodedError {
  constructor(readonly target: string) {
    super('MAILBOX_CLOSED', `mailbox of ${target} is closed`);
  }
}

/**
 * The peer went away (its worker exited or the channel closed) while the
 * ask was in flight; a restarted peer never sees it.
 */
export class PeerGoneError extends CodedError {
  constructor(
    readonly messageType: string,
    readonly target: string,
  ) {
    super('PEER_GONE', `${target} went away before answering "${messageType}"`);
  }
}

/** A message or reply could not be structured-cloned (functions, sockets...). */
export class NotCloneableError extends CodedError {
  constructor(readonly messageType: string) {
    super('NOT_CLONEABLE', `message "${messageType}" cannot be sent between threads (not structured-cloneable)`);
  }
}

/**
 * The receiving actor's handler failed on an ask. `remoteCode` is the code of
 * the error it threw when that error had one.
 */
export class RemoteHandlerError extends CodedError {
  constructor(
    readonly messageType: string,
    readonly target: string,
    readonly remoteCode: string | undefined,
    remoteMessage: string,
  ) {
    super('REMOTE_HANDLER_FAILED', `${target} failed handling "${messageType}": ${remoteMessage}`);
  }
}

/** Plain data for an error crossing a thread boundary. */
export interface ErrorWire {
  readonly code: string | undefined;
  readonly message: string;
}

export function toErrorWire(err: unknown): ErrorWire {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : undefined, message: err.message.split('\n')[0] ?? err.name };
  }
  return { code: undefined, message: String(err) };
}
