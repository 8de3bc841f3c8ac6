import t, { type Test } from 'tap';
import { readFile, writeFile } from 'node:fs/promises';
import { runSupervisor, type SupervisorDeps } from '../../tools/start/runSupervisor.js';
import { countingRole, FakeSignals } from '../helpers/testRoles.js';
import { testWorkerExecArgv } from '../helpers/workerExecArgv.js';
import { unstamped } from '../helpers/logLines.js';

/** Collects output lines; `line(re)` resolves when one matches (already or later). */
function lines() {
  const seen: string[] = [];
  const waiters: Array<{ re: RegExp; resolve: (l: string) => void }> = [];
  const push = (l: string) => {
    seen.push(l);
    for (const w of [...waiters]) if (w.re.test(l)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(l);
    }
  };
  const line = (re: RegExp) => {
    const hit = seen.find((l) => re.test(l));
    return hit !== undefined ? Promise.resolve(hit) : new Promise<string>((resolve) => waiters.push({ re, resolve }));
  };
  return { seen, push, line };
}

function harness(t: Test) {
  const signals = new FakeSignals();
  const out = lines();
  const err = lines();
  let started: (url: string) => void = () => undefined;
  const adminUrl = new Promise<string>((resolve) => (started = resolve));
  const deps: SupervisorDeps = {
    registry: { counting: countingRole() },
    signals,
    out: out.push,
    err: err.push,
    workerExecArgv: testWorkerExecArgv,
    onStarted: (url) => started(url),
  };
  return { signals, out, err, adminUrl, deps, dir: t.testdir() };
}

t.test('start, /healthz and /metrics over HTTP, SIGHUP reload, SIGTERM flushes and exits 0', async (t) => {
  const h = harness(t);
  const ini = (label: string, crash: boolean) =>
    `[admin]\nadmin_port = 0\n[test]\nlabel = ${label}\nflush_file = ${h.dir}/flush\ncrash_on_start = ${crash}\n`;
  await writeFile(`${h.dir}/counting.ini`, ini('A', false));
  const exit = runSupervisor(['--role', 'counting', '--conf', h.dir], h.deps);
  const url = await h.adminUrl;
  t.match(unstamped(h.out.seen[0]), /^lars: started counting \(counter×2\); admin http:\/\/127\.0\.0\.1:\d+$/);

  const health = await fetch(`${url}/healthz`);
  t.equal(health.status, 200);
  t.same(await health.json(), { status: 'ok' });

  const metrics = await fetch(`${url}/metrics`);
  t.equal(metrics.status, 200);
  t.match(metrics.headers.get('content-type'), /text\/plain/);
  const text = await metrics.text();
  t.match(text, /lars_actor_up\{role="counting",actor="counter-0",state="running"\} 1/);
  t.match(text, /lars_actor_restarts_total\{role="counting",actor="counter-1"\} 0/);
  t.match(text, /lars_mailbox_depth\{role="counting",actor="counter-0"\} 0/);
  t.match(text, /lars_test_label_length\{role="counting",actor="counter-1"\} 1/);
  t.match(text, /lars_test_adds_total\{role="counting",actor="counter-0"\} 0/);
  t.match(text, /lars_process_cpu_seconds_total/);
  t.equal((await fetch(`${url}/nope`)).status, 404);

  await writeFile(`${h.dir}/counting.ini`, ini('BBB', true));
  h.signals.emit('SIGHUP');
  t.match(await h.err.line(/reload/), /counting\.ini: \[test\] crash_on_start changed; needs a restart \(running value kept\)/);
  const after = await (await fetch(`${url}/metrics`)).text();
  t.match(after, /lars_test_label_length\{role="counting",actor="counter-0"\} 3/, 'reloadable key reached the actor');
  t.match(after, /lars_test_reloads\{role="counting",actor="counter-0"\} 1/);

  const posted = await fetch(`${url}/-/reload`, { method: 'POST' });
  t.equal(posted.status, 500, 'control-plane reload reports the kept key too');
  t.match(await posted.json(), { reloaded: false, problems: [/crash_on_start changed/] });

  h.signals.emit('SIGTERM');
  t.equal(await exit, 0);
  t.same(h.err.seen.slice(-2).map(unstamped), ['lars: SIGTERM: stopping (again to exit at once)', 'lars: stopped']);
  t.same(JSON.parse(await readFile(`${h.dir}/flush.0`, 'utf8')), { label: 'BBB', total: 0 }, 'actor flushed on stop');
  t.same(JSON.parse(await readFile(`${h.dir}/flush.1`, 'utf8')), { label: 'BBB', total: 0 });
  t.equal(h.signals.count('SIGTERM') + h.signals.count('SIGINT') + h.signals.count('SIGHUP'), 0, 'signal handlers removed');
  await t.rejects(fetch(`${url}/healthz`), 'admin server closed');
});

t.test('an actor that cannot start stops the role with one line and exit 1, before started, without restarts', async (t) => {
  const h = harness(t);
  await writeFile(`${h.dir}/counting.ini`, '[admin]\nadmin_port = 0\n[supervisor]\ncrash_limit = 5\nrestart_backoff_min_ms = 5\n[test]\ncrash_on_start = true\n');
  t.equal(await runSupervisor(['--role', 'counting', '--conf', h.dir], h.deps), 1);
  t.equal(h.err.seen.length, 1, `one line: ${JSON.stringify(h.err.seen)}`);
  t.match(unstamped(h.err.seen[0]), /^lars: counting\/counter-\d could not start: refusing to start$/);
  t.same(h.out.seen, [], 'never reported started');
});

t.test('bad flags and config are user errors naming the culprit, before anything starts', async (t) => {
  const h = harness(t);
  await t.rejects(runSupervisor(['--role', 'nope'], h.deps), { code: 'USAGE', exitCode: 2, message: '--role "nope": expected one of counting, all' });
  await t.rejects(runSupervisor(['--role', 'counting', '--verbose'], h.deps), { code: 'USAGE', message: /--verbose/ });
  await t.rejects(runSupervisor(['--role', 'counting', '--store', 'postgres://x'], h.deps), { code: 'USAGE', message: /--store/ });
  await t.rejects(runSupervisor(['--role', 'counting', '--admin-port', '70000'], h.deps), { code: 'USAGE', message: /--admin-port/ });
  await writeFile(`${h.dir}/counting.ini`, '[supervisor]\nmailbox_overflow = explode\n');
  await t.rejects(runSupervisor(['--role', 'counting', '--conf', h.dir], h.deps), {
    code: 'BAD_CONFIG',
    exitCode: 2,
    message: `${h.dir}/counting.ini: [supervisor] mailbox_overflow = "explode": expected drop or reject`,
  });
  await writeFile(`${h.dir}/counting.ini`, '[supervisr]\ncrash_limit = 3\n');
  await t.rejects(runSupervisor(['--role', 'counting', '--conf', h.dir], h.deps), { code: 'BAD_CONFIG', message: /\[supervisr\]: unknown section/ });
  t.same(h.out.seen, []);
});

t.test('the admin port already taken: one line, exit 1, no actor left behind', async (t) => {
  const h = harness(t);
  const { createServer } = await import('node:net');
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  t.teardown(() => blocker.close());
  const port = (blocker.address() as import('node:net').AddressInfo).port;
  t.equal(await runSupervisor(['--role', 'counting', '--conf', h.dir, '--admin-port', String(port)], h.deps), 1);
  t.same(h.err.seen.map(unstamped), [`lars: admin: cannot listen on 127.0.0.1:${port} (EADDRINUSE)`]);
});
