/** `lars route add|del`: one host edit, reported in a line (or JSON) and the exit status. */
import type { Store } from '../../store/store.js';
import type { RouteEdit } from '../../store/routeTypes.js';
import type { HostArgs } from './routeArgs.js';
import { EXIT_OK, EXIT_UNCHANGED, printLine } from '../db/storeCli.js';

export async function editRoute(store: Store, action: 'add' | 'del', host: HostArgs, json: boolean): Promise<number> {
  const edit = action === 'add' ? await store.addHost(host.modid, host.cmdid, host.ip, host.port) : await store.delHost(host.modid, host.cmdid, host.ip, host.port);
  const changed = edit.status === 'added' || edit.status === 'deleted';
  if (json) {
    printLine(JSON.stringify({ status: edit.status, modid: host.modid, cmdid: host.cmdid, ip: host.ipText, port: host.port, version: edit.version }));
  } else if (changed) {
    printLine(describe(edit, host));
  } else {
    process.stderr.write(`lars: ${describe(edit, host)}\n`);
  }
  return changed ? EXIT_OK : EXIT_UNCHANGED;
}

function describe(edit: RouteEdit, h: HostArgs): string {
  const host = `${h.ipText}:${h.port}`;
  const key = `route ${h.modid}/${h.cmdid}`;
  switch (edit.status) {
    case 'added':
      return `added ${host} to ${key} (route version ${edit.version})`;
    case 'deleted':
      return `deleted ${host} from ${key} (route version ${edit.version})`;
    case 'exists':
      return `${host} is already in ${key}: nothing changed`;
    case 'missing':
      return `${host} is not in ${key}: nothing changed`;
  }
}
