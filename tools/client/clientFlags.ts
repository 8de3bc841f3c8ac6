/**
 * Flags every client tool shares: the key, and where the agent is. Also the
 * one wording for "no agent answers", so every tool says it the same way.
 */
import { LarsClient, LarsError, portIndex } from '../../client/index.js';
import { UsageError } from '../../runtime/errors.js';
import { intFlag, optionalString, stringFlag, type FlagSpec, type ParsedFlags } from '../cli/args.js';
import { NAME_STORE_FLAGS, NAME_STORE_FLAG_HELP, SERVICE_FLAG_HELP, keyChoice, keyViaStore } from '../cli/keyArgs.js';

export const AGENT_FLAGS = {
  ...NAME_STORE_FLAGS,
  host: { type: 'string' },
  'base-port': { type: 'string' },
  'timeout-ms': { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies FlagSpec;

/** The help lines of AGENT_FLAGS, with the tool's own default timeout. */
export function agentFlagsHelp(defaultTimeoutMs: number): string {
  return `  --modid M        module id (32-bit integer, required)
  --cmdid C        command id (32-bit integer, required)
${SERVICE_FLAG_HELP}
${NAME_STORE_FLAG_HELP}
  --host H         agent address (default 127.0.0.1)
  --base-port P    agent's first UDP port; the key's port is P + (M + C) % 3 (default 8888)
  --timeout-ms T   per-call timeout (default ${defaultTimeoutMs})
  --json           machine-readable output`;
}

/** A getHost answer is one host: the client library's own default. */
export const DEFAULT_TIMEOUT_MS = 100;

function hostFlag(flags: ParsedFlags): string {
  const host = stringFlag(flags, 'host', '127.0.0.1');
  if (host.trim() === '') throw new UsageError('--host: expected an address or host name, got an empty string');
  return host;
}

export interface AgentTarget {
  modid: number;
  cmdid: number;
  host: string;
  basePort: number;
  timeoutMs: number;
}

/** Every flag is checked before a --service name is looked up in the store. */
export async function agentTarget(flags: ParsedFlags, defaultTimeoutMs = DEFAULT_TIMEOUT_MS): Promise<AgentTarget> {
  const choice = keyChoice(flags);
  const rest = {
    host: hostFlag(flags),
    basePort: intFlag(flags, 'base-port', 8888, 1, 65533),
    timeoutMs: intFlag(flags, 'timeout-ms', defaultTimeoutMs, 1, 600_000),
  };
  return { ...(await keyViaStore(choice, optionalString(flags, 'store'))), ...rest };
}

export function clientFor(target: AgentTarget): LarsClient {
  return new LarsClient({ host: target.host, basePort: target.basePort, timeoutMs: target.timeoutMs });
}

/** "127.0.0.1:8890": the agent port that serves the target's key. */
export function agentAddress(target: AgentTarget): string {
  return `${target.host}:${target.basePort + portIndex(target.modid, target.cmdid)}`;
}

export function isAgentDown(err: unknown): boolean {
  return err instanceof LarsError && (err.code === 'TIMEOUT' || err.code === 'UNREACHABLE');
}

/**
 * Why no agent answered, saying only what was seen: a refusal (the kernel
 * said ECONNREFUSED: nothing listens on the port) or an unreachable host is
 * a cause; silence is not one. A busy agent, or a reply to a large route
 * still on its way, is silent too, so a timeout names no cause.
 */
export function agentDownLine(target: AgentTarget, err?: unknown): string {
  const where = `${agentAddress(target)} (the port for key ${target.modid}/${target.cmdid})`;
  const cause = err instanceof LarsError ? (err.cause as NodeJS.ErrnoException | undefined)?.code : undefined;
  if (cause === 'ECONNREFUSED') return `nothing listens on ${where}: ECONNREFUSED; is the agent running? (lars start --role agent)`;
  if (cause !== undefined) return `cannot reach ${where}: ${cause}`;
  return `no answer from ${where} within ${target.timeoutMs} ms, and no refusal either (--timeout-ms waits longer)`;
}

/**
 * Ask the agent for the key's route once, to learn up front whether an agent
 * answers at all: a tool that loops on calls should say so, not spin on errors.
 */
export async function agentAnswers(client: LarsClient, target: AgentTarget): Promise<true | LarsError> {
  try {
    await client.getRoute(target.modid, target.cmdid, { timeoutMs: Math.max(target.timeoutMs, 500) });
    return true;
  } catch (err) {
    if (err instanceof LarsError && isAgentDown(err)) return err;
    throw err;
  }
}
