/** Flags of `lars route`: a host (add/del) or a key filter (list). */
import { intFlag, ipv4Flag, type ParsedFlags } from '../cli/args.js';
import { ipv4ToUint32, isUnroutableHost } from '../../runtime/net/ipv4.js';
import { UsageError } from '../../runtime/errors.js';
import { MAX_WEIGHT, MIN_WEIGHT } from '../../proto/hostWeight.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

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

/** `add` refuses an address no caller can reach (deleting one written by SQL stays possible). */
export function hostArgs(flags: ParsedFlags, action: 'add' | 'del' | 'set-weight' | 'disable' | 'enable'): HostArgs {
  const modid = intFlag(flags, 'modid', undefined, INT32_MIN, INT32_MAX);
  const cmdid = intFlag(flags, 'cmdid', undefined, INT32_MIN, INT32_MAX);
  const ipText = ipv4Flag(flags, 'ip');
  if (action === 'add' && isUnroutableHost(ipv4ToUint32(ipText))) throw new UsageError(`--ip ${ipText}: not a host a caller can reach (0.0.0.0 and 255.255.255.255 are refused)`);
  const port = intFlag(flags, 'port', undefined, 1, 65535);
  const weightless = action === 'del' || action === 'disable' || action === 'enable';
  if (weightless && flags.values['weight'] !== undefined) throw new UsageError(`route ${action}: --weight is not taken (it acts on a host whatever its weight)`);
  const weight = weightless ? 1 : intFlag(flags, 'weight', action === 'add' ? 1 : undefined, MIN_WEIGHT, MAX_WEIGHT);
  return { modid, cmdid, ipText, ip: ipv4ToUint32(ipText), port, weight };
}

export function keyFilterArgs(flags: ParsedFlags): { modid?: number; cmdid?: number } {
  const filter: { modid?: number; cmdid?: number } = {};
  if (flags.values['modid'] !== undefined) filter.modid = intFlag(flags, 'modid', undefined, INT32_MIN, INT32_MAX);
  if (flags.values['cmdid'] !== undefined) filter.cmdid = intFlag(flags, 'cmdid', undefined, INT32_MIN, INT32_MAX);
  return filter;
}
