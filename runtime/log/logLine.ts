/**
 * Log lines, in the two shapes an operator picks with `--log-format`: text
 * for people (ISO timestamp, level, source, message) and json for log
 * shippers (one object per line). Every line of a running role goes through
 * here, in the supervisor's thread: actors send their records over the
 * control plane, so a role's lines keep the order they happened in (its
 * "listening" lines come before `started`).
 *
 * `source` is `lars` for the process itself and `role/actor` for an actor;
 * text keeps the shapes tools and people already match (`lars: …`,
 * `[agent/dns-client] …`).
 */
import { UsageError } from '../errors.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export const PROCESS_SOURCE = 'lars';

/** A component's log: one line at a level (default info); its actor or process adds the time and the source. */
export type LineLog = (line: string, level?: LogLevel) => void;

/** Where a component's lines go; `level` defaults to info and `source` to the process. */
export type LogWriter = (msg: string, level?: LogLevel, source?: string) => void;

export interface LogOptions {
  format: LogFormat;
  /** Lines below this level are dropped. */
  level: LogLevel;
}

export const DEFAULT_LOG_OPTIONS: LogOptions = { format: 'text', level: 'info' };

export function levelEnabled(level: LogLevel, min: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(min);
}

export function formatLogLine(ts: number, level: LogLevel, source: string, msg: string, format: LogFormat): string {
  const time = new Date(ts).toISOString();
  if (format === 'json') return JSON.stringify({ ts: time, level, source, msg });
  // One record, one line: a message that carries a newline (a peer's error text) stays on it.
  const flat = msg.replace(/\r?\n/g, ' | ');
  const who = source === PROCESS_SOURCE ? `${PROCESS_SOURCE}:` : `[${source}]`;
  return `${time} ${level.toUpperCase().padEnd(5)} ${who} ${flat}`;
}

/** A writer that formats, filters by level, and hands whole lines to `write` (stderr by default). */
export function logWriter(opts: LogOptions, write: (line: string) => void = (l) => process.stderr.write(`${l}\n`), now: () => number = Date.now): LogWriter {
  return (msg, level = 'info', source = PROCESS_SOURCE) => {
    if (levelEnabled(level, opts.level)) write(formatLogLine(now(), level, source, msg, opts.format));
  };
}

export function parseLogLevel(text: string, where: string): LogLevel {
  const level = LOG_LEVELS.find((l) => l === text);
  if (level === undefined) throw new UsageError(`${where} ${JSON.stringify(text)}: expected one of ${LOG_LEVELS.join(', ')}`);
  return level;
}

export function parseLogFormat(text: string, where: string): LogFormat {
  const format = LOG_FORMATS.find((f) => f === text);
  if (format === undefined) throw new UsageError(`${where} ${JSON.stringify(text)}: expected one of ${LOG_FORMATS.join(', ')}`);
  return format;
}
