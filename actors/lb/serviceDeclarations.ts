/**
 * Service declarations of the agent's config: `[service.NAME]` sections in
 * agent.ini and in every `*.ini` of the `agent.d/` folder beside it. The
 * agent registers each as an instance of its own (source 'config') at start
 * and again after every reload. Everything is checked here, so a bad
 * declaration stops the start (or keeps the running set on a reload) with
 * one line naming the file, the section and the key.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '../../runtime/errors.js';
import { parseSection, type SectionValues } from '../../runtime/config/configSchema.js';
import { readIniFile } from '../../runtime/config/iniFile.js';
import { ipv4ToInt32 } from '../../runtime/net/ipv4.js';
import { DEFAULT_TTL_MS, instanceKey, instanceProblem, MAX_REGISTER_WEIGHT, MAX_TTL_MS, MIN_TTL_MS, type InstanceFields } from '../../proto/registration.js';
import { CHECK_DEFAULTS, CHECK_LIMITS, checkSpecOf, CheckSpecError } from './core/healthCheckSpec.js';

export const SERVICE_SECTION = 'service';
/** The folder of extra declaration files, beside agent.ini. */
export const SERVICE_DIR = 'agent.d';

/** Keys without a default (strings in the schema, so the docs show no made-up default). */
const REQUIRED = ['modid', 'cmdid', 'ip', 'port'] as const;
const INT32_MAX = 2_147_483_647;

export const serviceSpec = {
  modid: { kind: 'string', default: '', reloadable: true, doc: `Key of the instance, 0-${INT32_MAX} (required)` },
  cmdid: { kind: 'string', default: '', reloadable: true, doc: `Key of the instance, 0-${INT32_MAX} (required)` },
  ip: { kind: 'string', default: '', reloadable: true, doc: 'Unicast IPv4 address the instance serves on (required)' },
  port: { kind: 'string', default: '', reloadable: true, doc: 'Port the instance serves on, 1-65535 (required)' },
  weight: { kind: 'int', default: 1, min: 0, max: MAX_REGISTER_WEIGHT, reloadable: true, doc: 'Weight (0 means 1, as on the wire)' },
  ttl_ms: { kind: 'int', default: DEFAULT_TTL_MS, min: MIN_TTL_MS, max: MAX_TTL_MS, reloadable: true, doc: 'DNS drops the instance when the agent has not renewed it for this long (the agent gone)' },
  check: { kind: 'string', default: '', reloadable: true, doc: 'tcp://HOST:PORT or http://HOST:PORT/path, run by the agent; empty: no check (always passing)' },
  check_interval_ms: { kind: 'int', default: CHECK_DEFAULTS.intervalMs, ...CHECK_LIMITS.intervalMs, reloadable: true, doc: 'Time between probes' },
  check_timeout_ms: { kind: 'int', default: CHECK_DEFAULTS.timeoutMs, ...CHECK_LIMITS.timeoutMs, reloadable: true, doc: 'A probe without an answer this long fails' },
  check_fall: { kind: 'int', default: CHECK_DEFAULTS.fall, ...CHECK_LIMITS.fall, reloadable: true, doc: 'Failed probes in a row that withdraw a passing instance' },
  check_rise: { kind: 'int', default: CHECK_DEFAULTS.rise, ...CHECK_LIMITS.rise, reloadable: true, doc: 'Passed probes in a row that bring a failing instance back' },
} as const;

/** The commented example at the end of the shipped agent.ini. */
export const SERVICE_EXAMPLE: readonly string[] = [
  '; Services this agent registers with DNS itself (docs/registration.md), one',
  '; [service.NAME] section each, here or in any *.ini file of the agent.d/',
  '; folder beside this file (only [service.NAME] sections there). Registered',
  '; at start; on SIGHUP or POST /-/reload new ones are registered, removed ones',
  '; deregistered and changed ones sent again. A failing check withdraws the',
  '; instance from what DNS serves until it passes again. Keys (required:',
  '; modid, cmdid, ip, port): weight (1), ttl_ms (10000), check (none),',
  '; check_interval_ms (5000), check_timeout_ms (2000), check_fall (3),',
  '; check_rise (2).',
  ';',
  '; [service.web]',
  '; modid = 1',
  '; cmdid = 1',
  '; ip = 10.0.0.5',
  '; port = 8080',
  '; weight = 1',
  '; ttl_ms = 10000',
  '; check = http://10.0.0.5:8080/healthz',
  '; check_interval_ms = 5000',
  '; check_timeout_ms = 2000',
  '; check_fall = 3',
  '; check_rise = 2',
];

type ServiceValues = SectionValues<typeof serviceSpec>;

/** One declaration as the dns-client gets it (structured-cloneable). */
export interface ServiceDeclaration {
  name: string;
  /** The file it came from, for log lines. */
  file: string;
  instance: InstanceFields;
}

/** Declarations by name: the agent role's `service` config value. */
export type ServiceDeclarations = Record<string, ServiceDeclaration>;

/**
 * Every declaration of agent.ini's `[service.NAME]` sections (`raw`: what
 * ini made of `[service.…]`, nested by the dot) and of agent.d/*.ini.
 */
export function loadServiceDeclarations(raw: Record<string, unknown> | undefined, file: string): ServiceDeclarations {
  const out: ServiceDeclarations = {};
  const byKey = new Map<string, string>();
  const add = (d: ServiceDeclaration): void => {
    const where = `${d.file}: [${SERVICE_SECTION}.${d.name}]`;
    const before = out[d.name];
    if (before !== undefined) throw new ConfigError(`${where}: declared again (first in ${before.file})`);
    const key = instanceKey(d.instance);
    const other = byKey.get(key);
    if (other !== undefined) throw new ConfigError(`${where}: the same instance ${key} as [${SERVICE_SECTION}.${other}]`);
    byKey.set(key, d.name);
    out[d.name] = d;
  };
  for (const d of declarationsOf(raw, file)) add(d);
  const dir = join(dirname(file), SERVICE_DIR);
  for (const name of iniFilesIn(dir)) {
    const path = join(dir, name);
    const sections = readIniFile(path);
    for (const section of Object.keys(sections)) {
      if (section !== SERVICE_SECTION) throw new ConfigError(`${path}: [${section}]: only [${SERVICE_SECTION}.NAME] sections belong in ${SERVICE_DIR}/`);
    }
    for (const d of declarationsOf(sections[SERVICE_SECTION], path)) add(d);
  }
  return out;
}

function iniFilesIn(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.ini')).map((e) => e.name).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ConfigError(`${dir}: cannot read the folder (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function declarationsOf(raw: Record<string, unknown> | undefined, file: string): ServiceDeclaration[] {
  if (raw === undefined) return [];
  return Object.entries(raw).map(([name, body]) => {
    if (body === null || typeof body !== 'object') {
      throw new ConfigError(`${file}: [${SERVICE_SECTION}] ${name}: keys belong in a [${SERVICE_SECTION}.NAME] section`);
    }
    const section = `${SERVICE_SECTION}.${name}`;
    const values = body as Record<string, unknown>;
    const nested = Object.keys(values).find((k) => typeof values[k] === 'object');
    if (nested !== undefined) throw new ConfigError(`${file}: [${section}.${nested}]: a service name has no dots`);
    return { name, file, instance: instanceOf(parseSection(section, serviceSpec, values, file), file, section) };
  });
}

function instanceOf(v: ServiceValues, file: string, section: string): InstanceFields {
  const where = `${file}: [${section}]`;
  for (const key of REQUIRED) {
    if (v[key] === '') throw new ConfigError(`${where} ${key}: missing (required: ${REQUIRED.join(', ')})`);
  }
  const int = (key: 'modid' | 'cmdid' | 'port', min: number, max: number): number => {
    const n = /^\d+$/.test(v[key]) ? Number(v[key]) : NaN;
    if (!(n >= min && n <= max)) throw new ConfigError(`${where} ${key} = ${JSON.stringify(v[key])}: expected an integer between ${min} and ${max}`);
    return n;
  };
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(v.ip) || v.ip.split('.').some((p) => Number(p) > 255)) {
    throw new ConfigError(`${where} ip = ${JSON.stringify(v.ip)}: expected an IPv4 address like 10.0.0.5`);
  }
  const instance: InstanceFields = { modid: int('modid', 0, INT32_MAX), cmdid: int('cmdid', 0, INT32_MAX), ip: ipv4ToInt32(v.ip), port: int('port', 1, 65535), weight: v.weight, ttlMs: v.ttl_ms };
  const problem = instanceProblem(instance);
  if (problem !== undefined) throw new ConfigError(`${where} ip = ${JSON.stringify(v.ip)}: ${problem}`);
  if (v.check !== '') {
    try {
      const spec = checkSpecOf({ url: v.check, intervalMs: v.check_interval_ms, timeoutMs: v.check_timeout_ms, fall: v.check_fall, rise: v.check_rise }, 'check');
      instance.checkSpec = { url: spec.url, intervalMs: spec.intervalMs, timeoutMs: spec.timeoutMs, fall: spec.fall, rise: spec.rise };
    } catch (err) {
      if (err instanceof CheckSpecError) throw new ConfigError(`${where} check = ${JSON.stringify(v.check)}: ${err.message}`);
      throw err;
    }
  }
  return instance;
}
