/** `lars service set|del|list`: the service names of route keys (store/keyNameStore.ts). */
import type { Command } from '../cli/command.js';
import { UsageError } from '../../runtime/errors.js';
import { boolFlag, parseFlags } from '../cli/args.js';
import { EXIT_OK, EXIT_STATUS_HELP, EXIT_UNCHANGED, STORE_FLAG_HELP, printLine, subcommand, withStore } from '../db/storeCli.js';
import { KEY_FLAGS, SERVICE_FLAG_HELP, keyChoice, resolveKey } from '../cli/keyArgs.js';
import { cliWho } from '../cli/cliWho.js';
import { KEY_NAME_RULE, isKeyNameError, parseKeyName } from '../../store/keyName.js';
import type { NameEdit } from '../../store/keyNameStore.js';
import type { RouteKey } from '../../store/routeTypes.js';
import type { Store } from '../../store/store.js';

const help = `Usage: lars service set  --modid M --cmdid C NAME [--json] [--store URL]
       lars service del  --modid M --cmdid C [--json] [--store URL]
       lars service list [--json] [--store URL]
       (--service NAME instead of --modid M --cmdid C: set renames, del clears)

A route key may have one service name (e.g. orders.get for 1/1): every
command that takes --modid/--cmdid then also takes --service NAME, the
console shows and filters by it, and \`lars route list\` and \`lars status\`
show it. Names live in the store only: agents, clients and the wire still
use the numbers. A name is ${KEY_NAME_RULE},
lower case, and names one key at most. set and del are route edits,
audited with who ("cli USER@HOST") and logged by DNS.

Flags:
  --modid M      module id (32-bit integer)
  --cmdid C      command id (32-bit integer)
${SERVICE_FLAG_HELP}
  --json         print one JSON object instead of text
${STORE_FLAG_HELP}

${EXIT_STATUS_HELP}
  1: set of the name the key already has, or of a name another key has;
     del of a key without a name.`;

const ACTIONS = ['set', 'del', 'list'] as const;

const FLAGS = { ...KEY_FLAGS, json: { type: 'boolean' }, store: { type: 'string' } } as const;

function nameArgument(positionals: readonly string[]): string {
  const [, name, extra] = positionals;
  if (name === undefined) throw new UsageError('service set: missing NAME (e.g. lars service set --modid 1 --cmdid 1 orders.get)');
  if (extra !== undefined) throw new UsageError(`service set: unexpected argument "${extra}"`);
  try {
    return parseKeyName(name);
  } catch (err) {
    if (isKeyNameError(err)) throw new UsageError(err.message);
    throw err;
  }
}

function describe(edit: NameEdit, key: RouteKey, name: string | undefined): string {
  const k = `route ${key.modid}/${key.cmdid}`;
  switch (edit.status) {
    case 'set':
      return `named ${k} ${name ?? ''}${edit.previous === undefined ? '' : ` (was ${edit.previous})`} (route version ${edit.version})`;
    case 'cleared':
      return `cleared the name ${edit.previous ?? ''} of ${k} (route version ${edit.version})`;
    case 'unchanged':
      return `${k} is already named ${name ?? ''}: nothing changed`;
    case 'taken':
      return `${name ?? ''} is the name of route ${edit.holder?.modid}/${edit.holder?.cmdid}: nothing changed (clear it there first)`;
    case 'missing':
      return `${k} has no name: nothing changed`;
  }
}

async function edit(store: Store, action: 'set' | 'del', key: RouteKey, name: string | undefined, json: boolean): Promise<number> {
  const result = action === 'set' ? await store.setKeyName(key, name ?? '', cliWho()) : await store.clearKeyName(key, cliWho());
  const changed = result.status === 'set' || result.status === 'cleared';
  if (json) printLine(JSON.stringify({ ...result, ...key, ...(name === undefined ? {} : { name }) }));
  else if (changed) printLine(describe(result, key, name));
  else process.stderr.write(`lars: ${describe(result, key, name)}\n`);
  return changed ? EXIT_OK : EXIT_UNCHANGED;
}

async function list(store: Store, json: boolean): Promise<number> {
  const names = await store.listKeyNames();
  if (json) {
    printLine(JSON.stringify({ names }));
    return EXIT_OK;
  }
  if (names.length === 0) {
    printLine('no service names (lars service set --modid M --cmdid C NAME gives one)');
    return EXIT_OK;
  }
  const width = Math.max(...names.map((n) => `${n.modid}/${n.cmdid}`.length), 3);
  printLine(`${'KEY'.padEnd(width)}  SERVICE`);
  for (const n of names) printLine(`${`${n.modid}/${n.cmdid}`.padEnd(width)}  ${n.name}`);
  return EXIT_OK;
}

export const command: Command = {
  name: 'service',
  summary: 'name route keys (lars service set|del|list); other commands then take --service NAME',
  help,
  async run(argv) {
    const flags = parseFlags(argv, FLAGS, true);
    const action = subcommand(flags, ACTIONS, 'service', ['set', 'del']);
    const json = boolFlag(flags, 'json');
    if (action === 'list') {
      if (['modid', 'cmdid', 'service'].some((f) => flags.values[f] !== undefined)) throw new UsageError('service list: lists every name, give no key');
      return withStore(flags, false, (store) => list(store, json));
    }
    const name = action === 'set' ? nameArgument(flags.positionals) : undefined;
    if (action === 'del' && flags.positionals.length > 1) throw new UsageError(`service del: unexpected argument "${flags.positionals[1]}" (the key is --modid/--cmdid or --service NAME)`);
    const choice = keyChoice(flags);
    return withStore(flags, false, async (store) => edit(store, action as 'set' | 'del', await resolveKey(choice, store), name, json));
  },
};
