/**
 * Registration as every part reads and writes it (docs/registration.md): the
 * rules an instance must meet (RET_BAD_ARGUMENT otherwise), its key, the
 * plain form that crosses actor mailboxes, and requests split so that each
 * stays within one frame however many instances a sender holds.
 */
import { lars } from './generated/lars.js';
import { fitRepeated } from './fitRepeated.js';
import { MAX_BODY_LEN } from '../runtime/reactor/frame.js';
import { uint32ToIpv4 } from '../runtime/net/ipv4.js';
import { hostMetaProblem } from './hostMeta.js';

export const DEFAULT_TTL_MS = 10_000;
export const MIN_TTL_MS = 1_000;
export const MAX_TTL_MS = 600_000;
export const MAX_REGISTER_WEIGHT = 1000;
/** A check's detail (its last error) is cut to this many characters before it travels. */
export const MAX_CHECK_DETAIL = 200;

/** How an agent checks an instance (CheckSpec with its defaults applied). */
export interface CheckSpecFields {
  url: string;
  intervalMs: number;
  timeoutMs: number;
  fall: number;
  rise: number;
}

export interface CheckStateFields {
  passing: boolean;
  detail: string;
}

/** One instance in plain data (structured-cloneable), ip in its int32 wire form, ttl 0 replaced by the default. */
export interface InstanceFields {
  modid: number;
  cmdid: number;
  ip: number;
  port: number;
  weight: number;
  ttlMs: number;
  /** Instance.zone (7): absent for none; proto/hostMeta.ts's rules, RET_BAD_ARGUMENT otherwise. */
  zone?: string;
  /** Instance.tags (8): absent for none; sorted by key once checked. */
  tags?: readonly string[];
  /** Absent: no check, always passing. */
  check?: CheckStateFields;
  /** Application → agent only: the check the agent should run. */
  checkSpec?: CheckSpecFields;
}

export type InstanceKeyFields = Pick<InstanceFields, 'modid' | 'cmdid' | 'ip' | 'port'>;

/** "modid/cmdid ip:port", ip as dotted text: the key of a registration (of a decoded message too, absent fields 0). */
export function instanceKey(i: { modid?: number | null; cmdid?: number | null; ip?: number | null; port?: number | null }): string {
  return `${i.modid ?? 0}/${i.cmdid ?? 0} ${uint32ToIpv4((i.ip ?? 0) >>> 0)}:${i.port ?? 0}`;
}

/** Why an instance cannot be registered (answered RET_BAD_ARGUMENT), or undefined when it can. */
export function instanceProblem(i: InstanceFields): string | undefined {
  const ip = i.ip >>> 0;
  if (ip === 0) return 'ip 0.0.0.0 is not a host address';
  if (ip === 0xffffffff) return 'ip 255.255.255.255 is the broadcast address';
  if (ip >>> 28 === 0xe) return `ip ${uint32ToIpv4(ip)} is a multicast address (224.0.0.0/4)`;
  if (!(Number.isInteger(i.port) && i.port >= 1 && i.port <= 65535)) return `port ${i.port} is outside 1-65535`;
  if (!(Number.isInteger(i.weight) && i.weight >= 0 && i.weight <= MAX_REGISTER_WEIGHT)) return `weight ${i.weight} is outside 0-${MAX_REGISTER_WEIGHT}`;
  if (!(i.ttlMs >= MIN_TTL_MS && i.ttlMs <= MAX_TTL_MS)) return `ttl_ms ${i.ttlMs} is outside ${MIN_TTL_MS}-${MAX_TTL_MS}`;
  return hostMetaProblem(i);
}

function checkSpecFields(s: lars.CheckSpec.$Properties): CheckSpecFields {
  return {
    url: s.url ?? '',
    intervalMs: s.intervalMs || 5000,
    timeoutMs: s.timeoutMs || 2000,
    fall: s.fall || 3,
    rise: s.rise || 2,
  };
}

/** A decoded Instance as plain data: absent fields read as proto3 does, ttl 0 as the default. */
export function instanceFields(i: lars.Instance.$Properties): InstanceFields {
  const out: InstanceFields = { modid: i.modid ?? 0, cmdid: i.cmdid ?? 0, ip: i.ip ?? 0, port: i.port ?? 0, weight: i.weight ?? 0, ttlMs: i.ttlMs || DEFAULT_TTL_MS };
  // Kept as sent (not filtered as a route's are): instanceProblem refuses a bad one with its reason.
  if (i.zone !== null && i.zone !== undefined && i.zone !== '') out.zone = i.zone;
  if (i.tags !== null && i.tags !== undefined && i.tags.length > 0) out.tags = [...i.tags];
  if (i.check !== null && i.check !== undefined) out.check = { passing: i.check.passing ?? false, detail: i.check.detail ?? '' };
  if (i.checkSpec !== null && i.checkSpec !== undefined) out.checkSpec = checkSpecFields(i.checkSpec);
  return out;
}

/** Zone and tags as Instance fields 7 and 8, only when set (an instance without them encodes as before). */
function metaToWire(i: InstanceFields): Pick<lars.Instance.$Properties, 'zone' | 'tags'> {
  const out: Pick<lars.Instance.$Properties, 'zone' | 'tags'> = {};
  if (i.zone !== undefined && i.zone !== '') out.zone = i.zone;
  if (i.tags !== undefined && i.tags.length > 0) out.tags = [...i.tags];
  return out;
}

/** The Instance as DNS gets it: without the check spec (only an agent reads it), the detail cut. */
export function instanceToDns(i: InstanceFields): lars.Instance.$Properties {
  const out: lars.Instance.$Properties = { modid: i.modid, cmdid: i.cmdid, ip: i.ip, port: i.port, weight: i.weight, ttlMs: i.ttlMs, ...metaToWire(i) };
  if (i.check !== undefined) out.check = { passing: i.check.passing, detail: i.check.detail.slice(0, MAX_CHECK_DETAIL) };
  return out;
}

/** The Instance as an application sends it to its agent (the check spec included, no check state). */
export function instanceToAgent(i: InstanceFields): lars.Instance.$Properties {
  const out: lars.Instance.$Properties = { modid: i.modid, cmdid: i.cmdid, ip: i.ip, port: i.port, weight: i.weight, ttlMs: i.ttlMs, ...metaToWire(i) };
  if (i.checkSpec !== undefined) out.checkSpec = { ...i.checkSpec };
  return out;
}

const INSTANCES_FIELD = 4;
/** Every seq fits in 5 varint bytes: the base is measured with the largest. */
const MAX_SEQ = 0xffffffff;

/**
 * The bodies of the requests that carry `instances`, each within `maxBody`,
 * in order. `nextSeq` numbers them; `type` is RegisterRequest or DeregisterRequest.
 */
export function requestBodies(
  type: typeof lars.RegisterRequest | typeof lars.DeregisterRequest,
  head: { token: string; owner: string },
  instances: ReadonlyArray<lars.Instance.$Properties>,
  nextSeq: () => number,
  maxBody = MAX_BODY_LEN,
): Array<{ seq: number; body: Uint8Array; instances: Array<lars.Instance.$Properties> }> {
  const base = type.encode({ seq: MAX_SEQ, token: head.token, owner: head.owner }).finish().length;
  const { runs } = fitRepeated(base, INSTANCES_FIELD, instances, (i) => lars.Instance.encode(i).finish().length, maxBody);
  return runs
    .filter((run) => run.length > 0)
    .map((run) => {
      const seq = nextSeq();
      return { seq, body: type.encode({ seq, token: head.token, owner: head.owner, instances: run }).finish(), instances: run };
    });
}
