/**
 * Lines a process logged, by level, for /metrics: an alert on
 * `increase(lars_log_lines_total{level="error"}[5m]) > 0` needs no log
 * shipper. Every level is listed from the start, so the series exist at 0.
 */
import { runtimeHelp } from '../admin/runtimeMetrics.js';
import { LOG_LEVELS, type LogLevel, type LogWriter } from './logLine.js';

export class LogCounts {
  private readonly counts = new Map<LogLevel, number>(LOG_LEVELS.map((l) => [l, 0]));

  /** `log`, counting each line it is given. */
  counting(log: LogWriter): LogWriter {
    return (msg, level = 'info', source) => {
      this.counts.set(level, (this.counts.get(level) ?? 0) + 1);
      log(msg, level, source);
    };
  }

  get(level: LogLevel): number {
    return this.counts.get(level) ?? 0;
  }

  render(): string {
    const name = 'lars_log_lines_total';
    const lines = [`# HELP ${name} ${runtimeHelp(name)}`, `# TYPE ${name} counter`];
    for (const [level, n] of this.counts) lines.push(`${name}{level="${level}"} ${n}`);
    return `${lines.join('\n')}\n`;
  }
}
