/** `lars rule set|del|list`: the routing rules of route keys (store/routeRuleStore.ts, proto/routeRule.ts). */
import type { Command } from '../cli/command.js';
import { UsageError } from '../../runtime/errors.js';
import { boolFlag, parseFlags } from '../cli/args.js';
import { EXIT_OK, EXIT_STATUS_HELP, EXIT_UNCHANGED, STORE_FLAG_HELP, printLine, subcommand, withStore } from '../db/storeCli.js';
import { KEY_FLAGS, SERVICE_FLAG_HELP, keyChoice, keyFilterChoice, resolveFilter, resolveKey } from '../cli/keyArgs.js';
import { cliWho } from '../cli/cliWho.js';
import { isRouteRuleError, parseRule, ruleText, rulesProblem, type RouteRule } from '../../proto/routeRule.js';
import type { RulesEdit } from '../../store/routeRuleStore.js';
import type { RouteKey } from '../../store/routeTypes.js';
import type { Store } from '../../store/store.js';

const help = `Usage: lars rule set  --modid M --cmdid C RULE [RULE...] [--json] [--store URL]
       lars rule del  --modid M --cmdid C [--json] [--store URL]
       lars rule list [--modid M] [--cmdid C] [--json] [--store URL]
       (--service NAME instead of --modid M --cmdid C)

A key's routing rules steer its calls by host tags (lars route set --tag):
  split TAG[,TAG...] P%          P % of calls to hosts with those tags, the
                                 rest to the others (e.g. a canary:
                                 "split version=v2 5%"); evenly spaced
  match TAG[,...] -> TAG[,...]   callers with the first tags (getHost's
                                 tags option) go to hosts with the second
                                 while one is idle, else to the rest
Each RULE is one argument (quote it). set replaces all of the key's rules
with the given ones, in order (the first match that applies wins; splits
add up to at most 100%); del removes them. At most 16 per key. Both are
route edits, versioned and audited with who ("cli USER@HOST").

Flags:
  --modid M      module id (32-bit integer)
  --cmdid C      command id (32-bit integer)
${SERVICE_FLAG_HELP}
  --json         print one JSON object instead of text
${STORE_FLAG_HELP}

${EXIT_STATUS_HELP}
  1: the key already had exactly these rules (set) or none (del).`;

const ACTIONS = ['set', 'del', 'list'] as const;

const FLAGS = { ...KEY_FLAGS, json: { type: 'boolean' }, store: { type: 'string' } } as const;

function ruleArguments(positionals: readonly string[]): RouteRule[] {
  const texts = positionals.slice(1);
  if (texts.length === 0) throw new UsageError('rule set: missing RULE (e.g. lars rule set --modid 1 --cmdid 1 "split version=v2 5%"; lars rule del removes them)');
  try {
    const rules = texts.map(parseRule);
    const problem = rulesProblem(rules);
    if (problem !== undefined) throw new UsageError(`rule set: ${problem}`);
    return rules;
  } catch (err) {
    if (isRouteRuleError(err)) throw new UsageError(err.message);
    throw err;
  }
}

const listText = (rules: readonly RouteRule[]): string => (rules.length === 0 ? '(none)' : rules.map(ruleText).join('; '));

async function edit(store: Store, key: RouteKey, rules: RouteRule[], json: boolean): Promise<number> {
  const result: RulesEdit = await store.setRules(key, rules, cliWho());
  const k = `route ${key.modid}/${key.cmdid}`;
  if (json) printLine(JSON.stringify({ status: result.status, version: result.version, ...key, rules: rules.map(ruleText), previous: result.previous.map(ruleText) }));
  else if (result.status === 'set') printLine(`rules of ${k}: ${listText(rules)} (was ${listText(result.previous)}; route version ${result.version})`);
  else process.stderr.write(`lars: ${k} already has ${rules.length === 0 ? 'no rules' : 'these rules'}: nothing changed\n`);
  return result.status === 'set' ? EXIT_OK : EXIT_UNCHANGED;
}

async function list(store: Store, filter: Parameters<Store['listRules']>[0], json: boolean): Promise<number> {
  const keys = await store.listRules(filter);
  if (json) {
    printLine(JSON.stringify({ keys: keys.map((k) => ({ modid: k.modid, cmdid: k.cmdid, rules: k.rules.map(ruleText) })) }));
    return EXIT_OK;
  }
  if (keys.length === 0) {
    printLine('no routing rules (lars rule set --modid M --cmdid C "split version=v2 5%" gives one)');
    return EXIT_OK;
  }
  const width = Math.max(...keys.map((k) => `${k.modid}/${k.cmdid}`.length), 3);
  printLine(`${'KEY'.padEnd(width)}  RULE`);
  for (const k of keys) for (const r of k.rules) printLine(`${`${k.modid}/${k.cmdid}`.padEnd(width)}  ${ruleText(r)}`);
  return EXIT_OK;
}

export const command: Command = {
  name: 'rule',
  summary: 'routing rules of route keys: canary splits and caller matches by tag (lars rule set|del|list)',
  help,
  async run(argv) {
    const flags = parseFlags(argv, FLAGS, true);
    const action = subcommand(flags, ACTIONS, 'rule', ['set']);
    const json = boolFlag(flags, 'json');
    if (action === 'list') {
      const choice = keyFilterChoice(flags);
      return withStore(flags, false, async (store) => list(store, await resolveFilter(choice, store), json));
    }
    const rules = action === 'set' ? ruleArguments(flags.positionals) : [];
    const choice = keyChoice(flags);
    return withStore(flags, false, async (store) => edit(store, await resolveKey(choice, store), rules, json));
  },
};
