/**
 * The shipped systemd unit (conf/systemd/lars@.service) runs flags the
 * supervisor accepts: every supervisor command line in it, for every role,
 * run with --check against the shipped conf/ (a real process each), and the
 * unit's bounds agree with the config defaults.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ROLE_NAMES, roles } from '../../actors/roles/index.js';
import { loadRoleConfig } from '../../tools/start/roleConfig.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const UNIT = readFileSync(new URL('../../conf/systemd/lars@.service', import.meta.url), 'utf8');

function settings(name: string): string[] {
  return UNIT.split('\n').filter((l) => l.startsWith(`${name}=`)).map((l) => l.slice(name.length + 1));
}

/** The unit's supervisor command lines for one role, as this checkout would run them. */
function supervisorLines(role: string): string[][] {
  return ['ExecStartPre', 'ExecStart', 'ExecReload']
    .flatMap(settings)
    .filter((l) => l.includes('dist/supervisor.js'))
    .map((l) => l.replaceAll('%i', role).replace('/etc/lars', 'conf').split(/\s+/).slice(1));
}

for (const role of ROLE_NAMES) {
  t.test(`lars@${role}: every supervisor command line is accepted`, async (t) => {
    const lines = supervisorLines(role);
    t.equal(lines.length, 3, 'start check, start, reload check');
    for (const args of lines) {
      const withCheck = args.includes('--check') ? args : [...args, '--check'];
      const r = spawnSync(process.execPath, withCheck, { cwd: REPO, encoding: 'utf8' });
      t.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      t.match(r.stdout, new RegExp(`config ok: ${role} \\(conf/${role}\\.ini\\)`));
    }
  });
}

t.test('bounds: stop timeout, no restart on a config mistake, descriptors for max_conn', async (t) => {
  const stopMs = Math.max(...ROLE_NAMES.map((r) => loadRoleConfig(roles[r], t.testdir({})).supervisor.stop_timeout_ms));
  t.ok(Number(settings('TimeoutStopSec')[0]) * 1000 > stopMs, 'systemd waits longer than the graceful stop bound');
  t.same(settings('Restart'), ['on-failure']);
  t.ok(settings('RestartPreventExitStatus')[0]?.split(/\s+/).includes('2'), 'exit 2 (config or flag mistake) is not restarted');
  const maxConn = Math.max(...ROLE_NAMES.map((r) => Number(loadRoleConfig(roles[r], t.testdir({})).sections[r]?.['max_conn'] ?? 0)));
  t.ok(Number(settings('LimitNOFILE')[0]) >= maxConn + 128, 'LimitNOFILE holds the default max_conn');
  t.match(settings('ExecReload').at(-1) ?? '', /kill -HUP \$MAINPID$/, 'reload is SIGHUP, after the check');
});
