/**
 * msgid → handler. The reactor calls `dispatch` for every whole frame; a
 * msgid nobody registered is dropped and counted, never fatal.
 *
 * A handler signals a body it cannot decode by throwing BadBodyError (see
 * decodeBody); the transport then counts it and closes (TCP) or drops (UDP).
 */
import { CodedError } from '../errors.js';

export type MsgHandler<C> = (conn: C, body: Buffer, msgid: number) => void;

export class BadBodyError extends CodedError {
  constructor(msgid: number, cause: unknown) {
    super('BAD_BODY', `msgid ${msgid}: body does not decode (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
  }
}

/** Anything with a protobufjs-style static `decode`. */
export interface Decodable<T> {
  decode(reader: Uint8Array): T;
}

/** Decode a body or throw BadBodyError, so transports can tell bad input from bugs. */
export function decodeBody<T>(type: Decodable<T>, body: Uint8Array, msgid: number): T {
  try {
    return type.decode(body);
  } catch (err) {
    throw new BadBodyError(msgid, err);
  }
}

export class MsgRouter<C> {
  private readonly handlers = new Map<number, MsgHandler<C>>();
  unrouted = 0;

  register(msgid: number, handler: MsgHandler<C>): this {
    if (this.handlers.has(msgid)) throw new CodedError('DUPLICATE_ROUTE', `msgid ${msgid} already has a handler`);
    this.handlers.set(msgid, handler);
    return this;
  }

  has(msgid: number): boolean {
    return this.handlers.has(msgid);
  }

  /** False when no handler took the frame (counted in `unrouted`). */
  dispatch(conn: C, msgid: number, body: Buffer): boolean {
    const handler = this.handlers.get(msgid);
    if (handler === undefined) {
      this.unrouted++;
      return false;
    }
    handler(conn, body, msgid);
    return true;
  }
}
