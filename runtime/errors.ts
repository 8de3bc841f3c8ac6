/**
 * Every error we raise on purpose carries a stable `code`, so callers and
 * tests match on the code, never on message text.
 */
export class CodedError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/**
 * A mistake by whoever started the process (flag, argument, config value).
 * The CLI prints its message on one line and exits with status 2.
 */
export class UserError extends CodedError {
  readonly exitCode: number;

  constructor(code: string, message: string, exitCode = 2) {
    super(code, message);
    this.exitCode = exitCode;
  }
}

/** Bad command-line usage: unknown flag, missing or malformed argument. */
export class UsageError extends UserError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** A config file or value that cannot be used; the message names the key. */
export class ConfigError extends UserError {
  constructor(message: string) {
    super('BAD_CONFIG', message);
  }
}

/** The environment refused something at start-up (port taken, store unreachable): exit 1. */
export class StartupError extends UserError {
  constructor(message: string) {
    super('STARTUP', message, 1);
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

/** One line for a log or a terminal, whatever was thrown. */
export function errorLine(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name;
  return String(err);
}
