/**
 * The two kinds of failure a client call can have. A LarsError is a
 * condition an application handles at run time (fall back, retry, shed
 * load); a LarsArgumentError is a bug in the calling code and should not be
 * caught by the same `catch` that handles an overloaded service.
 */
import { CodedError } from '../runtime/errors.js';

/**
 * What a getHost/getRoute call can fail with:
 * - OVERLOAD: every host of the key is overloaded (and this call was not a probe).
 * - NOEXIST:  the agent has no host for the key (DNS knows none).
 * - TIMEOUT:  no agent answer in time (a busy agent, a lost datagram).
 * - UNREACHABLE: nothing to ask: the agent's port refused (ECONNREFUSED: no
 *             agent listening) or its host/network is unreachable; in
 *             embedded mode, no DNS address was ever reached. Known at once,
 *             so it never waits for the timeout; the message names host:port.
 * - SYSTEM:   the agent reported an internal error, the client is closed,
 *             or the socket could not be opened.
 */
export type LarsCallErrorCode = 'OVERLOAD' | 'NOEXIST' | 'TIMEOUT' | 'UNREACHABLE' | 'SYSTEM';

/** The per-call counters of `stats()` hold one entry for each of these. */
export const LARS_CALL_ERROR_CODES: readonly LarsCallErrorCode[] = ['OVERLOAD', 'NOEXIST', 'TIMEOUT', 'UNREACHABLE', 'SYSTEM'];

/**
 * Registration (`register`, docs/registration.md) can also fail with:
 * - REFUSED:     no or a wrong token, or a remote peer where only loopback may register.
 * - UNAVAILABLE: the store cannot be written now; retry later.
 * A bad address, port, weight or ttl is a LarsArgumentError, not a code.
 */
export type LarsRegisterErrorCode = 'REFUSED' | 'UNAVAILABLE';

export type LarsErrorCode = LarsCallErrorCode | LarsRegisterErrorCode | 'TIMEOUT' | 'SYSTEM';

export const LARS_ERROR_CODES: readonly LarsErrorCode[] = [...LARS_CALL_ERROR_CODES, 'REFUSED', 'UNAVAILABLE'];

/** Retcodes as the agent sends them (lars.LarsRetCode), for `report` and `LarsError.retcode`. */
export const RetCode = {
  SUCC: 0,
  OVERLOAD: 1,
  SYSTEM_ERROR: 2,
  NOEXIST: 3,
} as const;

export class LarsError extends CodedError {
  declare readonly code: LarsErrorCode;
  /** The agent's retcode when the agent answered with one; undefined for TIMEOUT and local failures. */
  readonly retcode: number | undefined;

  constructor(code: LarsErrorCode, message: string, options?: { cause?: unknown; retcode?: number }) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.retcode = options?.retcode;
  }
}

/** A non-success retcode from the agent as the error a caller handles. */
export function retcodeError(call: string, retcode: number): LarsError {
  switch (retcode) {
    case RetCode.OVERLOAD:
      return new LarsError('OVERLOAD', `${call}: every host is overloaded`, { retcode });
    case RetCode.NOEXIST:
      return new LarsError('NOEXIST', `${call}: the agent knows no host for this key`, { retcode });
    default:
      return new LarsError('SYSTEM', `${call}: the agent answered retcode ${retcode} (system error)`, { retcode });
  }
}

/**
 * Bad arguments (a modid that is not an int32, an address that is not
 * dotted IPv4...). A TypeError, like Node's own ERR_INVALID_ARG_VALUE, so a
 * handler written for LarsError codes never swallows a programming mistake.
 */
export class LarsArgumentError extends TypeError {
  readonly code = 'ERR_INVALID_ARG_VALUE';

  constructor(message: string) {
    super(message);
    this.name = 'LarsArgumentError';
  }
}
