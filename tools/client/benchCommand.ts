/** `lars bench <what>`: load drivers. `api` drives the agent through the client library. */
import { UsageError } from '../../runtime/errors.js';
import { boolFlag, intFlag, parseFlags } from '../cli/args.js';
import type { Command } from '../cli/command.js';
import { runApiBench } from './apiBench.js';
import { AGENT_FLAGS, agentFlagsHelp, agentAddress, agentAnswers, agentDownLine, agentTarget, clientFor } from './clientFlags.js';

/** Under the load it makes, an answer comes later than at rest. */
const BENCH_TIMEOUT_MS = 1000;

const help = `Usage: lars bench api --modid M --cmdid C [--clients N] [--seconds S] [--json]
                     [--host H] [--base-port P] [--timeout-ms T]

Drives the local agent through the client library: N clients, each with its
own sockets and one call in flight, loop getHost then report(success).
Prints getHost+report pairs per second, the getHost round trip (p50, p99)
and errors by code. Progress goes to stderr once a second.

${agentFlagsHelp(BENCH_TIMEOUT_MS)}
  --clients N      concurrent clients (default 10)
  --seconds S      how long to run (default 5)

Exit status: 0 done without errors; 1 some calls failed, or no agent
answers; 2 bad usage.`;

export const command: Command = {
  name: 'bench',
  summary: 'load drivers: lars bench api (getHost+report pairs/s and latency through the client)',
  help,
  async run(argv) {
    const flags = parseFlags(argv, { ...AGENT_FLAGS, clients: { type: 'string' }, seconds: { type: 'string' } }, true);
    const [what, ...extra] = flags.positionals;
    if (what !== 'api') throw new UsageError(what === undefined ? 'bench: say what to drive: lars bench api ...' : `bench: unknown benchmark "${what}" (there is: api)`);
    if (extra.length > 0) throw new UsageError(`bench api: unexpected argument "${extra[0]}"`);
    const target = await agentTarget(flags, BENCH_TIMEOUT_MS);
    const clients = intFlag(flags, 'clients', 10, 1, 10_000);
    const seconds = intFlag(flags, 'seconds', 5, 1, 3600);
    const json = boolFlag(flags, 'json');

    const probe = clientFor(target);
    const up = await agentAnswers(probe, target).finally(() => probe.close());
    if (up !== true) {
      process.stderr.write(`lars bench: ${agentDownLine(target, up)}\n`);
      return 1;
    }
    const r = await runApiBench({
      ...target,
      clients,
      seconds,
      ...(json ? {} : { onSecond: (s: number, pairs: number) => process.stderr.write(`  ${s}s  ${pairs} pairs/s\n`) }),
    });
    const failed = Object.values(r.errors).reduce((a, b) => a + b, 0);
    if (json) {
      process.stdout.write(`${JSON.stringify({ bench: 'api', agent: agentAddress(target), modid: target.modid, cmdid: target.cmdid, ...r })}\n`);
    } else {
      const errs = failed === 0 ? 'none' : Object.entries(r.errors).filter(([, n]) => n > 0).map(([c, n]) => `${c} ${n}`).join(', ');
      process.stdout.write(
        `bench api: ${r.clients} clients, ${r.seconds} s, key ${target.modid}/${target.cmdid} on ${agentAddress(target)}\n` +
          `  ${r.pairsPerSecond} getHost+report pairs/s (${r.pairs} pairs)\n` +
          `  getHost p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, max ${r.maxMs} ms\n` +
          `  errors: ${errs}\n`,
      );
    }
    return failed === 0 ? 0 : 1;
  },
};
