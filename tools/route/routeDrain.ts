/**
 * `lars route disable|enable`: takes a host (static or registered) out of
 * service, or back, with the store's drain edit. RouteDrain remembers who
 * ("cli USER@HOST"), and the drain holds across re-registrations.
 */
import type { Store } from '../../store/store.js';
import type { DrainEdit } from '../../store/leaseStore.js';
import type { HostArgs } from './routeArgs.js';
import { EXIT_OK, EXIT_UNCHANGED, printLine } from '../db/storeCli.js';
import { cliWho } from '../cli/cliWho.js';


export async function drainRoute(store: Store, action: 'disable' | 'enable', h: HostArgs, json: boolean): Promise<number> {
  const key = { modid: h.modid, cmdid: h.cmdid, ip: h.ip, port: h.port };
  const who = cliWho();
  const edit = action === 'disable' ? await store.drainHost(key, who) : await store.enableHost(key, who);
  const changed = edit.status === 'drained' || edit.status === 'enabled';
  if (json) {
    printLine(JSON.stringify({ status: edit.status, modid: h.modid, cmdid: h.cmdid, ip: h.ipText, port: h.port, ...(action === 'disable' ? { who } : {}), version: edit.version }));
  } else if (changed) {
    printLine(describe(edit, h, who));
  } else {
    process.stderr.write(`lars: ${describe(edit, h, who)}\n`);
  }
  return changed ? EXIT_OK : EXIT_UNCHANGED;
}

function describe(edit: DrainEdit, h: HostArgs, who: string): string {
  const host = `${h.ipText}:${h.port}`;
  const key = `route ${h.modid}/${h.cmdid}`;
  switch (edit.status) {
    case 'drained':
      return `disabled ${host} in ${key} as ${who}: not served until enabled (route version ${edit.version})`;
    case 'enabled':
      return `enabled ${host} in ${key} (route version ${edit.version})`;
    case 'already':
      return `${host} in ${key} is already disabled: nothing changed`;
    case 'notDrained':
      return `${host} in ${key} is not disabled: nothing changed`;
    case 'missing':
      return `${host} is not in ${key} (neither static nor registered): nothing changed`;
  }
}
