import t from 'tap';
import { runLars, startLars } from '../helpers/runLars.js';

t.test('lars --help lists the commands; unknown command exits 2', async (t) => {
  const help = await runLars(['--help']);
  t.equal(help.code, 0);
  t.match(help.stdout, /qps-server/);
  t.match(help.stdout, /qps-client/);
  const bad = await runLars(['frobnicate']);
  t.equal(bad.code, 2);
  t.equal(bad.stderr.trim().split('\n').length, 1, 'one line');
  t.match(bad.stderr, /unknown command "frobnicate"/);
});

t.test('each qps command has --help', async (t) => {
  for (const cmd of ['qps-server', 'qps-client']) {
    const r = await runLars([cmd, '--help']);
    t.equal(r.code, 0, cmd);
    t.match(r.stdout, new RegExp(`Usage: lars ${cmd}`));
  }
});

t.test('bad flags and values: one line, exit 2, no stack', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [['qps-server', '--bogus'], /Unknown option '--bogus'/],
    [['qps-server', '--port', 'abc'], /--port "abc": expected an integer/],
    [['qps-server', '--ip', '1.2.3'], /\[reactor\] ip = "1.2.3"/],
    [['qps-client', '--conns', '0'], /--conns "0": expected an integer between 1 and 10000/],
  ];
  for (const [args, re] of cases) {
    const r = await runLars(args);
    t.equal(r.code, 2, args.join(' '));
    t.match(r.stderr, re);
    t.equal(r.stderr.trim().split('\n').length, 1);
    t.notMatch(r.stderr, /at .*\.js:\d+/);
  }
});

t.test('qps-client against qps-server: every echo checked, no errors', async (t) => {
  const server = startLars(t, ['qps-server', '--port', '0']);
  const port = (await server.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1] as string;
  const r = await runLars(['qps-client', '--port', port, '--conns', '3', '--seconds', '1', '--json']);
  t.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout) as { replies: number; errors: Record<string, number> };
  t.ok(result.replies > 100, `${result.replies} replies`);
  t.same(result.errors, { mismatch: 0, badLength: 0, closed: 0 });
  // The server prints its counters on SIGTERM and exits 0.
  t.equal(await server.stop(), 0);
  const counters = JSON.parse(server.output.split('\n').find((l) => l.startsWith('{')) ?? '{}') as Record<string, number>;
  t.ok((counters['framesIn'] ?? 0) >= result.replies, 'server counted the frames');
});

t.test('qps-client with no server: one line, exit 1', async (t) => {
  const r = await runLars(['qps-client', '--port', '1', '--conns', '1', '--seconds', '1']);
  t.equal(r.code, 1);
  t.match(r.stderr, /cannot reach echo server at 127\.0\.0\.1:1/);
});

t.test('qps-server on a taken port: one line, exit 1', async (t) => {
  const first = startLars(t, ['qps-server', '--port', '0']);
  const port = (await first.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1] as string;
  const r = await runLars(['qps-server', '--port', port]);
  t.equal(r.code, 1);
  t.match(r.stderr, /cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE/);
});
