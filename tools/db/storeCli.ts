/**
 * What `lars db` and `lars route` share: the --store flag, exit statuses,
 * and running against an opened store so a store failure ends with one
 * line and exit 3 instead of a stack trace.
 */
import { UsageError } from '../../runtime/errors.js';
import { openStore } from '../../store/openStore.js';
import type { Store } from '../../store/store.js';
import { DEFAULT_STORE_URL } from '../../store/storeUrl.js';
import { isStoreError } from '../../store/storeError.js';
import { optionalString, type ParsedFlags } from '../cli/args.js';

export const EXIT_OK = 0;
/** The edit changed nothing: add of a host already there, del of a host not there. */
export const EXIT_UNCHANGED = 1;
/** The store failed: unreachable, refused, schema missing. (2 is bad usage, printed by tools/lars.ts.) */
export const EXIT_STORE_ERROR = 3;

export const STORE_FLAG_HELP = `  --store URL    sqlite:PATH, sqlite::memory: or mysql://user[:pass]@host[:port]/database (default ${DEFAULT_STORE_URL})`;

export const EXIT_STATUS_HELP = `Exit status: 0 done, 1 nothing changed, 2 bad arguments, 3 store error.`;

/** `create`: whether a missing SQLite file may be created (only `db init` does; a typo'd path elsewhere should not leave an empty file). */
export async function withStore(flags: ParsedFlags, create: boolean, fn: (store: Store) => Promise<number>): Promise<number> {
  const store = await openStore(optionalString(flags, 'store') ?? DEFAULT_STORE_URL, { createIfMissing: create }).catch(storeFailure);
  if (typeof store === 'number') return store;
  try {
    return await fn(store);
  } catch (err) {
    return storeFailure(err);
  } finally {
    await store.close();
  }
}

function storeFailure(err: unknown): number {
  if (!isStoreError(err)) throw err;
  const hint = err.code === 'STORE_NO_SCHEMA' && !err.message.includes('lars db init') ? ' (run `lars db init --store URL` first)' : '';
  process.stderr.write(`lars: ${err.message}${hint}\n`);
  return EXIT_STORE_ERROR;
}

export function printLine(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** The subcommand word of `lars db <sub>`, `lars route <sub>`...; only those in `withArguments` take more words after it. */
export function subcommand(flags: ParsedFlags, known: readonly string[], tool: string, withArguments: readonly string[] = []): string {
  const [sub, ...extra] = flags.positionals;
  if (sub === undefined) throw new UsageError(`${tool}: missing subcommand (${known.join(', ')})`);
  if (!known.includes(sub)) throw new UsageError(`${tool}: unknown subcommand "${sub}" (${known.join(', ')})`);
  if (extra.length > 0 && !withArguments.includes(sub)) throw new UsageError(`${tool} ${sub}: unexpected argument "${extra[0]}"`);
  return sub;
}
