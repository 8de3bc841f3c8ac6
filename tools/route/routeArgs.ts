/** Flags of `lars route`: a host (add/del) and its values (add/set). The key, and a list's key filter: tools/cli/keyArgs.ts. */
import { intFlag, ipv4Flag, type ParsedFlags } from '../cli/args.js';
import { HostMetaError, checkHostMeta, type HostMeta } from '../../proto/hostMeta.js';
import type { HostChange, RouteKey } from '../../store/routeTypes.js';
import { ipv4ToUint32, isUnroutableHost } from '../../runtime/net/ipv4.js';
import { UsageError } from '../../runtime/errors.js';
import { MAX_WEIGHT, MIN_WEIGHT } from '../../proto/hostWeight.js';

export interface HostArgs {
  modid: number;
  cmdid: number;
  ipText: string;
  /** Host-order unsigned form, as the store takes it. */
  ip: number;
  port: number;
  /** add: default 1; set-weight: required; del: not taken. */
  weight: number;
}

export type HostAction = 'add' | 'del' | 'set-weight' | 'set' | 'disable' | 'enable';

/** The host part of the flags; the key comes from keyArgs.ts. */
export type HostFlags = Omit<HostArgs, 'modid' | 'cmdid'>;

/** `add` refuses an address no caller can reach (deleting one written by SQL stays possible). */
export function hostArgs(flags: ParsedFlags, action: HostAction): HostFlags {
  const ipText = ipv4Flag(flags, 'ip');
  if (action === 'add' && isUnroutableHost(ipv4ToUint32(ipText))) throw new UsageError(`--ip ${ipText}: not a host a caller can reach (0.0.0.0 and 255.255.255.255 are refused)`);
  const port = intFlag(flags, 'port', undefined, 1, 65535);
  const weightless = action === 'del' || action === 'disable' || action === 'enable';
  if (weightless && flags.values['weight'] !== undefined) throw new UsageError(`route ${action}: --weight is not taken (it acts on a host whatever its weight)`);
  // set: 0 stands for "weight not given" (set changes only what it is given).
  const weight = weightless ? 1 : intFlag(flags, 'weight', action === 'add' ? 1 : action === 'set' ? 0 : undefined, MIN_WEIGHT, MAX_WEIGHT);
  return { ipText, ip: ipv4ToUint32(ipText), port, weight };
}

export function withKey(key: RouteKey, host: HostFlags): HostArgs {
  return { modid: key.modid, cmdid: key.cmdid, ...host };
}

const META_FLAGS = ['zone', 'tag', 'no-zone', 'no-tags'] as const;

function tagFlags(flags: ParsedFlags): string[] | undefined {
  const v = flags.values['tag'];
  return Array.isArray(v) ? v.map(String) : undefined;
}

/** proto/hostMeta.ts's rules on what was typed; a breach is a usage error naming the text. */
function checkedMeta(action: HostAction, meta: { zone?: string; tags?: string[] }): HostMeta {
  try {
    return checkHostMeta(meta);
  } catch (err) {
    if (err instanceof HostMetaError) throw new UsageError(`route ${action}: ${err.message}`);
    throw err;
  }
}

/** The zone and tags of `route add` (--zone Z, --tag k=v repeated); none for the other verbs but set. */
export function addMetaArgs(flags: ParsedFlags, action: HostAction): HostMeta {
  const given = META_FLAGS.filter((name) => flags.values[name] !== undefined);
  if (action !== 'add' && action !== 'set' && given.length > 0) throw new UsageError(`route ${action}: --${given[0]} is not taken (use route set)`);
  if (action === 'add') {
    for (const name of ['no-zone', 'no-tags']) if (flags.values[name] !== undefined) throw new UsageError(`route add: --${name} is not taken (a new host has none unless given)`);
  }
  const zone = typeof flags.values['zone'] === 'string' ? flags.values['zone'] : undefined;
  const tags = tagFlags(flags);
  return checkedMeta(action, { ...(zone !== undefined ? { zone } : {}), ...(tags !== undefined ? { tags } : {}) });
}

/** What `route set` changes: any of --weight, --zone Z | --no-zone, --tag k=v... | --no-tags (the tags replace the host's). */
export function setChangeArgs(flags: ParsedFlags, weight: number): HostChange {
  if (flags.values['zone'] !== undefined && flags.values['no-zone'] === true) throw new UsageError('route set: --zone and --no-zone together');
  if (flags.values['tag'] !== undefined && flags.values['no-tags'] === true) throw new UsageError('route set: --tag and --no-tags together');
  const meta = addMetaArgs(flags, 'set');
  const change: HostChange = {};
  if (weight !== 0) change.weight = weight;
  if (flags.values['zone'] !== undefined) change.zone = meta.zone ?? '';
  else if (flags.values['no-zone'] === true) change.zone = '';
  if (flags.values['tag'] !== undefined) change.tags = meta.tags ?? [];
  else if (flags.values['no-tags'] === true) change.tags = [];
  if (Object.keys(change).length === 0) throw new UsageError('route set: nothing to set (give --weight, --zone, --no-zone, --tag or --no-tags)');
  return change;
}
