import t from 'tap';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadRoleConfig, reloadRoleConfig } from '../../tools/start/roleConfig.js';
import { ROLE_NAMES, roles } from '../../actors/roles/index.js';
import { countingRole } from '../helpers/testRoles.js';

const shippedConf = fileURLToPath(new URL('../../conf/', import.meta.url));

t.test('the shipped conf/*.ini files parse; their [admin] and [supervisor] hold the documented defaults', async (t) => {
  for (const name of ROLE_NAMES) {
    const entry = roles[name];
    const shipped = loadRoleConfig(entry, shippedConf);
    const defaults = loadRoleConfig(entry, t.testdir());
    t.same([shipped.admin, shipped.supervisor, shipped.settings], [defaults.admin, defaults.supervisor, defaults.settings], `${entry.configFile} = defaults`);
  }
  t.equal(loadRoleConfig(roles.dns, shippedConf).admin.admin_port, 9778);
  t.equal(loadRoleConfig(roles.reporter, shippedConf).admin.admin_port, 9779);
  t.equal(loadRoleConfig(roles.agent, shippedConf).admin.admin_port, 9888);
});

t.test('settings derive from [supervisor]; role sections reach actors typed', async (t) => {
  const dir = t.testdir();
  await writeFile(`${dir}/counting.ini`, '[supervisor]\ncrash_limit = 2\nmailbox_overflow = reject\n[test]\nlabel = Z\n');
  const c = loadRoleConfig(countingRole(), dir);
  t.equal(c.settings.restart.crashLimit, 2);
  t.equal(c.settings.mailbox.overflow, 'reject');
  t.same(c.sections, { test: { label: 'Z', flush_file: '', stop_delay_ms: 0, crash_on_start: false } });
  t.same([c.settings.workers, c.settings.ownThreads], [undefined, undefined], 'auto: left to the pool, from the cores');
  await writeFile(`${dir}/counting.ini`, '[supervisor]\nworkers = 0\nown_threads = off\n');
  const main = loadRoleConfig(countingRole(), dir);
  t.same([main.settings.workers, main.settings.ownThreads], [0, false], 'workers = 0 and own_threads = off: everything on the main thread');
  await writeFile(`${dir}/counting.ini`, '[supervisor]\nworkers = 2\nown_threads = on\n');
  const own = loadRoleConfig(countingRole(), dir);
  t.same([own.settings.workers, own.settings.ownThreads], [2, true]);
});

t.test('reload takes reloadable keys and keeps the rest, naming them', async (t) => {
  const dir = t.testdir();
  await writeFile(`${dir}/counting.ini`, '[admin]\nadmin_port = 9000\n[supervisor]\ncrash_limit = 2\nmailbox_capacity = 1024\n[test]\nlabel = A\n');
  const running = loadRoleConfig(countingRole(), dir);
  await writeFile(`${dir}/counting.ini`, '[admin]\nadmin_port = 9001\n[supervisor]\ncrash_limit = 9\nmailbox_capacity = 2048\n[test]\nlabel = B\ncrash_on_start = yes\n');
  const { config, kept } = reloadRoleConfig(countingRole(), dir, running);
  t.same(kept.sort(), ['[admin] admin_port', '[supervisor] mailbox_capacity', '[test] crash_on_start']);
  t.equal(config.admin.admin_port, 9000);
  t.equal(config.settings.mailbox.capacity, 1024);
  t.equal(config.settings.restart.crashLimit, 9);
  t.equal(config.sections['test']?.['label'], 'B');
  t.equal(config.sections['test']?.['crash_on_start'], false);
});

t.test('bad values and names fail with the file, section and key', async (t) => {
  const dir = t.testdir();
  const bad: Array<[string, RegExp]> = [
    ['[supervisor]\nstop_timeout_ms = 10\n', /\[supervisor\] stop_timeout_ms = "10": expected an integer between 100 and 600000/],
    ['[supervisor]\nrestart_backoff_min_ms = 500\nrestart_backoff_max_ms = 100\n', /restart_backoff_max_ms = 100: expected >= restart_backoff_min_ms \(500\)/],
    ['[admin]\nadmin_host = localhost\n', /\[admin\] admin_host = "localhost": expected an IPv4 address/],
    ['[admin]\nport = 1\n', /\[admin\] port: unknown key/],
    ['stray = 1\n', /stray: key outside of any \[section\]/],
    ['[supervisor]\nworkers = -1\n', /\[supervisor\] workers = "-1": expected auto or a whole number from 0 to 256/],
    ['[supervisor]\nown_threads = yes\n', /\[supervisor\] own_threads = "yes": expected auto, on or off/],
  ];
  for (const [text, re] of bad) {
    await writeFile(`${dir}/counting.ini`, text);
    t.throws(() => loadRoleConfig(countingRole(), dir), { code: 'BAD_CONFIG', message: re });
  }
});

t.test('agent.ini: an empty snapshot_path turns snapshots off; an absent one is the default path', async (t) => {
  const udpArgs = (dir: string): string[] => {
    const config = loadRoleConfig(roles.agent, dir);
    const udp = roles.agent.spec.actors.find((a) => a.kind === 'udp-server');
    return [0, 1, 2].map((index) => (udp?.args?.({ config: config.sections, index, store: undefined }) as { snapshotPath: string }).snapshotPath);
  };
  const off = t.testdir({ 'agent.ini': '[agent]\nsnapshot_path =\n' });
  t.equal(loadRoleConfig(roles.agent, off).sections['agent']?.['snapshot_path'], '');
  t.same(udpArgs(off), ['', '', ''], 'no UDP actor gets a file');
  const absent = t.testdir({ 'agent.ini': '[agent]\nbase_port = 9000\n' });
  t.same(udpArgs(absent), ['./var/agent-routes-0.json', './var/agent-routes-1.json', './var/agent-routes-2.json']);
});
