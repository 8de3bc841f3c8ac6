/** `lars simulator`: drive a key with getHost+report at a steady rate and watch the agent steer. */
import { UsageError } from '../../runtime/errors.js';
import { isIpv4 } from '../../runtime/config/configSchema.js';
import { MAX_WEIGHT, MIN_WEIGHT } from '../../proto/hostWeight.js';
import { boolFlag, intFlag, optionalString, parseFlags, type ParsedFlags } from '../cli/args.js';
import type { Command } from '../cli/command.js';
import { AGENT_FLAGS, agentFlagsHelp, agentAddress, agentAnswers, agentDownLine, agentTarget, clientFor, DEFAULT_TIMEOUT_MS } from './clientFlags.js';
import { fetchLbState, LbStatusError } from '../status/lbClient.js';
import { adminFlag, DEFAULT_ADMINS } from '../status/adminFlag.js';
import { Simulator, type AgentHostState } from './simulator.js';
import { BlockWriter, renderSummary, renderWindow, summaryJson, windowJson, type SimulatorSummary } from './simulatorView.js';

const help = `Usage: lars simulator --modid M --cmdid C [--fail HOST:PORT=RATE ...] [--weights HOST:PORT=W,...]
                     [--seconds S] [--rate N]
                     [--json] [--host H] [--base-port P] [--timeout-ms T] [--admin HOST:PORT]

Plays an application: calls getHost for (modid, cmdid) N times a second,
pretends to call the chosen host (failing as often as --fail says for it),
and reports each outcome to the agent. Once a second it shows each host's
share of the calls and whether the agent holds it idle or overloaded, so you
can watch the agent steer away from a failing host and probe it back later
(after overload_timeout, 15 s by default). The state is the agent's, read from
its admin server (GET /lb, as lars status does); when none answers it is
guessed from the shares: an overloaded host gets only the agent's probes
(every probe_num-th call, 10 by default), so with that many hosts or more
the guess cannot tell it from an idle one. Each host's
"weight" is the one its route carries (or --weights), "eff" the weight the
agent's picks actually gave it: equal when the agent balances by weight,
lower while the host is overloaded or ramping up in slow start. On a
terminal the table redraws in place; otherwise one block per second (the
legend under the first only); --json prints one line per second. When it
ends (--seconds, Ctrl-C or SIGTERM) it prints a summary of the whole run:
calls, per-host calls and failures, getHost errors (--json: one line
{"summary": ...}).

${agentFlagsHelp(DEFAULT_TIMEOUT_MS)}
  --fail H:P=RATE  calls to host H:P fail with probability RATE (0..1, or a
                   percentage like 30%); repeat for more hosts
  --weights H:P=W,...  the weight you expect each host to have (1..1000), as
                   set in the route table; shown beside its effective weight
                   (default: the weights in the agent's route)
  --seconds S      stop after S seconds (default 0: until Ctrl-C or SIGTERM)
  --rate N         getHost calls per second (default 200)
  --admin HOST:PORT  the agent's admin server, for each host's state (default
                   ${DEFAULT_ADMINS[0]}, then ${DEFAULT_ADMINS[1]})

Exit status: 0 done; 1 no agent answers; 2 bad usage.`;

export function parseFail(text: string): [string, number] {
  const m = /^(\d+\.\d+\.\d+\.\d+):(\d+)=(\d+(?:\.\d+)?)(%?)$/.exec(text);
  const rate = m ? Number(m[3]) / (m[4] === '%' ? 100 : 1) : NaN;
  const port = m ? Number(m[2]) : NaN;
  if (!m || !isIpv4(m[1] as string) || !(port >= 0 && port <= 65535) || !(rate >= 0 && rate <= 1)) {
    throw new UsageError(`--fail ${JSON.stringify(text)}: expected HOST:PORT=RATE with RATE from 0 to 1, e.g. 10.0.0.2:8002=0.5`);
  }
  return [`${m[1]}:${port}`, rate];
}

export function parseWeights(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of text.split(',')) {
    const m = /^(\d+\.\d+\.\d+\.\d+):(\d+)=(\d+)$/.exec(part.trim());
    const port = m ? Number(m[2]) : NaN;
    const weight = m ? Number(m[3]) : NaN;
    if (!m || !isIpv4(m[1] as string) || !(port >= 0 && port <= 65535) || !(weight >= MIN_WEIGHT && weight <= MAX_WEIGHT)) {
      throw new UsageError(`--weights ${JSON.stringify(text)}: expected HOST:PORT=W,... with W from ${MIN_WEIGHT} to ${MAX_WEIGHT}, e.g. 10.0.0.1:8001=1,10.0.0.2:8002=4`);
    }
    out.set(`${m[1]}:${port}`, weight);
  }
  return out;
}

function failRates(flags: ParsedFlags): Map<string, number> {
  const v = flags.values['fail'];
  const list = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  return new Map(list.map(parseFail));
}

export const command: Command = {
  name: 'simulator',
  summary: 'call a key with getHost+report, failing chosen hosts, and watch the agent steer',
  help,
  async run(argv) {
    const flags = parseFlags(argv, { ...AGENT_FLAGS, fail: { type: 'string', multiple: true }, weights: { type: 'string' }, seconds: { type: 'string' }, rate: { type: 'string' }, admin: { type: 'string' } });
    const admins = adminFlag(optionalString(flags, 'admin'));
    const target = await agentTarget(flags);
    const rates = failRates(flags);
    const weightsText = flags.values['weights'];
    const weights = typeof weightsText === 'string' ? parseWeights(weightsText) : undefined;
    const seconds = intFlag(flags, 'seconds', 0, 0, 86_400);
    const callsPerSecond = intFlag(flags, 'rate', 200, 1, 100_000);
    const json = boolFlag(flags, 'json');
    const client = clientFor(target);
    try {
      const answers = await agentAnswers(client, target);
      if (answers !== true) {
        process.stderr.write(`lars simulator: ${agentDownLine(target, answers)}\n`);
        return 1;
      }
      const key = { modid: target.modid, cmdid: target.cmdid };
      const agentStates = (): Promise<ReadonlyMap<string, AgentHostState> | undefined> => lbStates(admins, key, target.timeoutMs);
      const sim = new Simulator({ client, ...key, failRates: rates, callsPerSecond, agentStates, ...(weights === undefined ? {} : { weights }) });
      const tty = process.stdout.isTTY === true && !json;
      const writer = new BlockWriter(process.stdout, tty);
      const title = `lars simulator  key ${target.modid}/${target.cmdid}  agent ${agentAddress(target)}  ${callsPerSecond} calls/s`;
      let windows = 0;
      const started = performance.now();
      await runFor(sim, seconds, async () => {
        const w = await sim.window();
        if (json) process.stdout.write(`${windowJson(w)}\n`);
        else writer.write(renderWindow(w, title, tty || windows === 0));
        windows++;
      });
      const summary = summaryOf(sim, (performance.now() - started) / 1000);
      process.stdout.write(json ? `${summaryJson(summary)}\n` : `\n${renderSummary(summary).join('\n')}\n`);
      return 0;
    } finally {
      await client.close();
    }
  },
};

function summaryOf(sim: Simulator, seconds: number): SimulatorSummary {
  let calls = 0;
  for (const c of sim.totals.values()) calls += c.calls;
  for (const n of Object.values(sim.totalErrors)) calls += n;
  return { seconds, calls, hosts: sim.totals, errors: sim.totalErrors };
}

/** The agent's state of each host of the key, from its admin server; undefined when none answers or it lacks the key. */
async function lbStates(admins: string[], key: { modid: number; cmdid: number }, timeoutMs: number): Promise<Map<string, AgentHostState> | undefined> {
  try {
    const state = await fetchLbState({ admins, key, timeoutMs });
    return new Map((state.key?.hosts ?? []).map((h) => [`${h.ip}:${h.port}`, h.state]));
  } catch (err) {
    if (err instanceof LbStatusError) return undefined;
    throw err;
  }
}

/** Runs until `seconds` have passed (0: until SIGINT/SIGTERM), calling `onSecond` once a second. */
async function runFor(sim: Simulator, seconds: number, onSecond: () => Promise<void>): Promise<void> {
  let stopped = false;
  let wake: (() => void) | undefined;
  const stop = (): void => {
    stopped = true;
    wake?.();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const started = performance.now();
  sim.start();
  try {
    for (let s = 1; !stopped && (seconds === 0 || s <= seconds); s++) {
      const due = started + s * 1000;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, due - performance.now()));
        wake = (): void => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (stopped) break;
      await onSecond();
    }
  } finally {
    sim.stop();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
