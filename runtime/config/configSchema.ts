/**
 * Typed, validated configuration sections. A schema names each key with its
 * kind, default and bounds; parsing an ini section against it yields a typed
 * object or a ConfigError naming the file, section and key. Unknown keys are
 * errors too: a typo silently ignored is a production incident later.
 */
import { ConfigError } from '../errors.js';

/**
 * `sizedWhenUnset`: the default is only a ceiling; left unset, the runtime
 * sizes the value from the machine (max_conn from the open-file limit), so
 * the shipped file shows the key commented out and an operator who sets it
 * is told when the machine cannot hold it.
 */
export interface IntSpec { kind: 'int'; default: number; min?: number; max?: number; doc: string; reloadable?: boolean; sizedWhenUnset?: boolean }
export interface FloatSpec { kind: 'float'; default: number; min?: number; max?: number; doc: string; reloadable?: boolean }
/**
 * `keepEmpty`: an explicitly empty value (`key =`) is the value '' (say,
 * "off"), not the default; an absent key still gets the default. Without
 * it an empty value means the default, as for every other kind.
 */
export interface StringSpec { kind: 'string'; default: string; doc: string; reloadable?: boolean; keepEmpty?: boolean }
export interface BoolSpec { kind: 'bool'; default: boolean; doc: string; reloadable?: boolean }
export interface Ipv4Spec { kind: 'ipv4'; default: string; doc: string; reloadable?: boolean }
/** Comma-separated `host:port` list, e.g. `127.0.0.1:7778,127.0.0.1:7788`. */
export interface AddressListSpec { kind: 'addresses'; default: string; doc: string; reloadable?: boolean }

/** Comma-separated host names or IPv4 addresses, no ports, lowercased; empty: none. */
export interface NameListSpec { kind: 'names'; default: string; doc: string; reloadable?: boolean }

export type FieldSpec = IntSpec | FloatSpec | StringSpec | BoolSpec | Ipv4Spec | AddressListSpec | NameListSpec;
export type SectionSpec = Record<string, FieldSpec>;

export interface HostPort { host: string; port: number }

type ValueOf<F extends FieldSpec> = F extends IntSpec | FloatSpec
  ? number
  : F extends BoolSpec
    ? boolean
    : F extends AddressListSpec
      ? HostPort[]
      : F extends NameListSpec
        ? string[]
        : string;

export type SectionValues<S extends SectionSpec> = { [K in keyof S]: ValueOf<S[K]> };

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpv4(text: string): boolean {
  return IPV4.test(text);
}

function bounds(spec: IntSpec | FloatSpec): string {
  if (spec.min !== undefined && spec.max !== undefined) return ` between ${spec.min} and ${spec.max}`;
  if (spec.min !== undefined) return ` >= ${spec.min}`;
  if (spec.max !== undefined) return ` <= ${spec.max}`;
  return '';
}

export function parseHostPort(text: string): HostPort | undefined {
  const m = /^([^:\s]+):(\d{1,5})$/.exec(text.trim());
  if (!m) return undefined;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host: m[1] as string, port };
}

function parseValue(spec: FieldSpec, raw: unknown): { ok: true; value: unknown } | { ok: false; expected: string } {
  const text = typeof raw === 'string' ? raw.trim() : String(raw);
  switch (spec.kind) {
    case 'int': {
      const n = /^-?\d+$/.test(text) ? Number(text) : NaN;
      const ok = Number.isSafeInteger(n) && (spec.min === undefined || n >= spec.min) && (spec.max === undefined || n <= spec.max);
      return ok ? { ok, value: n } : { ok: false, expected: `an integer${bounds(spec)}` };
    }
    case 'float': {
      const n = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : NaN;
      const ok = Number.isFinite(n) && (spec.min === undefined || n >= spec.min) && (spec.max === undefined || n <= spec.max);
      return ok ? { ok, value: n } : { ok: false, expected: `a number${bounds(spec)}` };
    }
    case 'bool':
      if (raw === true || /^(true|yes|on|1)$/i.test(text)) return { ok: true, value: true };
      if (raw === false || /^(false|no|off|0)$/i.test(text)) return { ok: true, value: false };
      return { ok: false, expected: 'true or false' };
    case 'ipv4':
      return isIpv4(text) ? { ok: true, value: text } : { ok: false, expected: 'an IPv4 address like 127.0.0.1' };
    case 'addresses': {
      const parts = text.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
      const list = parts.map(parseHostPort);
      if (list.length === 0 || list.some((a) => a === undefined)) return { ok: false, expected: 'a list of host:port, comma-separated' };
      return { ok: true, value: list };
    }
    case 'names': {
      const names = text.split(',').map((n) => n.trim().toLowerCase()).filter((n) => n !== '');
      if (names.some((n) => !HOST_NAME.test(n))) return { ok: false, expected: 'host names or IPv4 addresses, comma-separated, without ports' };
      return { ok: true, value: names };
    }
    case 'string':
      return { ok: true, value: text };
  }
}

/**
 * Parse one section. `raw` is what `ini` produced for it (strings), `where`
 * prefixes errors (usually the file name), `overrides` are command-line values
 * that win over the file.
 */
export function parseSection<S extends SectionSpec>(
  section: string,
  spec: S,
  raw: Record<string, unknown> | undefined,
  where: string,
  overrides: Record<string, unknown> = {},
): SectionValues<S> {
  const merged: Record<string, unknown> = { ...(raw ?? {}), ...overrides };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(merged)) {
    if (!Object.hasOwn(spec, key)) {
      throw new ConfigError(`${where}: [${section}] ${key}: unknown key (known: ${Object.keys(spec).join(', ')})`);
    }
  }
  for (const [key, field] of Object.entries(spec)) {
    const given = merged[key];
    const keptEmpty = given === '' && field.kind === 'string' && field.keepEmpty === true;
    if (given === undefined || (given === '' && !keptEmpty)) {
      out[key] = field.kind === 'addresses' || field.kind === 'names' ? (parseValue(field, field.default) as { value: unknown }).value : field.default;
      continue;
    }
    const parsed = parseValue(field, given);
    if (!parsed.ok) {
      throw new ConfigError(`${where}: [${section}] ${key} = ${JSON.stringify(String(given))}: expected ${parsed.expected}`);
    }
    out[key] = parsed.value;
  }
  return out as SectionValues<S>;
}

/** The defaults alone, e.g. for a role started without a config file. */
export function sectionDefaults<S extends SectionSpec>(section: string, spec: S): SectionValues<S> {
  return parseSection(section, spec, {}, 'defaults');
}
