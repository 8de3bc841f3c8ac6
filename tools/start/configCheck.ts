/**
 * `lars start ... --check`: everything a start reads is read and checked —
 * flags, every role's ini file, the store URLs, max_conn against the
 * open-file limit — and the outcome is one line; nothing starts. Run it
 * before a restart or a SIGHUP reload (a service manager's ExecReload) so a
 * typo is refused where it is made, not in the running process.
 */
import { ConfigError, isUserError, errorLine } from '../../runtime/errors.js';
import { parseStoreUrl, redactStoreUrl } from '../../store/storeUrl.js';

export interface CheckedRole {
  role: string;
  /** The role's ini file, for messages. */
  file: string;
  sections: Record<string, Record<string, unknown>>;
}

/** Each role's store URL (the flag, else its own section's `store`), parsed; throws a ConfigError naming the file and key. */
export function checkStores(roles: readonly CheckedRole[], flagStore: string | undefined): string[] {
  const stores: string[] = [];
  for (const r of roles) {
    const configured = r.sections[r.role]?.['store'];
    if (typeof configured !== 'string') continue;
    const url = flagStore ?? configured;
    try {
      parseStoreUrl(url);
    } catch (err) {
      if (flagStore !== undefined || !isUserError(err)) throw err;
      throw new ConfigError(`${r.file}: [${r.role}] store: ${errorLine(err).replace(/^--store /, '')}`);
    }
    const shown = redactStoreUrl(url);
    if (!stores.includes(shown)) stores.push(shown);
  }
  return stores;
}

export function checkSummary(roles: readonly CheckedRole[], stores: readonly string[]): string {
  const files = roles.map((r) => `${r.role} (${r.file})`).join(', ');
  return `config ok: ${files}${stores.length === 0 ? '' : `; store ${stores.join(', ')}`}; nothing started`;
}
