/** `lars route add|del|set-weight|set`: one host edit, reported in a line (or JSON) and the exit status. */
import type { Store } from '../../store/store.js';
import type { HostChange, RouteEdit, WeightEdit } from '../../store/routeTypes.js';
import type { HostArgs } from './routeArgs.js';
import { EXIT_OK, EXIT_UNCHANGED, printLine } from '../db/storeCli.js';
import { cliWho } from '../cli/cliWho.js';
import { tagsText, type HostMeta } from '../../proto/hostMeta.js';

export type EditAction = 'add' | 'del' | 'set-weight' | 'set';

/** What the edit is given beyond the address: add's zone and tags, set's change. */
export interface EditValues {
  meta?: HostMeta;
  change?: HostChange;
}

function apply(store: Store, action: EditAction, h: HostArgs, v: EditValues): Promise<RouteEdit | WeightEdit> {
  switch (action) {
    case 'add':
      return store.addHost(h.modid, h.cmdid, h.ip, h.port, h.weight, cliWho(), v.meta);
    case 'del':
      return store.delHost(h.modid, h.cmdid, h.ip, h.port, cliWho());
    case 'set-weight':
      return store.setWeight(h.modid, h.cmdid, h.ip, h.port, h.weight, cliWho());
    case 'set':
      return store.setHost(h.modid, h.cmdid, h.ip, h.port, v.change ?? {}, cliWho());
  }
}

/** The values the edit gave, as --json prints them (zone null for none). */
function givenValues(action: EditAction, h: HostArgs, v: EditValues): Record<string, unknown> {
  if (action === 'del') return {};
  if (action === 'set-weight') return { weight: h.weight };
  if (action === 'add') return { weight: h.weight, zone: v.meta?.zone ?? null, tags: v.meta?.tags ?? [] };
  const c = v.change ?? {};
  return {
    ...(c.weight !== undefined ? { weight: c.weight } : {}),
    ...(c.zone !== undefined ? { zone: c.zone === '' || c.zone === null ? null : c.zone } : {}),
    ...(c.tags !== undefined ? { tags: c.tags ?? [] } : {}),
  };
}

export async function editRoute(store: Store, action: EditAction, host: HostArgs, json: boolean, values: EditValues = {}): Promise<number> {
  const edit = await apply(store, action, host, values);
  const changed = edit.status === 'added' || edit.status === 'deleted' || edit.status === 'updated';
  if (json) {
    printLine(JSON.stringify({ status: edit.status, modid: host.modid, cmdid: host.cmdid, ip: host.ipText, port: host.port, ...givenValues(action, host, values), version: edit.version }));
  } else if (changed) {
    printLine(describe(edit, action, host, values));
  } else {
    process.stderr.write(`lars: ${describe(edit, action, host, values)}\n`);
  }
  return changed ? EXIT_OK : EXIT_UNCHANGED;
}

/** "weight 4, zone eu-1, tags a=1,b=2": what add or set gave beyond the address ('' when nothing). */
function valuesText(action: EditAction, h: HostArgs, v: EditValues): string {
  const parts: string[] = [];
  const weight = action === 'add' ? h.weight : v.change?.weight;
  const zone = action === 'add' ? v.meta?.zone : v.change?.zone;
  const tags = action === 'add' ? v.meta?.tags : v.change?.tags;
  if (weight !== undefined && (action !== 'add' || weight !== 1)) parts.push(`weight ${weight}`);
  if (zone !== undefined) parts.push(zone === '' || zone === null ? 'no zone' : `zone ${zone}`);
  if (tags !== undefined) parts.push(tags === null || tags.length === 0 ? 'no tags' : `tags ${tagsText(tags)}`);
  return parts.join(', ');
}

function describe(edit: RouteEdit | WeightEdit, action: EditAction, h: HostArgs, v: EditValues): string {
  const host = `${h.ipText}:${h.port}`;
  const key = `route ${h.modid}/${h.cmdid}`;
  const given = valuesText(action, h, v);
  switch (edit.status) {
    case 'added':
      return `added ${host}${given === '' ? '' : ` (${given})`} to ${key} (route version ${edit.version})`;
    case 'deleted':
      return `deleted ${host} from ${key} (route version ${edit.version})`;
    case 'updated':
      if (action === 'set-weight') return `set the weight of ${host} in ${key} to ${h.weight} (route version ${edit.version})`;
      return `set ${given} on ${host} in ${key} (route version ${edit.version})`;
    case 'exists':
      return `${host} is already in ${key}: nothing changed`;
    case 'missing':
      return `${host} is not in ${key}: nothing changed`;
    case 'unchanged':
      if (action === 'set-weight') return `${host} in ${key} already has weight ${h.weight}: nothing changed`;
      return `${host} in ${key} already has ${given}: nothing changed`;
  }
}
