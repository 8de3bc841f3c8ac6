/** The flags of `lars register`, checked into what LarsClient.register() takes and where the agent is. */
import type { RegisterOptions } from '../../client/registration.js';
import { UsageError } from '../../runtime/errors.js';
import { boolFlag, intFlag, ipv4Flag, optionalString, parseFlags, type FlagSpec } from '../cli/args.js';
import { NAME_STORE_FLAGS, keyChoice, keyViaStore } from '../cli/keyArgs.js';

export const REGISTER_FLAGS = {
  ...NAME_STORE_FLAGS,
  ip: { type: 'string' },
  port: { type: 'string' },
  weight: { type: 'string' },
  'ttl-ms': { type: 'string' },
  check: { type: 'string' },
  agent: { type: 'string' },
  'timeout-ms': { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies FlagSpec;

export const DEFAULT_AGENT = '127.0.0.1:8888';

export interface RegisterArgs {
  options: RegisterOptions;
  agentHost: string;
  basePort: number;
  timeoutMs: number;
  json: boolean;
}

/** "HOST:PORT", PORT the agent's first UDP port (its base_port). */
function agentFlag(text: string): { host: string; basePort: number } {
  const m = /^(.+):(\d+)$/.exec(text);
  const port = m === null ? NaN : Number(m[2]);
  if (m === null || (m[1] ?? '').trim() === '' || !(port >= 1 && port <= 65533)) {
    throw new UsageError(`--agent ${JSON.stringify(text)}: expected HOST:PORT, PORT the agent's base_port (1-65533), like ${DEFAULT_AGENT}`);
  }
  return { host: m[1] as string, basePort: port };
}

/** Every flag is checked before a --service name is looked up in the store. */
export async function registerArgs(argv: string[]): Promise<RegisterArgs> {
  const flags = parseFlags(argv, REGISTER_FLAGS);
  const choice = keyChoice(flags);
  const options: RegisterOptions = {
    modid: 0,
    cmdid: 0,
    ip: ipv4Flag(flags, 'ip'),
    port: intFlag(flags, 'port', undefined, 1, 65535),
  };
  if (flags.values['weight'] !== undefined) options.weight = intFlag(flags, 'weight', undefined, 0, 1000);
  if (flags.values['ttl-ms'] !== undefined) options.ttlMs = intFlag(flags, 'ttl-ms', undefined, 1000, 600_000);
  const check = optionalString(flags, 'check');
  if (check !== undefined) options.check = check;
  const agent = agentFlag(optionalString(flags, 'agent') ?? DEFAULT_AGENT);
  const timeoutMs = intFlag(flags, 'timeout-ms', 2000, 1, 600_000);
  const key = await keyViaStore(choice, optionalString(flags, 'store'));
  return {
    options: { ...options, modid: key.modid, cmdid: key.cmdid },
    agentHost: agent.host,
    basePort: agent.basePort,
    timeoutMs,
    json: boolFlag(flags, 'json'),
  };
}
