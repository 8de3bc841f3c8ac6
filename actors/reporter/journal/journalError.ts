/** The journal directory cannot be used: not creatable, not writable, or held by another live reporter. */
import { CodedError } from '../../../runtime/errors.js';

export type JournalErrorCode = 'JOURNAL_DIR' | 'JOURNAL_IN_USE' | 'JOURNAL_WRITE';

export class JournalError extends CodedError {
  constructor(code: JournalErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
