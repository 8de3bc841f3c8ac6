/**
 * `lars route add|set` zone and tag flags, in process (the compiled CLI's
 * exit status and one-line message for a bad zone are in dbRoute.test.ts):
 * each breach of proto/hostMeta.ts's rules and each bad combination is a
 * UsageError (exit 2) naming the text as typed, before any store is opened.
 */
import t from 'tap';
import { command } from '../../tools/route/routeCommand.js';

const host = ['--modid', '1', '--cmdid', '2', '--ip', '1.2.3.4', '--port', '80', '--store', 'sqlite:/nonexistent/never-opened.db'];

t.test('bad zones, tags and combinations are usage errors naming what was typed', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [['set', ...host, '--zone', 'z'.repeat(33)], /^route set: zone "z{33}" is longer than 32/],
    [['add', ...host, '--tag', 'version'], /^route add: tag "version" is not key=value/],
    [['add', ...host, '--tag', 'v=a b'], /^route add: tag "v=a b": a value has only printable ASCII/],
    [['set', ...host, '--tag', 'a=1', '--tag', 'a=2'], /^route set: tag key "a" given twice/],
    [['add', ...host, ...Array.from({ length: 9 }, (_, i) => ['--tag', `k${i}=v`]).flat()], /^route add: 9 tags: at most 8/],
    [['set', ...host, '--zone', 'a', '--no-zone'], /^route set: --zone and --no-zone together/],
    [['set', ...host, '--tag', 'a=1', '--no-tags'], /^route set: --tag and --no-tags together/],
    [['set', ...host], /^route set: nothing to set/],
    [['del', ...host, '--zone', 'a'], /^route del: --zone is not taken/],
    [['disable', ...host, '--tag', 'a=1'], /^route disable: --tag is not taken/],
    [['add', ...host, '--no-tags'], /^route add: --no-tags is not taken/],
    [['list', '--zone', 'a'], /^route list: --zone is not a list filter/],
  ];
  for (const [argv, re] of cases) await t.rejects(command.run(argv), { code: 'USAGE', message: re }, argv.filter((a) => !host.includes(a)).join(' '));
});
