/** The flags of `lars register`, checked into what LarsClient.register() takes and where the agent is. */
import type { RegisterOptions } from '../../client/registration.js';
import { UsageError } from '../../runtime/errors.js';
import { boolFlag, intFlag, ipv4Flag, optionalString, parseFlags, type FlagSpec } from '../cli/args.js';

export const REGISTER_FLAGS = {
  modid: { type: 'string' },
  cmdid: { type: 'string' },
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

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

/** "HOST:PORT", PORT the agent's first UDP port (its base_port). */
function agentFlag(text: string): { host: string; basePort: number } {
  const m = /^(.+):(\d+)$/.exec(text);
  const port = m === null ? NaN : Number(m[2]);
  if (m === null || (m[1] ?? '').trim() === '' || !(port >= 1 && port <= 65533)) {
    throw new UsageError(`--agent ${JSON.stringify(text)}: expected HOST:PORT, PORT the agent's base_port (1-65533), like ${DEFAULT_AGENT}`);
  }
  return { host: m[1] as string, basePort: port };
}

export function registerArgs(argv: string[]): RegisterArgs {
  const flags = parseFlags(argv, REGISTER_FLAGS);
  const options: RegisterOptions = {
    modid: intFlag(flags, 'modid', undefined, INT32_MIN, INT32_MAX),
    cmdid: intFlag(flags, 'cmdid', undefined, INT32_MIN, INT32_MAX),
    ip: ipv4Flag(flags, 'ip'),
    port: intFlag(flags, 'port', undefined, 1, 65535),
  };
  if (flags.values['weight'] !== undefined) options.weight = intFlag(flags, 'weight', undefined, 0, 1000);
  if (flags.values['ttl-ms'] !== undefined) options.ttlMs = intFlag(flags, 'ttl-ms', undefined, 1000, 600_000);
  const check = optionalString(flags, 'check');
  if (check !== undefined) options.check = check;
  const agent = agentFlag(optionalString(flags, 'agent') ?? DEFAULT_AGENT);
  return {
    options,
    agentHost: agent.host,
    basePort: agent.basePort,
    timeoutMs: intFlag(flags, 'timeout-ms', 2000, 1, 600_000),
    json: boolFlag(flags, 'json'),
  };
}
