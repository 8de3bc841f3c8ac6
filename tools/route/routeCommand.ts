/** `lars route add|del|set-weight|set|list`: edit or show the route table. */
import type { Command } from '../cli/command.js';
import { UsageError } from '../../runtime/errors.js';
import { boolFlag, parseFlags } from '../cli/args.js';
import { EXIT_STATUS_HELP, STORE_FLAG_HELP, subcommand, withStore } from '../db/storeCli.js';
import { addMetaArgs, hostArgs, setChangeArgs, withKey } from './routeArgs.js';
import { KEY_FLAGS, SERVICE_FLAG_HELP, keyChoice, keyFilterChoice, resolveFilter, resolveKey } from '../cli/keyArgs.js';
import { drainRoute } from './routeDrain.js';
import { editRoute } from './routeEdit.js';
import { listRoutes } from './routeList.js';

const help = `Usage: lars route add  --modid M --cmdid C --ip A.B.C.D --port P [--weight W] [--zone Z] [--tag K=V]... [--json] [--store URL]
       lars route del  --modid M --cmdid C --ip A.B.C.D --port P [--json] [--store URL]
       lars route set-weight --modid M --cmdid C --ip A.B.C.D --port P --weight W [--json] [--store URL]
       lars route set  --modid M --cmdid C --ip A.B.C.D --port P [--weight W] [--zone Z | --no-zone] [--tag K=V... | --no-tags] [--json] [--store URL]
       lars route disable|enable --modid M --cmdid C --ip A.B.C.D --port P [--json] [--store URL]
       lars route list [--modid M] [--cmdid C] [--json] [--store URL]
       (--service NAME instead of --modid M --cmdid C everywhere)

add/del change one host of route (modid, cmdid); set-weight changes its
weight; set changes any of its weight, zone and tags in one edit (--tag
replaces all of the host's tags, --no-zone and --no-tags clear them). Each edit changes RouteData, appends a RouteChange row and bumps
RouteVersion in one transaction; DNS services push it to subscribed agents
on their next poll. Agents pick among idle hosts in proportion to their
weights (smooth weighted round-robin); with equal weights they rotate as
the original did. A database made by the original Lars has no weight column
until \`lars db init\` adds it: until then every weight is 1; zones and tags
likewise need \`lars db init\`.

A zone names where a host runs (1-32 of A-Z a-z 0-9 . _ -, e.g. eu-west-1a);
a host without one is in every caller's zone. A tag is key=value (key: 1-64
of A-Z a-z 0-9 . _ / -; value: 1-64 printable ASCII without spaces or commas),
at most 8 per host, each key once.

disable takes a host, static or registered, out of service without deleting
it (recorded as "cli USER@HOST"); it stays out across re-registrations until
enable. list shows each host's source (static, or registered by its owner),
the time left on its lease, whether it is enabled, and its check state.

Flags:
  --modid M      module id (32-bit integer; list: filter)
  --cmdid C      command id (32-bit integer; list: filter)
${SERVICE_FLAG_HELP}
  --ip A.B.C.D   host IPv4 address
  --port P       host port, 1-65535
  --weight W     the host's weight, 1-1000 (add: default 1)
  --zone Z       the host's zone (add, set); --no-zone clears it (set)
  --tag K=V      one of the host's tags, repeated for each (add, set); --no-tags clears them (set)
  --json         print one JSON object instead of text
${STORE_FLAG_HELP}

${EXIT_STATUS_HELP}
  1: add of a host that is already there, del or set-weight of one that is
     not, set-weight or set to the values it already has, disable of a host already
     disabled, enable of one that is not, either of a host that is not there.`;

const ACTIONS = ['add', 'del', 'set-weight', 'set', 'disable', 'enable', 'list'] as const;

const FLAGS = {
  ...KEY_FLAGS,
  ip: { type: 'string' },
  port: { type: 'string' },
  weight: { type: 'string' },
  zone: { type: 'string' },
  tag: { type: 'string', multiple: true },
  'no-zone': { type: 'boolean' },
  'no-tags': { type: 'boolean' },
  json: { type: 'boolean' },
  store: { type: 'string' },
} as const;

export const command: Command = {
  name: 'route',
  summary: 'add, delete, weigh, zone/tag, disable/enable or list route hosts (lars route add|del|set-weight|set|disable|enable|list)',
  help,
  async run(argv) {
    const flags = parseFlags(argv, FLAGS, true);
    const action = subcommand(flags, ACTIONS, 'route') as (typeof ACTIONS)[number];
    const json = boolFlag(flags, 'json');
    if (action === 'list') {
      for (const name of ['ip', 'port', 'weight', 'zone', 'tag', 'no-zone', 'no-tags']) {
        if (flags.values[name] !== undefined) throw new UsageError(`route list: --${name} is not a list filter (use --modid/--cmdid or --service)`);
      }
      const choice = keyFilterChoice(flags);
      return withStore(flags, false, async (store) => listRoutes(store, await resolveFilter(choice, store), json));
    }
    const choice = keyChoice(flags);
    const hostFlags = hostArgs(flags, action);
    const meta = addMetaArgs(flags, action);
    const values = action === 'set' ? { change: setChangeArgs(flags, hostFlags.weight) } : { meta };
    return withStore(flags, false, async (store) => {
      const host = withKey(await resolveKey(choice, store), hostFlags);
      return action === 'disable' || action === 'enable' ? drainRoute(store, action, host, json) : editRoute(store, action, host, json, values);
    });
  },
};
