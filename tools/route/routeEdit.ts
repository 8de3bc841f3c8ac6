/** `lars route add|del|set-weight`: one host edit, reported in a line (or JSON) and the exit status. */
import type { Store } from '../../store/store.js';
import type { RouteEdit, WeightEdit } from '../../store/routeTypes.js';
import type { HostArgs } from './routeArgs.js';
import { EXIT_OK, EXIT_UNCHANGED, printLine } from '../db/storeCli.js';
import { cliWho } from '../cli/cliWho.js';

export type EditAction = 'add' | 'del' | 'set-weight';

function apply(store: Store, action: EditAction, h: HostArgs): Promise<RouteEdit | WeightEdit> {
  switch (action) {
    case 'add':
      return store.addHost(h.modid, h.cmdid, h.ip, h.port, h.weight, cliWho());
    case 'del':
      return store.delHost(h.modid, h.cmdid, h.ip, h.port, cliWho());
    case 'set-weight':
      return store.setWeight(h.modid, h.cmdid, h.ip, h.port, h.weight, cliWho());
  }
}

export async function editRoute(store: Store, action: EditAction, host: HostArgs, json: boolean): Promise<number> {
  const edit = await apply(store, action, host);
  const changed = edit.status === 'added' || edit.status === 'deleted' || edit.status === 'updated';
  if (json) {
    const weight = action === 'del' ? {} : { weight: host.weight };
    printLine(JSON.stringify({ status: edit.status, modid: host.modid, cmdid: host.cmdid, ip: host.ipText, port: host.port, ...weight, version: edit.version }));
  } else if (changed) {
    printLine(describe(edit, host));
  } else {
    process.stderr.write(`lars: ${describe(edit, host)}\n`);
  }
  return changed ? EXIT_OK : EXIT_UNCHANGED;
}

function describe(edit: RouteEdit | WeightEdit, h: HostArgs): string {
  const host = `${h.ipText}:${h.port}`;
  const key = `route ${h.modid}/${h.cmdid}`;
  switch (edit.status) {
    case 'added':
      return `added ${host}${h.weight === 1 ? '' : ` (weight ${h.weight})`} to ${key} (route version ${edit.version})`;
    case 'deleted':
      return `deleted ${host} from ${key} (route version ${edit.version})`;
    case 'updated':
      return `set the weight of ${host} in ${key} to ${h.weight} (route version ${edit.version})`;
    case 'exists':
      return `${host} is already in ${key}: nothing changed`;
    case 'missing':
      return `${host} is not in ${key}: nothing changed`;
    case 'unchanged':
      return `${host} in ${key} already has weight ${h.weight}: nothing changed`;
  }
}
