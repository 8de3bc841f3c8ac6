/** `lars get-host`: ask the agent for a host of a key, N times, and show each answer. */
import { LarsError, type Host } from '../../client/index.js';
import { boolFlag, intFlag, parseFlags } from '../cli/args.js';
import type { Command } from '../cli/command.js';
import { AGENT_FLAGS, agentFlagsHelp, agentAddress, agentDownLine, agentTarget, clientFor, DEFAULT_TIMEOUT_MS } from './clientFlags.js';

const help = `Usage: lars get-host --modid M --cmdid C [--count N] [--json] [--host H] [--base-port P] [--timeout-ms T]

Asks the local agent for a host of (modid, cmdid), N times in a row, and
prints each answer: the chosen host, or why there is none (OVERLOAD,
NOEXIST, TIMEOUT, UNREACHABLE, SYSTEM) with the agent's retcode. Reports nothing back.

${agentFlagsHelp(DEFAULT_TIMEOUT_MS)}
  --count N        calls to make (default 1)

Exit status: 0 every call got a host; 1 some call did not, or no agent
answers; 2 bad usage.`;

interface Answer {
  ip?: string;
  port?: number;
  /** The agent's retcode; null when the agent did not answer. */
  retcode: number | null;
  /** 'OK' or the LarsError code. */
  code: string;
  message?: string;
}

const RETCODE_NAMES = ['RET_SUCC', 'RET_OVERLOAD', 'RET_SYSTEM_ERROR', 'RET_NOEXIST'];

function answerLine(i: number, a: Answer, width: number): string {
  const n = String(i + 1).padStart(width);
  if (a.code === 'OK') return `${n}  ${a.ip}:${a.port}`;
  const ret = a.retcode === null ? (a.message ?? 'no answer') : `retcode ${a.retcode} ${RETCODE_NAMES[a.retcode] ?? ''}`.trimEnd();
  return `${n}  ${a.code} (${ret})`;
}

export const command: Command = {
  name: 'get-host',
  summary: 'ask the agent for a host of (modid, cmdid) and show the answers',
  help,
  async run(argv) {
    const flags = parseFlags(argv, { ...AGENT_FLAGS, count: { type: 'string' } });
    const target = await agentTarget(flags);
    const count = intFlag(flags, 'count', 1, 1, 1_000_000);
    const json = boolFlag(flags, 'json');
    const client = clientFor(target);
    const answers: Answer[] = [];
    let lastError: LarsError | undefined;
    try {
      for (let i = 0; i < count; i++) {
        answers.push(
          await client.getHost(target.modid, target.cmdid).then(
            (h: Host): Answer => ({ ip: h.ip, port: h.port, retcode: 0, code: 'OK' }),
            (err: unknown): Answer => {
              if (!(err instanceof LarsError)) throw err;
              lastError = err;
              return { retcode: err.retcode ?? null, code: err.code, message: err.message };
            },
          ),
        );
      }
    } finally {
      await client.close();
    }
    const agentDown = answers.every((a) => a.code === 'TIMEOUT' || a.code === 'UNREACHABLE');
    const ok = answers.filter((a) => a.code === 'OK').length;
    if (json) {
      const out = { modid: target.modid, cmdid: target.cmdid, agent: agentAddress(target), answers, ok, failed: answers.length - ok };
      process.stdout.write(`${JSON.stringify(agentDown ? { ...out, error: agentDownLine(target, lastError) } : out)}\n`);
    } else if (agentDown) {
      process.stderr.write(`lars get-host: ${agentDownLine(target, lastError)}\n`);
    } else {
      const width = String(answers.length).length;
      const lines = answers.map((a, i) => answerLine(i, a, width));
      process.stdout.write(`get-host ${target.modid}/${target.cmdid} from agent ${agentAddress(target)}\n${lines.join('\n')}\n`);
      if (answers.length > 1) process.stdout.write(`${ok} of ${answers.length} calls got a host\n`);
    }
    return ok === answers.length ? 0 : 1;
  },
};
