/**
 * The supervisor as a real process. The built CLI (`node dist/supervisor.js`,
 * `lars start`; npm test builds dist/ first) for exit codes and one-line
 * errors; the same entry over the test `counting` role for real signals, so
 * the test does not depend on production roles and their fixed ports.
 */
import t from 'tap';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { testWorkerExecArgv } from '../helpers/workerExecArgv.js';
import { unstamped } from '../helpers/logLines.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SUPERVISOR = `${root}dist/supervisor.js`;
const LARS = `${root}dist/tools/lars.js`;
const COUNTING_MAIN = fileURLToPath(new URL('../helpers/countingSupervisorMain.ts', import.meta.url));

interface Run {
  code: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first stdout line matching `re`. */
  line(re: RegExp): Promise<string>;
  /** Same for stderr. */
  errLine(re: RegExp): Promise<string>;
  kill(signal: NodeJS.Signals): void;
}

function run(script: string, args: string[], nodeArgs: string[] = []): Run {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const text = { out: '', err: '' };
  const waiters: Array<{ stream: 'out' | 'err'; re: RegExp; resolve: (l: string) => void }> = [];
  const check = (): void => {
    for (const w of [...waiters]) {
      const hit = text[w.stream].split('\n').find((l) => w.re.test(l));
      if (hit === undefined) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(hit);
    }
  };
  child.stdout.on('data', (d: Buffer) => {
    text.out += d.toString();
    check();
  });
  child.stderr.on('data', (d: Buffer) => {
    text.err += d.toString();
    check();
  });
  const wait = (stream: 'out' | 'err', re: RegExp) =>
    new Promise<string>((resolve) => {
      waiters.push({ stream, re, resolve });
      check();
    });
  const code = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return {
    code,
    stdout: () => text.out,
    stderr: () => text.err,
    line: (re) => wait('out', re),
    errLine: (re) => wait('err', re),
    kill: (s) => child.kill(s),
  };
}

t.before(() => {
  if (!existsSync(SUPERVISOR)) throw new Error('dist/supervisor.js missing: run npm run build first');
});

t.test('user mistakes: exit 2 with exactly one line on stderr', async (t) => {
  const dir = t.testdir({ 'dns.ini': '[supervisor]\ncrash_limit = lots\n' });
  const cases: Array<[string, string[], RegExp]> = [
    [SUPERVISOR, ['--role', 'nope'], /^lars: --role "nope": expected one of dns, reporter, agent, console, all$/],
    [SUPERVISOR, ['--role', 'dns', '--bogus'], /^lars: Unknown option '--bogus'/],
    [SUPERVISOR, [], /^lars: --role is required$/],
    [SUPERVISOR, ['--role', 'dns', '--conf', dir], /^lars: .*dns\.ini: \[supervisor\] crash_limit = "lots": expected an integer between 0 and 1000000$/],
    [LARS, ['start', '--role', 'nope'], /^lars: --role "nope"/],
  ];
  for (const [script, args, re] of cases) {
    const r = run(script, args);
    t.equal(await r.code, 2, args.join(' '));
    const lines = r.stderr().trimEnd().split('\n');
    t.equal(lines.length, 1, `one line for ${args.join(' ')}`);
    t.match(unstamped(lines[0]), re);
  }
});

t.test('a real process: admin over HTTP, SIGHUP reloads, SIGTERM stops cleanly with exit 0', async (t) => {
  const dir = t.testdir({ 'counting.ini': '[admin]\nadmin_port = 0\n[supervisor]\nstop_timeout_ms = 3000\n' });
  const r = run(COUNTING_MAIN, ['--role', 'counting', '--conf', dir], testWorkerExecArgv);
  t.teardown(() => r.kill('SIGKILL'));
  const started = await r.line(/lars: started/);
  t.match(unstamped(started), /^lars: started counting \(counter\); admin http:\/\/127\.0\.0\.1:\d+$/);
  const url = /admin (http:\/\/\S+)/.exec(started)?.[1] ?? '';
  t.same(await (await fetch(`${url}/healthz`)).json(), { status: 'ok' });
  const metrics = await (await fetch(`${url}/metrics`)).text();
  t.match(metrics, /lars_actor_up\{role="counting",actor="counter",state="running"\} 1/);
  t.match(metrics, /^lars_shared_threads [01]$/m, 'the shared threads running now');
  t.match(metrics, /^# TYPE lars_shared_threads_lost_total counter\nlars_shared_threads_lost_total 0$/m, 'and the lost ones, counted');

  r.kill('SIGHUP');
  await r.errLine(/ lars: config reloaded$/);
  r.kill('SIGTERM');
  t.equal(await r.code, 0);
  t.match(unstamped(r.stderr()), /lars: SIGTERM: stopping[^\n]*\nlars: stopped\n$/);
});

t.test('a real process: a second SIGINT exits at once with 130', async (t) => {
  const dir = t.testdir({ 'counting.ini': '[admin]\nadmin_port = 0\n[test]\nstop_delay_ms = 60000\n' });
  const r = run(COUNTING_MAIN, ['--role', 'counting', '--conf', dir], testWorkerExecArgv);
  t.teardown(() => r.kill('SIGKILL'));
  await r.line(/lars: started/);
  r.kill('SIGINT');
  await r.errLine(/stopping/);
  r.kill('SIGINT');
  t.equal(await r.code, 130);
  t.match(r.stderr(), /lars: SIGINT again: exiting now\n$/);
});
