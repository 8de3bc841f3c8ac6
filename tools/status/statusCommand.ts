/** `lars status`: the agent's load-balancer state (GET /lb), or its registrations (GET /registrations). */
import { UsageError } from '../../runtime/errors.js';
import { adminFlag, DEFAULT_ADMINS } from './adminFlag.js';
import { boolFlag, intFlag, optionalString, parseFlags } from '../cli/args.js';
import { NAME_STORE_FLAGS, NAME_STORE_FLAG_HELP, SERVICE_FLAG_HELP, filterViaStore, keyFilterChoice } from '../cli/keyArgs.js';
import { keyNamesOrNone } from '../cli/keyNames.js';
import type { Command } from '../cli/command.js';
import { fetchLbState, fetchRegistrations, LbStatusError, type LbTarget } from './lbClient.js';
import { registrationLines } from './registrationsView.js';
import { keyTable, keySummaryLines } from './statusView.js';


const help = `Usage: lars status [--modid M --cmdid C | --service NAME | --registrations] [--json] [--admin HOST:PORT] [--timeout-ms T]

Shows the agent's load-balancer state (its admin server's GET /lb): with a
key, one line per host with its state (idle or overloaded), since when, the
window's virtual and real success/error counts, streaks and probes; without
one, a line per key the agent knows. With --registrations, the instances the
agent keeps registered with DNS (GET /registrations): key, address, who
holds it (an application, a [service.NAME] declaration), its last heartbeat,
ttl, weight, the DNS's last word and its check.

  --modid M          module id (32-bit integer; give --cmdid too)
  --cmdid C          command id (32-bit integer; give --modid too)
${SERVICE_FLAG_HELP}
${NAME_STORE_FLAG_HELP}
                     (also where the keys' names shown come from, when it has them)
  --admin HOST:PORT  the agent's admin server (default ${DEFAULT_ADMINS[0]}, then
                     ${DEFAULT_ADMINS[1]} where \`lars start --role all\` serves it)
  --timeout-ms T     per request (default 2000)
  --registrations    the agent's registrations instead of its load-balancer state
  --json             the state as JSON ({ "modid", "cmdid", "hosts": [...] } for a key)

Exit status: 0 shown; 1 no agent admin answers, or the agent does not have
the key or has no hosts for it; 2 bad usage.`;

const FLAGS = {
  ...NAME_STORE_FLAGS,
  admin: { type: 'string' },
  'timeout-ms': { type: 'string' },
  json: { type: 'boolean' },
  registrations: { type: 'boolean' },
} as const;


export async function statusTarget(argv: string[]): Promise<{ target: LbTarget; json: boolean; registrations: boolean; store: string | undefined }> {
  const flags = parseFlags(argv, FLAGS);
  const hasModid = flags.values['modid'] !== undefined;
  const registrations = boolFlag(flags, 'registrations');
  if (registrations && (hasModid || flags.values['cmdid'] !== undefined || flags.values['service'] !== undefined)) throw new UsageError('--registrations lists every registration: give it without --modid/--cmdid or --service');
  const choice = keyFilterChoice(flags);
  if (choice.filter !== undefined && hasModid !== (flags.values['cmdid'] !== undefined)) throw new UsageError(`--${hasModid ? 'cmdid' : 'modid'} is required with --${hasModid ? 'modid' : 'cmdid'} (or give neither for every key)`);
  const admins = adminFlag(optionalString(flags, 'admin'));
  const timeoutMs = intFlag(flags, 'timeout-ms', 2000, 1, 600_000);
  const store = optionalString(flags, 'store');
  const filter = await filterViaStore(choice, store);
  const key = filter.modid !== undefined && filter.cmdid !== undefined ? { modid: filter.modid, cmdid: filter.cmdid } : undefined;
  return { target: { admins, key, timeoutMs }, json: boolFlag(flags, 'json'), registrations, store };
}

export const command: Command = {
  name: 'status',
  summary: "show the agent's load-balancer state: per host idle or overloaded, counts, streaks, probes",
  help,
  async run(argv) {
    const { target, json, registrations, store } = await statusTarget(argv);
    const out = (text: string): void => void process.stdout.write(`${text}\n`);
    try {
      if (registrations) {
        const r = await fetchRegistrations(target.admins, target.timeoutMs);
        out(json ? JSON.stringify(r.registrations) : registrationLines(r.registrations, r.admin));
        return 0;
      }
      const state = await fetchLbState(target);
      if (json) out(JSON.stringify(state.key ?? state.all));
      else if (state.key) out(keyTable(state.key, state.admin, await keyNamesOrNone(store)));
      else if (state.all) out(keySummaryLines(state.all, state.admin, await keyNamesOrNone(store)));
      // A key asked for but never served (no route from DNS) is one the agent does not have, as the help says.
      return state.key !== undefined && state.key.hosts.length === 0 ? 1 : 0;
    } catch (err) {
      if (!(err instanceof LbStatusError)) throw err;
      if (json) out(JSON.stringify({ ...(target.key ?? {}), error: err.message }));
      else process.stderr.write(`lars status: ${err.message}\n`);
      return 1;
    }
  },
};
