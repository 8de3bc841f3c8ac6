import t, { type Test } from 'tap';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { CheckRunner, checkSpecProblem, type CheckVerdict } from '../../../actors/lb/core/checkRunner.js';
import { FakeScheduler } from '../../helpers/fakeScheduler.js';

async function listening(t: Test): Promise<number> {
  const s: Server = createServer((c) => c.destroy());
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => s.close(() => r())));
  return (s.address() as AddressInfo).port;
}

async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function runner(t: Test) {
  const scheduler = new FakeScheduler();
  const reports: Array<[string, CheckVerdict]> = [];
  const waiters: Array<() => void> = [];
  const lines: string[] = [];
  const r = new CheckRunner({
    scheduler,
    now: () => 5_000,
    report: (key, v) => {
      reports.push([key, v]);
      waiters.shift()?.();
    },
    log: (line) => lines.push(line),
  });
  t.teardown(() => r.stopAll());
  const reported = async (n: number): Promise<void> => {
    while (reports.length < n) await new Promise<void>((w) => waiters.push(w));
  };
  return { r, scheduler, reports, reported, lines };
}

t.test('each instance gets its check; verdicts go to report; the same spec again keeps it running', async (t) => {
  const up = await listening(t);
  const down = await deadPort();
  const { r, scheduler, reports, reported, lines } = runner(t);
  r.specChanged('1/1 10.0.0.1:80', `tcp://127.0.0.1:${up}`);
  r.specChanged('1/1 10.0.0.2:80', { url: `tcp://127.0.0.1:${down}`, intervalMs: 1000, timeoutMs: 500, fall: 1, rise: 1 });
  t.equal(r.size, 2);
  t.same(r.verdict('1/1 10.0.0.1:80'), { passing: false, detail: 'not checked yet' });
  await reported(2);
  t.same(new Map(reports), new Map<string, unknown>([
    ['1/1 10.0.0.1:80', { passing: true, detail: `tcp://127.0.0.1:${up}` }],
    ['1/1 10.0.0.2:80', { passing: false, detail: `connect ECONNREFUSED 127.0.0.1:${down}` }],
  ]));
  t.match(lines, [/10\.0\.0\.2:80: check tcp:\/\/127\.0\.0\.1:\d+ fails from the start: connect ECONNREFUSED/]);
  t.match(r.counts(), { checks: 2, passing: 1, failing: 1, transitions: 0, probes: 2, failedProbes: 1 });

  const timers = scheduler.live();
  r.specChanged('1/1 10.0.0.1:80', { url: `tcp://127.0.0.1:${up}`, intervalMs: 5000, timeoutMs: 2000, fall: 3, rise: 2 });
  t.equal(scheduler.live(), timers, 'an equal spec (defaults spelled out) is the same check');
  t.equal(r.status('1/1 10.0.0.1:80')?.probes, 1);

  r.specChanged('1/1 10.0.0.1:80', { url: `tcp://127.0.0.1:${up}`, intervalMs: 5000, timeoutMs: 2000, fall: 1, rise: 2 });
  t.same(r.verdict('1/1 10.0.0.1:80'), { passing: false, detail: 'not checked yet' }, 'a new spec starts over');
  await reported(3);
  t.same(reports[2], ['1/1 10.0.0.1:80', { passing: true, detail: `tcp://127.0.0.1:${up}` }]);
  t.match(r.counts(), { checks: 2, probes: 3 }, 'counts of the replaced check are kept');

  r.specChanged('1/1 10.0.0.2:80', undefined);
  t.equal(r.size, 1);
  t.equal(r.verdict('1/1 10.0.0.2:80'), undefined);
  t.equal(scheduler.live(1000), 0, 'its next probe is cancelled');
  r.stopAll();
  t.equal(scheduler.live(), 0);
  t.match(r.counts(), { checks: 0, passing: 0, failing: 0, probes: 3, failedProbes: 1 });
});

t.test('a flip is logged and reported with the reason', async (t) => {
  const down = await deadPort();
  const s: Server = createServer((c) => c.destroy());
  const { r, scheduler, reports, reported, lines } = runner(t);
  r.specChanged('2/2 10.0.0.3:81', { url: `tcp://127.0.0.1:${down}`, intervalMs: 1000, timeoutMs: 500, fall: 1, rise: 1 });
  await reported(1);
  await new Promise<void>((res) => s.listen(down, '127.0.0.1', res));
  t.teardown(() => new Promise<void>((res) => s.close(() => res())));
  scheduler.fire((ms) => ms === 1000);
  await reported(2);
  t.same(reports[1], ['2/2 10.0.0.3:81', { passing: true, detail: `tcp://127.0.0.1:${down}` }]);
  t.match(lines[1], /2\/2 10\.0\.0\.3:81: check tcp:\/\/127\.0\.0\.1:\d+ now passing \(1 passed in a row\)/);
  t.match(r.counts(), { transitions: 1 });
});

t.test('a spec that cannot run is reported failing with why, and nothing runs', async (t) => {
  const { r, scheduler, reports } = runner(t);
  r.specChanged('3/3 10.0.0.4:82', { url: 'ftp://127.0.0.1:21', intervalMs: 5000, timeoutMs: 2000, fall: 3, rise: 2 });
  t.same(reports, [['3/3 10.0.0.4:82', { passing: false, detail: 'check_spec.url must be tcp://HOST:PORT or http://HOST:PORT/path, got "ftp://127.0.0.1:21"' }]]);
  t.equal(r.size, 0);
  t.equal(scheduler.live(), 0);
  t.equal(checkSpecProblem({ url: 'tcp://127.0.0.1:1', intervalMs: 1 }), 'check_spec.intervalMs must be an integer from 10 to 3600000, got 1');
  t.equal(checkSpecProblem('tcp://127.0.0.1:1'), undefined);
});
