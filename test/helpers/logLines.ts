/**
 * Log lines without their timestamp and level (runtime/log/logLine.ts), for
 * tests about what a process said rather than when.
 */
const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (?:DEBUG|INFO |WARN |ERROR) /gm;

/** One line, or every line of a block of output. */
export function unstamped(text: string | undefined): string {
  return (text ?? '').replace(STAMP, '');
}
