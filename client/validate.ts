/** Argument checks of the public API; each failure is a LarsArgumentError naming the argument. */
import { ipv4ToInt32 } from '../runtime/net/ipv4.js';
import { checkHostMeta, tagsProblem } from '../proto/hostMeta.js';
import { LarsArgumentError, RetCode } from './larsError.js';
import type { Host, ReportResult } from './types.js';

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
/** setTimeout's own limit. */
const MAX_TIMEOUT_MS = 0x7fffffff;

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

export function checkInt32(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) {
    throw new LarsArgumentError(`${name} must be a 32-bit integer, got ${show(v)}`);
  }
  return v;
}

export function checkPort(name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new LarsArgumentError(`${name} must be an integer from ${min} to ${max}, got ${show(v)}`);
  }
  return v;
}

export function checkTimeout(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > MAX_TIMEOUT_MS) {
    throw new LarsArgumentError(`${name} must be a number of milliseconds above 0, got ${show(v)}`);
  }
  return v;
}

/** A caller's tags ("key=value", as a host's); returns them sorted by key as the wire carries them. */
export function checkCallerTags(name: string, v: unknown): readonly string[] {
  if (!Array.isArray(v) || !v.every((t) => typeof t === 'string')) throw new LarsArgumentError(`${name} must be an array of "key=value" strings, got ${show(v)}`);
  const problem = tagsProblem(v as string[]);
  if (problem !== undefined) throw new LarsArgumentError(`${name}: ${problem}`);
  return checkHostMeta({ tags: v as string[] }).tags ?? [];
}

/** A reported host: dotted IPv4 text and a port; returns the wire form of the address. */
export function checkHost(v: unknown): { ip: number; port: number } {
  if (typeof v !== 'object' || v === null) throw new LarsArgumentError(`host must be an object { ip, port }, got ${show(v)}`);
  const { ip, port } = v as Partial<Host>;
  if (typeof ip !== 'string') throw new LarsArgumentError(`host.ip must be an IPv4 address like "10.0.0.1", got ${show(ip)}`);
  let wireIp: number;
  try {
    wireIp = ipv4ToInt32(ip);
  } catch {
    throw new LarsArgumentError(`host.ip must be an IPv4 address like "10.0.0.1", got ${show(ip)}`);
  }
  return { ip: wireIp, port: checkPort('host.port', port, 0, 65535) };
}

export function reportRetcode(result: ReportResult): number {
  switch (result) {
    case 'success':
      return RetCode.SUCC;
    case 'overload':
      return RetCode.OVERLOAD;
    case 'error':
      return RetCode.SYSTEM_ERROR;
    default:
      if (typeof result === 'number') return checkInt32('result', result);
      throw new LarsArgumentError(`result must be 'success', 'overload', 'error' or a retcode number, got ${show(result)}`);
  }
}

/** Both int32: `x | 0` equals x only for an int32 number (a string, a fraction or a bigger number differs). */
export function isInt32Pair(modid: number, cmdid: number): boolean {
  return (modid | 0) === modid && (cmdid | 0) === cmdid;
}

/** The argument errors, off the hot path. */
export function checkKey(modid: number, cmdid: number): void {
  checkInt32('modid', modid);
  checkInt32('cmdid', cmdid);
}
