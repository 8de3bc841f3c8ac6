/** An answer that is the client's fault (or a refused method): a 4xx with a one-line JSON error. */
import { CodedError } from '../../runtime/errors.js';

export class HttpError extends CodedError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(code, message);
  }
}
