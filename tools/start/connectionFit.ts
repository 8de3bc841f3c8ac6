/**
 * Every `max_conn` of the roles one process runs, fitted into its open-file
 * limit (runtime/reactor/openFileLimit.ts). Said in one line at start when
 * something had to give; the fitted values replace the configured ones for
 * the actors, at start and on every reload.
 */
import type { LogWriter } from '../../runtime/log/logLine.js';
import { fitMaxConn } from '../../runtime/reactor/openFileLimit.js';

type Sections = Record<string, Record<string, unknown>>;

export interface ConnectionFit {
  apply(role: string, sections: Sections): Sections;
}

export function fitConnections(roles: Array<{ role: string; sections: Sections }>, limit: number | undefined, log: LogWriter): ConnectionFit {
  const wishes: Array<{ role: string; section: string; name: string; value: number }> = [];
  for (const { role, sections } of roles) {
    for (const [section, values] of Object.entries(sections)) {
      const v = values['max_conn'];
      if (typeof v === 'number') wishes.push({ role, section, name: `${role} [${section}] max_conn`, value: v });
    }
  }
  const { values, line } = fitMaxConn(wishes, limit);
  if (line !== undefined) log(line, 'warn');
  const fitted = new Map<string, number>();
  wishes.forEach((w, i) => {
    if (values[i] !== w.value) fitted.set(`${w.role}\0${w.section}`, values[i] as number);
  });
  return {
    apply(role, sections) {
      if (fitted.size === 0) return sections;
      const out: Sections = {};
      for (const [section, values] of Object.entries(sections)) {
        const v = fitted.get(`${role}\0${section}`);
        out[section] = v === undefined ? values : { ...values, max_conn: v };
      }
      return out;
    },
  };
}
