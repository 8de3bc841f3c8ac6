/**
 * The one place the CLI reads which route key a command is about: either
 * `--modid M --cmdid C` or `--service NAME`, the key's service name, looked up
 * in the store (store/keyNameStore.ts). Every verb that takes a key takes both
 * forms through here; the wire still carries the numbers.
 */
import { UsageError, UserError } from '../../runtime/errors.js';
import { intFlag, type FlagSpec, type ParsedFlags } from './args.js';
import { isKeyNameError, parseKeyName } from '../../store/keyName.js';
import type { KeyNameStore } from '../../store/keyNameStore.js';
import type { RouteFilter, RouteKey } from '../../store/routeTypes.js';
import { openStore } from '../../store/openStore.js';
import { DEFAULT_STORE_URL } from '../../store/storeUrl.js';
import { isStoreError } from '../../store/storeError.js';

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

export const KEY_FLAGS = {
  modid: { type: 'string' },
  cmdid: { type: 'string' },
  service: { type: 'string' },
} as const satisfies FlagSpec;

export const SERVICE_FLAG_HELP = '  --service NAME   the key by its service name (lars service list), instead of --modid/--cmdid';

/** For commands that talk to an agent: where --service names are looked up. */
export const NAME_STORE_FLAGS = { ...KEY_FLAGS, store: { type: 'string' } } as const satisfies FlagSpec;

export const NAME_STORE_FLAG_HELP = `  --store URL      where --service names are looked up (default ${DEFAULT_STORE_URL})`;

/** A key as the command line gave it: by number, or by a name still to look up. */
export type KeyChoice = { key: RouteKey; service?: undefined } | { service: string; key?: undefined };

/** A key filter as given: by number (either part may be absent), by name, or none. */
export type KeyFilterChoice = { filter: RouteFilter; service?: undefined } | { service: string; filter?: undefined };

/** `--service` given with a name no key has. Exit 2, as for any argument that names nothing. */
export class UnknownServiceError extends UserError {
  constructor(name: string) {
    super('UNKNOWN_SERVICE', `--service ${JSON.stringify(name)}: no key has this name (lars service list shows the names, lars service set gives one)`);
  }
}

function serviceFlag(flags: ParsedFlags): string | undefined {
  const v = flags.values['service'];
  if (typeof v !== 'string') return undefined;
  if (flags.values['modid'] !== undefined || flags.values['cmdid'] !== undefined) throw new UsageError('give the key as --service NAME or as --modid/--cmdid, not both');
  try {
    return parseKeyName(v);
  } catch (err) {
    if (isKeyNameError(err)) throw new UsageError(`--service: ${err.message}`);
    throw err;
  }
}

/** The key a command acts on: --service NAME, or both --modid and --cmdid. */
export function keyChoice(flags: ParsedFlags): KeyChoice {
  const service = serviceFlag(flags);
  if (service !== undefined) return { service };
  if (flags.values['modid'] === undefined && flags.values['cmdid'] === undefined) throw new UsageError('--modid and --cmdid are required (or --service NAME)');
  return { key: { modid: intFlag(flags, 'modid', undefined, INT32_MIN, INT32_MAX), cmdid: intFlag(flags, 'cmdid', undefined, INT32_MIN, INT32_MAX) } };
}

/** A key filter (lists, status): --service NAME, or --modid and/or --cmdid, or nothing. */
export function keyFilterChoice(flags: ParsedFlags): KeyFilterChoice {
  const service = serviceFlag(flags);
  if (service !== undefined) return { service };
  const filter: RouteFilter = {};
  if (flags.values['modid'] !== undefined) filter.modid = intFlag(flags, 'modid', undefined, INT32_MIN, INT32_MAX);
  if (flags.values['cmdid'] !== undefined) filter.cmdid = intFlag(flags, 'cmdid', undefined, INT32_MIN, INT32_MAX);
  return { filter };
}

/** The key, its name looked up in `names` when it was given by name. */
export async function resolveKey(choice: KeyChoice, names: Pick<KeyNameStore, 'keyOfName'>): Promise<RouteKey> {
  return choice.service === undefined ? choice.key : keyOfService(choice.service, names);
}

/** The filter, a name becoming its whole key. */
export async function resolveFilter(choice: KeyFilterChoice, names: Pick<KeyNameStore, 'keyOfName'>): Promise<RouteFilter> {
  return choice.service === undefined ? choice.filter : keyOfService(choice.service, names);
}

async function keyOfService(service: string, names: Pick<KeyNameStore, 'keyOfName'>): Promise<RouteKey> {
  const key = await names.keyOfName(service);
  if (key === undefined) throw new UnknownServiceError(service);
  return key;
}

/**
 * For commands that talk to an agent rather than the store: the key, the
 * store at `storeUrl` opened only when a name must be looked up. A store that
 * fails is exit 3, as for every store command.
 */
export async function keyViaStore(choice: KeyChoice, storeUrl: string | undefined): Promise<RouteKey> {
  if (choice.service === undefined) return choice.key;
  return lookUp(choice.service, storeUrl, (names) => resolveKey(choice, names));
}

export async function filterViaStore(choice: KeyFilterChoice, storeUrl: string | undefined): Promise<RouteFilter> {
  if (choice.service === undefined) return choice.filter;
  return lookUp(choice.service, storeUrl, (names) => resolveFilter(choice, names));
}

async function lookUp<T>(service: string, storeUrl: string | undefined, fn: (names: KeyNameStore) => Promise<T>): Promise<T> {
  const url = storeUrl ?? DEFAULT_STORE_URL;
  try {
    const store = await openStore(url, { createIfMissing: false });
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  } catch (err) {
    if (isStoreError(err)) throw new UserError('STORE', `cannot look --service ${JSON.stringify(service)} up in ${url}: ${err.message}`, 3);
    throw err;
  }
}
