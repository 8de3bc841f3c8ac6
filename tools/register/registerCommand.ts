/**
 * `lars register`: holds one registration in the foreground for a process
 * that cannot use the Node client (any language, a shell script), through
 * LarsClient.register() and its heartbeats. SIGINT and SIGTERM deregister
 * and exit.
 */
import { holdOpen } from '../../client/holdOpen.js';
import { LarsClient } from '../../client/larsClient.js';
import { LarsArgumentError, LarsError } from '../../client/larsError.js';
import type { AgentRegistration } from '../../client/agentRegistration.js';
import { UsageError } from '../../runtime/errors.js';
import type { Command } from '../cli/command.js';
import { DEFAULT_AGENT, registerArgs, type RegisterArgs } from './registerArgs.js';

const help = `Usage: lars register --modid M --cmdid C --ip A --port P [--weight W] [--ttl-ms T]
                     [--check URL] [--agent HOST:PORT] [--timeout-ms T] [--json]

Registers the instance A:P for (modid, cmdid) with the local agent and keeps
it registered while this command runs (a heartbeat every ttl / 3). Prints one
line once registered; Ctrl-C (SIGINT) or SIGTERM deregisters, prints one line
and exits. If this process dies without deregistering, the instance is gone
ttl ms later.

  --modid M          module id (32-bit integer, required)
  --cmdid C          command id (32-bit integer, required)
  --service NAME     the key by its service name (lars service list), instead of --modid/--cmdid
  --store URL        where --service names are looked up (default sqlite:./lars.db)
  --ip A             the instance's address as its callers reach it (unicast IPv4, required)
  --port P           the instance's port (1-65535, required)
  --weight W         0-1000 (default 0, balanced as 1)
  --ttl-ms T         lease length, 1000-600000 (default 10000)
  --check URL        a health check the agent runs: tcp://HOST:PORT or http://HOST:PORT/path
  --agent HOST:PORT  the agent's address and base_port (default ${DEFAULT_AGENT})
  --timeout-ms T     wait this long for the agent's answer to register/deregister (default 2000)
  --json             one JSON object per line (event: registered, heartbeatError,
                     heartbeatOk, deregistered, error)

Heartbeat failures (agent restarted, DNS unreachable) print a line and keep
trying; the instance comes back by itself once the agent answers again.

Exit status: 0 deregistered on a signal; 1 registration refused or failed
(REFUSED: the agent's token; UNAVAILABLE; TIMEOUT; UNREACHABLE: no agent),
or the deregistration was not confirmed; 2 bad usage.`;

type Event = { event: string; [k: string]: unknown };

function say(args: RegisterArgs, e: Event, text: string, toErr = false): void {
  if (args.json) process.stdout.write(`${JSON.stringify(e)}\n`);
  else (toErr ? process.stderr : process.stdout).write(`${text}\n`);
}

function what(args: RegisterArgs): string {
  const o = args.options;
  return `${o.modid}/${o.cmdid} ${o.ip}:${o.port}`;
}

function failure(err: unknown): { code: string; message: string } {
  if (err instanceof LarsError) return { code: err.code, message: err.message };
  return { code: 'SYSTEM', message: err instanceof Error ? err.message : String(err) };
}

/** Resolves with the signal that asked us to stop. */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

export const command: Command = {
  name: 'register',
  summary: 'register an instance with the local agent and hold it while running (Ctrl-C deregisters)',
  help,
  async run(argv) {
    const args = await registerArgs(argv);
    // Listening before registering: a signal during the first wait must not kill us mid-way.
    const stopped = stopSignal();
    const client = new LarsClient({ host: args.agentHost, basePort: args.basePort, registerTimeoutMs: args.timeoutMs });
    let reg: AgentRegistration;
    try {
      reg = (await holdOpen(client.register(args.options))) as AgentRegistration;
    } catch (err) {
      await client.close();
      if (err instanceof LarsArgumentError) throw new UsageError(err.message);
      const f = failure(err);
      say(args, { event: 'error', ...f }, `lars register: ${f.message}`, true);
      return 1;
    }
    const at = `${args.agentHost}:${args.basePort}`;
    say(args, { event: 'registered', ...args.options, ttlMs: reg.ttlMs, agent: at }, `registered ${what(args)} (ttl ${reg.ttlMs} ms) with the agent at ${at}; Ctrl-C deregisters`);
    let failing = false;
    reg.on('heartbeatError', (err: unknown) => {
      if (failing) return;
      failing = true;
      const f = failure(err);
      say(args, { event: 'heartbeatError', ...f }, `lars register: heartbeat failed, still trying: ${f.message}`, true);
    });
    reg.on('heartbeatRecovered', () => {
      failing = false;
      say(args, { event: 'heartbeatOk' }, `heartbeats pass again: ${what(args)} registered`);
    });
    const signal = await holdOpen(stopped);
    try {
      await holdOpen(reg.deregister());
    } catch (err) {
      await client.close();
      const f = failure(err);
      say(args, { event: 'error', signal, ...f }, `lars register: deregister not confirmed (${f.message}); the agent drops the instance ${reg.ttlMs} ms after its last heartbeat`, true);
      return 1;
    }
    await client.close();
    say(args, { event: 'deregistered', signal, modid: args.options.modid, cmdid: args.options.cmdid, ip: args.options.ip, port: args.options.port }, `deregistered ${what(args)} (${signal})`);
    return 0;
  },
};
