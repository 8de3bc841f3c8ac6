/**
 * Flag parsing for every `lars` subcommand, on node:util parseArgs in strict
 * mode: an unknown flag or a missing value is a UsageError (exit 2), and
 * typed getters turn text into checked numbers and addresses.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../../runtime/errors.js';
import { isIpv4 } from '../../runtime/config/configSchema.js';

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

export interface ParsedFlags {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

export function parseFlags(argv: string[], spec: FlagSpec, allowPositionals = false): ParsedFlags {
  const options = { ...spec, help: { type: 'boolean', short: 'h' } } as const;
  try {
    const { values, positionals, tokens } = parseArgs({ args: joinNegativeValues(argv, spec), options, strict: true, allowPositionals, tokens: true });
    const seen = new Set<string>();
    for (const token of tokens) {
      if (token.kind !== 'option' || spec[token.name]?.multiple === true) continue;
      if (seen.has(token.name)) throw new UsageError(`--${token.name} given more than once`);
      seen.add(token.name);
    }
    return { values: values as ParsedFlags['values'], positionals };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError((err as Error).message.split('\n')[0] ?? 'bad arguments');
  }
}

/** `--modid -5` → `--modid=-5`: parseArgs otherwise takes a value starting with "-" for a flag and refuses it as ambiguous. */
function joinNegativeValues(argv: string[], spec: FlagSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name !== undefined && spec[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

export function wantsHelp(flags: ParsedFlags): boolean {
  return flags.values['help'] === true;
}

export function stringFlag(flags: ParsedFlags, name: string, fallback?: string): string {
  const v = flags.values[name];
  if (typeof v === 'string') return v;
  if (fallback !== undefined) return fallback;
  throw new UsageError(`--${name} is required`);
}

export function optionalString(flags: ParsedFlags, name: string): string | undefined {
  const v = flags.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function intFlag(flags: ParsedFlags, name: string, fallback: number | undefined, min: number, max: number): number {
  const v = flags.values[name];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'string') throw new UsageError(`--${name} is required`);
  const n = /^-?\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} ${JSON.stringify(v)}: expected an integer between ${min} and ${max}`);
  }
  return n;
}

export function numberFlag(flags: ParsedFlags, name: string, fallback: number, min: number, max: number): number {
  const v = flags.values[name];
  if (v === undefined) return fallback;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`--${name} ${JSON.stringify(v)}: expected a number between ${min} and ${max}`);
  }
  return n;
}

export function ipv4Flag(flags: ParsedFlags, name: string, fallback?: string): string {
  const v = stringFlag(flags, name, fallback);
  if (!isIpv4(v)) throw new UsageError(`--${name} ${JSON.stringify(v)}: expected an IPv4 address like 127.0.0.1`);
  return v;
}

export function boolFlag(flags: ParsedFlags, name: string): boolean {
  return flags.values[name] === true;
}
