/**
 * The shape of `register()` in both client modes (docs/registration.md,
 * "Client API"): what an application passes, what it gets back, and the one
 * check of the arguments both modes run before anything goes on the wire.
 */
import { checkSpecOf, CheckSpecError, type CheckInput, type HealthCheckSpec } from '../actors/lb/core/healthCheckSpec.js';
import { ipv4ToInt32 } from '../runtime/net/ipv4.js';
import { DEFAULT_TTL_MS, instanceProblem, type InstanceFields } from '../proto/registration.js';
import { LarsArgumentError } from './larsError.js';
import { checkInt32 } from './validate.js';

export interface RegisterOptions {
  modid: number;
  cmdid: number;
  /** The instance's own address as its callers reach it: dotted unicast IPv4. */
  ip: string;
  port: number;
  /** 0–1000; absent or 0 is balanced as 1 (the wire's default). */
  weight?: number;
  /** Lease length in ms, 1,000–600,000 (default 10,000): the instance is gone this long after its heartbeats stop. */
  ttlMs?: number;
  /** A health check the agent (or the embedded client) runs: 'tcp://H:P', 'http://H:P/path' or the object form. */
  check?: CheckInput;
}

/** A live registration; `deregister()` withdraws it (idempotent: a second call resolves at once). */
export interface Registration {
  readonly modid: number;
  readonly cmdid: number;
  readonly ip: string;
  readonly port: number;
  readonly ttlMs: number;
  /** false once deregistered or its client closed. */
  readonly active: boolean;
  deregister(): Promise<void>;
}

const KNOWN = new Set(['modid', 'cmdid', 'ip', 'port', 'weight', 'ttlMs', 'check']);
const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

export interface CheckedRegistration {
  instance: InstanceFields;
  check: HealthCheckSpec | undefined;
}

/** The options as the wire carries them; throws LarsArgumentError naming the first bad argument. */
export function checkRegisterOptions(o: unknown): CheckedRegistration {
  if (typeof o !== 'object' || o === null) throw new LarsArgumentError(`register() takes { modid, cmdid, ip, port, weight?, ttlMs?, check? }, got ${show(o)}`);
  const opts = o as Partial<RegisterOptions>;
  const extra = Object.keys(opts).find((k) => !KNOWN.has(k));
  if (extra !== undefined) throw new LarsArgumentError(`register() has no option ${show(extra)} (known: ${[...KNOWN].join(', ')})`);
  const modid = checkInt32('modid', opts.modid);
  const cmdid = checkInt32('cmdid', opts.cmdid);
  let ip: number;
  try {
    if (typeof opts.ip !== 'string') throw new TypeError('not a string');
    ip = ipv4ToInt32(opts.ip);
  } catch {
    throw new LarsArgumentError(`ip must be an IPv4 address like "10.0.0.5", got ${show(opts.ip)}`);
  }
  const instance: InstanceFields = {
    modid,
    cmdid,
    ip,
    port: typeof opts.port === 'number' ? opts.port : NaN,
    weight: opts.weight ?? 0,
    ttlMs: opts.ttlMs ?? DEFAULT_TTL_MS,
  };
  if (typeof opts.port !== 'number') throw new LarsArgumentError(`port must be an integer from 1 to 65535, got ${show(opts.port)}`);
  if (typeof instance.weight !== 'number') throw new LarsArgumentError(`weight must be an integer from 0 to 1000, got ${show(opts.weight)}`);
  if (typeof instance.ttlMs !== 'number') throw new LarsArgumentError(`ttlMs must be a number of milliseconds, got ${show(opts.ttlMs)}`);
  const problem = instanceProblem(instance);
  if (problem !== undefined) throw new LarsArgumentError(problem.replace(/^ttl_ms/, 'ttlMs'));
  let check: HealthCheckSpec | undefined;
  if (opts.check !== undefined) {
    try {
      check = checkSpecOf(opts.check, 'check');
    } catch (err) {
      if (err instanceof CheckSpecError) throw new LarsArgumentError(err.message);
      throw err;
    }
  }
  return { instance, check };
}
