/**
 * Every `max_conn` of the roles one process runs, fitted into its open-file
 * limit (runtime/reactor/openFileLimit.ts); the fitted values replace the
 * configured ones for the actors, at start and on every reload. A max_conn
 * the operator set that has to give is a warning; defaults that do not fit
 * are sized from the limit with an info line, because a default machine's
 * limit is not the operator's mistake.
 */
import type { LogWriter } from '../../runtime/log/logLine.js';
import { fitMaxConn } from '../../runtime/reactor/openFileLimit.js';

type Sections = Record<string, Record<string, unknown>>;

export interface ConnectionFit {
  apply(role: string, sections: Sections): Sections;
}

export function fitConnections(roles: Array<{ role: string; sections: Sections; setKeys?: ReadonlySet<string> }>, limit: number | undefined, log: LogWriter): ConnectionFit {
  const wishes: Array<{ role: string; section: string; name: string; value: number; set: boolean }> = [];
  for (const { role, sections, setKeys } of roles) {
    for (const [section, values] of Object.entries(sections)) {
      const v = values['max_conn'];
      if (typeof v === 'number') wishes.push({ role, section, name: `${role} [${section}] max_conn`, value: v, set: setKeys?.has(`${section} max_conn`) ?? true });
    }
  }
  const { values, line } = fitMaxConn(wishes, limit);
  const cutSet = wishes.some((w, i) => w.set && values[i] !== w.value);
  if (line !== undefined) log(cutSet ? line : `max_conn not set: ${line.replace(/; raise .*$/, '')} (set max_conn or raise \`ulimit -n\` for more)`, cutSet ? 'warn' : 'info');
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
