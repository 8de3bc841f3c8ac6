/**
 * What a DNS replica accepts in a RegisterRequest / DeregisterRequest
 * (docs/registration.md), checked before anything reaches the store:
 *
 * - who: the request's token must equal `[register] token`; with no token
 *   configured only loopback peers may register (an agent on the DNS host).
 * - what: a unicast IPv4 address (not 0.0.0.0, 255.255.255.255 or
 *   224.0.0.0/4), a port 1–65535, a ttl of 1,000–600,000 ms (0: 10,000),
 *   a weight of 0–1000 (0: 1), an owner of 1–255 characters.
 *
 * A bad instance is refused on its own (RET_BAD_ARGUMENT, with why); the
 * others of the request are taken.
 */
import { timingSafeEqual } from 'node:crypto';
import { lars } from '../../proto/generated/lars.js';
import { int32ToUint32, uint32ToIpv4 } from '../../runtime/net/ipv4.js';
import { DEFAULT_TTL_MS, MAX_OWNER_LENGTH, MAX_TTL_MS, MIN_TTL_MS, type HostKey, type LeaseInstance } from '../../store/leaseStore.js';

const RET = lars.LarsRetCode;

export interface Refusal {
  retcode: number;
  reason: string;
}

export type InstanceCheck = { ok: LeaseInstance } | { refused: lars.IInstanceResult };

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (a dual-stack listener's form). */
export function isLoopbackAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || v4 === '::1';
}

function sameSecret(given: string, want: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** undefined when the peer may register, else why not (RET_REFUSED). */
export function checkPeer(token: string, configured: string, peerIsLoopback: boolean): Refusal | undefined {
  if (configured !== '') return sameSecret(token, configured) ? undefined : { retcode: RET.RET_REFUSED, reason: token === '' ? 'a token is required ([register] token in dns.ini)' : 'wrong token' };
  if (peerIsLoopback) return undefined;
  return { retcode: RET.RET_REFUSED, reason: 'no [register] token is configured on this DNS, so only loopback peers may register' };
}

export function checkOwner(owner: string): Refusal | undefined {
  if (owner.length > 0 && owner.length <= MAX_OWNER_LENGTH) return undefined;
  return { retcode: RET.RET_BAD_ARGUMENT, reason: `owner: expected 1 to ${MAX_OWNER_LENGTH} characters, got ${owner.length}` };
}

/** Host-order unsigned form of a wire address that a caller can be sent to, or why not. */
function unicastProblem(ip: number): string | undefined {
  const u = int32ToUint32(ip);
  if (u === 0) return 'ip 0.0.0.0 is not a host';
  if (u === 0xffffffff) return 'ip 255.255.255.255 is broadcast';
  if (u >>> 28 === 0xe) return `ip ${uint32ToIpv4(u)} is multicast (224.0.0.0/4)`;
  return undefined;
}

function resultFor(i: lars.IInstance, retcode: number, reason: string): lars.IInstanceResult {
  return { modid: i.modid ?? 0, cmdid: i.cmdid ?? 0, ip: i.ip ?? 0, port: i.port ?? 0, retcode, reason };
}

/** The host an instance names (deregistrations read only this), or why it names none. */
export function checkHost(i: lars.IInstance): { ok: HostKey } | { refused: lars.IInstanceResult } {
  const ip = i.ip ?? 0;
  const port = i.port ?? 0;
  const problem = unicastProblem(ip) ?? (port >= 1 && port <= 65535 ? undefined : `port ${port}: expected 1 to 65535`);
  if (problem !== undefined) return { refused: resultFor(i, RET.RET_BAD_ARGUMENT, problem) };
  return { ok: { modid: i.modid ?? 0, cmdid: i.cmdid ?? 0, ip: int32ToUint32(ip), port } };
}

export function checkInstance(i: lars.IInstance): InstanceCheck {
  const host = checkHost(i);
  if ('refused' in host) return host;
  const ttl = i.ttlMs ?? 0;
  const weight = i.weight ?? 0;
  if (ttl !== 0 && (ttl < MIN_TTL_MS || ttl > MAX_TTL_MS)) return { refused: resultFor(i, RET.RET_BAD_ARGUMENT, `ttl_ms ${ttl}: expected ${MIN_TTL_MS} to ${MAX_TTL_MS} (0: ${DEFAULT_TTL_MS})`) };
  if (weight < 0 || weight > 1000) return { refused: resultFor(i, RET.RET_BAD_ARGUMENT, `weight ${weight}: expected 0 to 1000 (0: 1)`) };
  const check = i.check;
  return {
    ok: {
      ...host.ok,
      weight: weight === 0 ? 1 : weight,
      ttlMs: ttl === 0 ? DEFAULT_TTL_MS : ttl,
      passing: check ? check.passing === true : true,
      detail: check?.detail ?? '',
    },
  };
}
