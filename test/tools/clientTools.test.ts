/**
 * `lars get-host`, `get-route`, `simulator` and `bench api` as a user runs
 * them (dist/, built by `npm run build`), against the agent fixture in a
 * child process. Checks output and exit status, including "no agent" (a
 * silent port and the largest route: getRouteLarge.test.ts).
 */
import t from 'tap';
import { runLars as runLarsWithEnv, LARS_BIN, type CliResult } from '../helpers/runLars.js';
import { WatchedProcess } from '../../bench/watchedProcess.js';
import { freePortTriple } from '../helpers/agentFixture.js';
import { startAgentFixtureProcess } from '../helpers/agentFixtureProcess.js';

// tap's NODE_OPTIONS loads its process tracker into every child; these
// children need none of it, and it triples their start-up time.
const runLars = (args: string[]): Promise<CliResult> => runLarsWithEnv(args, { env: { NODE_OPTIONS: '' } });

const H1 = { ip: '10.0.0.1', port: 8001 };
const H2 = { ip: '10.0.0.2', port: 8002 };
const H3 = { ip: '200.1.2.3', port: 8003 };

const agent = await startAgentFixtureProcess(t, {
  pullWaitMs: 20,
  routes: [
    { modid: 1, cmdid: 1, hosts: [H1, H2, H3] },
    { modid: 2, cmdid: 1, hosts: [H1, H2] }, // simulator, json
    { modid: 2, cmdid: 2, hosts: [H1, H2] }, // simulator, text
    { modid: 3, cmdid: 1, hosts: [H1] }, // bench
    { modid: 4, cmdid: 1, hosts: [H1, { ...H2, weight: 4 }] }, // simulator, weights
  ],
});
const base = ['--base-port', String(agent.basePort)];
const noAgentPort = String(await freePortTriple());

const json = (r: CliResult): Record<string, unknown> => JSON.parse(r.stdout) as Record<string, unknown>;
const allJsonLines = (r: CliResult): Array<Record<string, unknown>> =>
  r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
/** The simulator's per-second lines, without its closing {"summary": ...}. */
const jsonLines = (r: CliResult): Array<Record<string, unknown>> => allJsonLines(r).filter((l) => l['summary'] === undefined);

t.test('every tool has --help (exit 0) and a one-line error with exit 2 on bad use', async (t) => {
  const tools = [['get-host'], ['get-route'], ['simulator'], ['bench', 'api']];
  // Independent processes: run them side by side to keep the suite short.
  const helps = await Promise.all(tools.map((tool) => runLars([...tool, '--help'])));
  for (const [i, tool] of tools.entries()) {
    const r = helps[i] as CliResult;
    t.equal(r.code, 0, `${tool.join(' ')} --help`);
    t.match(r.stdout, new RegExp(`^Usage: lars ${tool.join(' ')} --modid M --cmdid C`));
    t.match(r.stdout, /Exit status/);
  }
  const cases: Array<[string[], RegExp]> = [
    [['get-host', '--modid', '1'], /^lars: --cmdid is required\n$/],
    [['get-host', '--modid', '1', '--cmdid', '1', '--count', '0'], /^lars: --count "0": expected an integer between 1 and/],
    [['get-route', '--modid', '1', '--cmdid', '99999999999'], /^lars: --cmdid "99999999999": expected an integer between -2147483648 and 2147483647\n$/],
    [['get-route', '--modid', '1', '--cmdid', '1', '--colour'], /^lars: Unknown option '--colour'/],
    [['simulator', '--modid', '1', '--cmdid', '1', '--fail', '10.0.0.1=0.5'], /^lars: --fail "10.0.0.1=0.5": expected HOST:PORT=RATE/],
    [['simulator', '--modid', '1', '--cmdid', '1', '--fail', '10.0.0.1:80=1.5'], /RATE from 0 to 1/],
    [['bench', '--modid', '1', '--cmdid', '1'], /^lars: bench: say what to drive: lars bench api/],
    [['bench', 'rpc', '--modid', '1', '--cmdid', '1'], /^lars: bench: unknown benchmark "rpc" \(there is: api\)\n$/],
  ];
  const results = await Promise.all(cases.map(([args]) => runLars(args)));
  for (const [i, [args, err]] of cases.entries()) {
    const r = results[i] as CliResult;
    t.equal(r.code, 2, args.join(' '));
    t.match(r.stderr, err);
    t.equal(r.stderr.trim().split('\n').length, 1, 'one line');
  }
});

t.test('get-host prints each chosen host, rotating, and the key\'s agent port', async (t) => {
  const r = await runLars(['get-host', '--modid', '1', '--cmdid', '1', '--count', '4', ...base]);
  t.equal(r.code, 0, r.stderr);
  t.equal(
    r.stdout,
    `get-host 1/1 from agent 127.0.0.1:${agent.basePort + 2}\n1  10.0.0.1:8001\n2  10.0.0.2:8002\n3  200.1.2.3:8003\n4  10.0.0.1:8001\n4 of 4 calls got a host\n`,
  );
  const j = await runLars(['get-host', '--modid', '1', '--cmdid', '1', '--json', ...base]);
  t.equal(j.code, 0);
  t.match(json(j), { modid: 1, cmdid: 1, ok: 1, failed: 0, answers: [{ retcode: 0, code: 'OK', ip: /^\d+\.\d+\.\d+\.\d+$/, port: Number }] });
});

t.test('get-host shows the retcode when the key has no hosts (exit 1)', async (t) => {
  // A cold key waits for DNS; on a loaded CI machine that can pass the default 100 ms, and the retcode is what is checked.
  const slow = ['--timeout-ms', '2000'];
  const r = await runLars(['get-host', '--modid', '1', '--cmdid', '2', ...slow, ...base]);
  t.equal(r.code, 1);
  t.match(r.stdout, /^get-host 1\/2 from agent 127\.0\.0\.1:\d+\n1  NOEXIST \(retcode 3 RET_NOEXIST\)\n$/);
  const j = await runLars(['get-host', '--modid', '1', '--cmdid', '2', '--json', ...slow, ...base]);
  t.equal(j.code, 1);
  t.match(json(j), { ok: 0, failed: 1, answers: [{ retcode: 3, code: 'NOEXIST', message: 'getHost(1, 2): the agent knows no host for this key' }] });
});

t.test('get-route lists every host; an unknown key has none (exit 1)', async (t) => {
  const r = await runLars(['get-route', '--modid', '1', '--cmdid', '1', ...base]);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, `route 1/1 from agent 127.0.0.1:${agent.basePort + 2}: 3 hosts\n  10.0.0.1:8001   weight 1\n  10.0.0.2:8002   weight 1\n  200.1.2.3:8003  weight 1\n`);
  const j = await runLars(['get-route', '--modid', '1', '--cmdid', '1', '--json', ...base]);
  t.same(json(j), { modid: 1, cmdid: 1, agent: `127.0.0.1:${agent.basePort + 2}`, hosts: [H1, H2, H3].map((h) => ({ ...h, weight: 1 })) });
  const none = await runLars(['get-route', '--modid', '5', '--cmdid', '5', ...base]);
  t.equal(none.code, 1);
  t.equal(none.stdout, 'route 5/5: no hosts (the agent knows none for this key)\n');
});

t.test('every tool says plainly when nothing listens on the port: the refusal, not a timeout (exit 1)', async (t) => {
  // A long timeout: the refusal arrives long before it, however loaded the machine.
  const key = ['--modid', '1', '--cmdid', '1', '--base-port', noAgentPort, '--timeout-ms', '3000'];
  const down = new RegExp(`nothing listens on 127\\.0\\.0\\.1:${Number(noAgentPort) + 2} \\(the port for key 1/1\\): ECONNREFUSED; is the agent running\\?`);
  const tools = [['get-host'], ['get-route'], ['simulator', '--seconds', '1'], ['bench', 'api', '--seconds', '1']];
  const results = await Promise.all(tools.map((tool) => runLars([...tool, ...key])));
  for (const [i, tool] of tools.entries()) {
    const r = results[i] as CliResult;
    t.equal(r.code, 1, tool.join(' '));
    t.match(r.stderr, down);
    t.equal(r.stderr.trim().split('\n').length, 1);
  }
  const j = await runLars(['get-host', '--json', ...key]);
  t.match(json(j), { ok: 0, answers: [{ code: 'UNREACHABLE', retcode: null }], error: down });
});

t.test('simulator --json: the agent steers away from a host that always fails', async (t) => {
  const r = await runLars(['simulator', '--modid', '2', '--cmdid', '1', '--fail', '10.0.0.2:8002=1', '--seconds', '2', '--rate', '200', '--json', ...base,
    // What is checked is the steering and that no call is lost; a loaded CI machine can stall a turn past 100 ms.
    '--timeout-ms', '2000']);
  t.equal(r.code, 0, r.stderr);
  const lines = jsonLines(r);
  t.same(lines.map((l) => l['second']), [1, 2]);
  const summary = allJsonLines(r).at(-1)?.['summary'] as { calls: number; hosts: Array<{ host: string; calls: number; failed: number }> } | undefined;
  t.ok(summary !== undefined && summary.calls > 0, 'a last line sums the whole run up');
  const last = lines[1] as { calls: number; errors: Record<string, number>; hosts: Array<{ host: string; share: number; state: string; failed: number; failRate: number }> };
  t.ok(last.calls > 50, `about 200 calls a second (${last.calls})`);
  const bad = last.hosts.find((h) => h.host === '10.0.0.2:8002');
  const good = last.hosts.find((h) => h.host === '10.0.0.1:8001');
  // 15 failures in a row overload it; from then on it gets only every 10th call (the probe).
  t.match(bad, { state: 'overloaded', failRate: 1 });
  t.ok(bad !== undefined && bad.share > 0 && bad.share <= 0.15, `bad host only probed (share ${bad?.share})`);
  t.equal(bad?.failed, Math.round((bad?.share ?? 0) * last.calls), 'each of its calls failed');
  t.match(good, { state: 'idle', failRate: 0, failed: 0 });
  t.ok(good !== undefined && good.share >= 0.85, `good host takes the rest (share ${good?.share})`);
  t.same(last.errors, { OVERLOAD: 0, NOEXIST: 0, TIMEOUT: 0, UNREACHABLE: 0, SYSTEM: 0 });
});

t.test('simulator without a terminal prints one plain block per second', async (t) => {
  const r = await runLars(['simulator', '--modid', '2', '--cmdid', '2', '--fail', '10.0.0.2:8002=100%', '--seconds', '2', '--timeout-ms', '2000', ...base]);
  t.equal(r.code, 0, r.stderr);
  t.notMatch(r.stdout, /\x1b/, 'no cursor movement when stdout is not a TTY');
  const blocks = r.stdout.trim().split('\n\n');
  t.equal(blocks.length, 3, 'two seconds, then the summary');
  t.match(blocks[2], /^lars simulator: \d+ calls in \d+\.\d s\n {2}10\.0\.0\.\d:800\d +\d+ calls +\d+ failed\n/);
  t.equal(r.stdout.split('eff: the weight').length - 1, 1, 'the legend once, not every second, when stdout is not a terminal');
  t.match(blocks[0], /^lars simulator {2}key 2\/2 {2}agent 127\.0\.0\.1:\d+ {2}200 calls\/s {3}second 1 {3}\d+ calls\n/);
  t.match(blocks[1], /second 2/);
  t.match(blocks[1], /10\.0\.0\.2:8002 +\d+ +\d+\.\d% +#*\.+ +\d+ +100\.0% +1 +0\.\d\d +overloaded\n/);
  t.match(blocks[1], /10\.0\.0\.1:8001 +\d+ +\d+\.\d% +#+\.* +0 +0\.0% +1 +1\.\d\d +idle\n/);
  t.match(blocks[1], /getHost errors: OVERLOAD 0 {2}NOEXIST 0 {2}TIMEOUT 0 {2}UNREACHABLE 0 {2}SYSTEM 0/);
});

t.test('simulator ends on SIGINT and SIGTERM with a summary of the run, exit 0', async (t) => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const p = new WatchedProcess([LARS_BIN, 'simulator', '--modid', '2', '--cmdid', '2', '--fail', '10.0.0.2:8002=1', '--timeout-ms', '2000', ...base], { env: { NODE_OPTIONS: '' } });
    t.teardown(() => p.kill());
    await p.waitFor(/second 1 /);
    p.child.kill(signal);
    t.equal(await p.exited, 0, signal);
    t.match(p.output, /\nlars simulator: \d+ calls in \d+\.\d s\n(?: {2}10\.0\.0\.\d:800\d +\d+ calls +\d+ failed\n){2} {2}getHost errors: OVERLOAD \d+/, `${signal}: calls, per-host counts, errors`);
  }
});

t.test('simulator shows each host\'s weight and the effective weight the agent\'s picks gave it', async (t) => {
  type Row = { host: string; weight: number; effectiveWeight: number; state: string };
  const last = async (extra: string[]): Promise<Row[]> => {
    const r = await runLars(['simulator', '--modid', '4', '--cmdid', '1', '--seconds', '1', '--rate', '500', '--json', '--timeout-ms', '2000', ...extra, ...base]);
    t.equal(r.code, 0, r.stderr);
    return (jsonLines(r).at(-1) as { hosts: Row[] }).hosts;
  };
  // Shares count every call, so a call timed out on a loaded machine (default 100 ms) would skew them: 2 s above.
  const byRoute = await last([]);
  t.match(byRoute.find((h) => h.host === '10.0.0.1:8001'), { weight: 1, state: 'idle' });
  t.match(byRoute.find((h) => h.host === '10.0.0.2:8002'), { weight: 4, state: 'idle' });
  for (const h of byRoute) t.ok(Math.abs(h.effectiveWeight - h.weight) <= 0.3, `${h.host}: effective ${h.effectiveWeight} ≈ weight ${h.weight}`);
  // Expecting equal weights where the route says 1:4: the effective column shows the difference.
  const expected = await last(['--weights', '10.0.0.1:8001=1,10.0.0.2:8002=1']);
  t.match(expected.map((h) => h.weight), [1, 1]);
  const heavy = expected.find((h) => h.host === '10.0.0.2:8002');
  t.ok(heavy !== undefined && Math.abs(heavy.effectiveWeight - 1.6) <= 0.15, `effective ${heavy?.effectiveWeight} ≈ 1.6 (4/5 of a total weight of 2)`);
  const bad = await runLars(['simulator', '--modid', '4', '--cmdid', '1', '--weights', '10.0.0.1:8001=0', ...base]);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /^lars: --weights "10\.0\.0\.1:8001=0": expected HOST:PORT=W,\.\.\. with W from 1 to 1000/);
});

t.test('bench api reports pairs/s, latency percentiles and errors by code', async (t) => {
  const j = await runLars(['bench', 'api', '--modid', '3', '--cmdid', '1', '--clients', '4', '--seconds', '1', '--json', ...base]);
  t.equal(j.code, 0, j.stderr);
  const r = json(j) as { clients: number; pairs: number; pairsPerSecond: number; p50Ms: number; p99Ms: number; errors: Record<string, number> };
  t.match(r, { bench: 'api', clients: 4, modid: 3, cmdid: 1 });
  t.ok(r.pairs > 0 && r.pairsPerSecond > 0, `${r.pairsPerSecond} pairs/s`);
  t.ok(r.p50Ms > 0 && r.p99Ms >= r.p50Ms);
  t.same(r.errors, { OVERLOAD: 0, NOEXIST: 0, TIMEOUT: 0, UNREACHABLE: 0, SYSTEM: 0 });
  const text = await runLars(['bench', 'api', '--modid', '9', '--cmdid', '9', '--clients', '2', '--seconds', '1', ...base]);
  t.equal(text.code, 1, 'a key without hosts: every call fails');
  t.match(text.stdout, /^bench api: 2 clients, [\d.]+ s, key 9\/9 on 127\.0\.0\.1:\d+\n {2}\d+ getHost\+report pairs\/s \(0 pairs\)\n {2}getHost p50 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms\n {2}errors: NOEXIST \d+\n$/);
});
