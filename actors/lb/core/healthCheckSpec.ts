/**
 * What a health check probes and how often: parsed and checked once, from a
 * register() argument, an agent.ini value or a CheckSpec off the wire. Shared
 * by the agent and the embedded client, so it imports no actor, worker or
 * mailbox code.
 */
import { isIPv4 } from 'node:net';
import type { lars } from '../../../proto/generated/lars.js';
import { CodedError } from '../../../runtime/errors.js';

export type CheckTarget =
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'http'; host: string; port: number; path: string };

export interface HealthCheckSpec {
  /** As given (normalised): what the operator sees and what a passing check reports as its detail. */
  url: string;
  target: CheckTarget;
  intervalMs: number;
  timeoutMs: number;
  /** Consecutive failures that turn a passing check failing (Envoy's unhealthy_threshold). */
  fall: number;
  /** Consecutive successes that turn a failing check passing (Envoy's healthy_threshold). */
  rise: number;
}

/** The `check` argument of register(): a url, or a url with its timing. */
export type CheckInput =
  | string
  | { url: string; intervalMs?: number; timeoutMs?: number; fall?: number; rise?: number };

/** CheckSpec's documented defaults (lars.proto: a 0 field means these). */
export const CHECK_DEFAULTS = { intervalMs: 5000, timeoutMs: 2000, fall: 3, rise: 2 } as const;

/** Bounds: a check every 10 ms is already a load test; a threshold past 1000 never decides. */
export const CHECK_LIMITS = {
  intervalMs: { min: 10, max: 3_600_000 },
  timeoutMs: { min: 10, max: 600_000 },
  fall: { min: 1, max: 1000 },
  rise: { min: 1, max: 1000 },
} as const;

/** The argument or value that makes a check unusable; the message names it. */
export class CheckSpecError extends CodedError {
  constructor(message: string) {
    super('BAD_CHECK', message);
  }
}

const URL_FORMS = 'tcp://HOST:PORT or http://HOST:PORT/path';
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

export function parseCheckUrl(text: unknown, name = 'check'): { url: string; target: CheckTarget } {
  if (typeof text !== 'string' || text === '') throw new CheckSpecError(`${name} must be ${URL_FORMS}, got ${show(text)}`);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme !== 'tcp' && scheme !== 'http') {
    const why = scheme === 'https' ? ' (https is not supported: check a plain http port, or tcp://)' : '';
    throw new CheckSpecError(`${name} must be ${URL_FORMS}, got ${show(text)}${why}`);
  }
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new CheckSpecError(`${name} must be ${URL_FORMS}, got ${show(text)}`);
  }
  if (u.username !== '' || u.password !== '') throw new CheckSpecError(`${name} must not carry a user or password, got ${show(text)}`);
  if (u.hash !== '') throw new CheckSpecError(`${name} must not have a #fragment, got ${show(text)}`);
  const host = u.hostname.toLowerCase();
  if (!isIPv4(host) && !HOSTNAME.test(host)) {
    throw new CheckSpecError(`${name} needs an IPv4 address or a host name, got ${show(host)} in ${show(text)}`);
  }
  // URL drops a scheme's default port (80 for http) and keeps '' for none.
  const port = u.port === '' ? (scheme === 'http' ? 80 : 0) : Number(u.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new CheckSpecError(`${name} needs a port from 1 to 65535, got ${show(text)}`);
  }
  if (scheme === 'tcp') {
    if ((u.pathname !== '' && u.pathname !== '/') || u.search !== '') {
      throw new CheckSpecError(`${name}: a tcp check has no path, got ${show(text)}`);
    }
    return { url: `tcp://${host}:${port}`, target: { kind: 'tcp', host, port } };
  }
  const path = `${u.pathname === '' ? '/' : u.pathname}${u.search}`;
  return { url: `http://${host}:${port}${path}`, target: { kind: 'http', host, port, path } };
}

function bounded(name: string, v: unknown, fallback: number, limits: { min: number; max: number }): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < limits.min || v > limits.max) {
    throw new CheckSpecError(`${name} must be an integer from ${limits.min} to ${limits.max}, got ${show(v)}`);
  }
  return v;
}

/** A check from register()'s `check` or an agent.ini section; `name` prefixes every message. */
export function checkSpecOf(input: CheckInput, name = 'check'): HealthCheckSpec {
  if (typeof input === 'string') return { ...parseCheckUrl(input, name), ...CHECK_DEFAULTS };
  if (typeof input !== 'object' || input === null) {
    throw new CheckSpecError(`${name} must be ${URL_FORMS} or { url, intervalMs, timeoutMs, fall, rise }, got ${show(input)}`);
  }
  const known = new Set(['url', 'intervalMs', 'timeoutMs', 'fall', 'rise']);
  const extra = Object.keys(input).find((k) => !known.has(k));
  if (extra !== undefined) throw new CheckSpecError(`${name} has an unknown field ${show(extra)} (known: ${[...known].join(', ')})`);
  return {
    ...parseCheckUrl(input.url, `${name}.url`),
    intervalMs: bounded(`${name}.intervalMs`, input.intervalMs, CHECK_DEFAULTS.intervalMs, CHECK_LIMITS.intervalMs),
    timeoutMs: bounded(`${name}.timeoutMs`, input.timeoutMs, CHECK_DEFAULTS.timeoutMs, CHECK_LIMITS.timeoutMs),
    fall: bounded(`${name}.fall`, input.fall, CHECK_DEFAULTS.fall, CHECK_LIMITS.fall),
    rise: bounded(`${name}.rise`, input.rise, CHECK_DEFAULTS.rise, CHECK_LIMITS.rise),
  };
}

/** A CheckSpec as an application sent it to the agent: 0 (or absent) means the default. */
export function checkSpecFromWire(spec: lars.CheckSpec.$Properties): HealthCheckSpec {
  const orDefault = (v: number | null | undefined): number | undefined => (v === null || v === undefined || v === 0 ? undefined : v);
  return checkSpecOf(
    {
      url: spec.url ?? '',
      intervalMs: orDefault(spec.intervalMs),
      timeoutMs: orDefault(spec.timeoutMs),
      fall: orDefault(spec.fall),
      rise: orDefault(spec.rise),
    },
    'check_spec',
  );
}

/** The spec as an application sends it; defaults go as 0 so the frame stays small. */
export function checkSpecToWire(spec: HealthCheckSpec): lars.CheckSpec.$Properties {
  const unlessDefault = (v: number, d: number): number => (v === d ? 0 : v);
  return {
    url: spec.url,
    intervalMs: unlessDefault(spec.intervalMs, CHECK_DEFAULTS.intervalMs),
    timeoutMs: unlessDefault(spec.timeoutMs, CHECK_DEFAULTS.timeoutMs),
    fall: unlessDefault(spec.fall, CHECK_DEFAULTS.fall),
    rise: unlessDefault(spec.rise, CHECK_DEFAULTS.rise),
  };
}
