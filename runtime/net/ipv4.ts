/**
 * IPv4 address forms used across Lars. The database keeps the host-order
 * value as an unsigned 32-bit integer (RouteData.serverip is `int unsigned`);
 * the wire carries the same 32 bits in an int32, so 200.1.2.3 is negative
 * there. These helpers are the only place the three forms are converted.
 */
import { CodedError } from '../errors.js';
import { isIpv4 } from '../config/configSchema.js';

export class Ipv4FormatError extends CodedError {
  constructor(message: string) {
    super('BAD_IPV4', message);
  }
}

const UINT32_MAX = 0xffffffff;

export function isUint32(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= UINT32_MAX;
}

export function isInt32(n: number): boolean {
  return Number.isInteger(n) && n >= -0x80000000 && n <= 0x7fffffff;
}

/** "200.1.2.3" → 3355509251 */
export function ipv4ToUint32(text: string): number {
  if (!isIpv4(text)) throw new Ipv4FormatError(`${JSON.stringify(text)} is not an IPv4 address like 127.0.0.1`);
  const [a, b, c, d] = text.split('.').map(Number) as [number, number, number, number];
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

/** 3355509251 → "200.1.2.3" */
export function uint32ToIpv4(n: number): string {
  if (!isUint32(n)) throw new Ipv4FormatError(`${n} is not an unsigned 32-bit address`);
  return `${n >>> 24}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${n & 0xff}`;
}

/** Same bits, wire form: 3355509251 → -939458045 */
export function uint32ToInt32(n: number): number {
  if (!isUint32(n)) throw new Ipv4FormatError(`${n} is not an unsigned 32-bit address`);
  return n | 0;
}

/** Same bits, database form: -939458045 → 3355509251 */
export function int32ToUint32(n: number): number {
  if (!isInt32(n)) throw new Ipv4FormatError(`${n} is not a signed 32-bit address`);
  return n >>> 0;
}

export function ipv4ToInt32(text: string): number {
  return ipv4ToUint32(text) | 0;
}

export function int32ToIpv4(n: number): string {
  return uint32ToIpv4(int32ToUint32(n));
}

/**
 * 0.0.0.0 (this host, any address) and 255.255.255.255 (broadcast) cannot be
 * called as a service host: a route holding one sends every caller nowhere.
 * Takes the unsigned host-order form.
 */
export function isUnroutableHost(ip: number): boolean {
  return ip === 0 || ip === 0xffffffff;
}
