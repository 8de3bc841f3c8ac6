import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLars } from '../helpers/runLars.js';
import { roles, ROLE_NAMES } from '../../actors/roles/index.js';
import { loadRoleConfig } from '../../tools/start/roleConfig.js';

t.test('lars config prints an ini file that parses to the defaults', async (t) => {
  for (const role of ROLE_NAMES) {
    const r = await runLars(['config', '--role', role]);
    t.equal(r.code, 0, role);
    const dir = t.testdir({});
    writeFileSync(join(dir, roles[role].configFile), r.stdout);
    const printed = loadRoleConfig(roles[role], dir);
    const defaults = loadRoleConfig(roles[role], t.testdir({}));
    t.same({ ...printed, file: '' }, { ...defaults, file: '' }, `${role}: every key, every default`);
    t.match(r.stdout, /^; .+\n\w+ = /m, 'keys carry their documentation');
  }
});

t.test('markdown tables; bad role exits 2 with one line', async (t) => {
  const md = await runLars(['config', '--role', 'reactor', '--markdown']);
  t.equal(md.code, 0);
  t.match(md.stdout, /\| `max_conn` \| `1024` \|/);
  const bad = await runLars(['config', '--role', 'dnz']);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /^lars: --role "dnz": expected one of dns, reporter, agent, console, reactor\n$/);
});
