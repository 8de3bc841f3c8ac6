/** The ini files we ship state every default truthfully: parsing them equals parsing nothing. */
import t from 'tap';
import { fileURLToPath } from 'node:url';
import { roles, ROLE_NAMES } from '../../actors/roles/index.js';
import { loadRoleConfig } from '../../tools/start/roleConfig.js';

const CONF = fileURLToPath(new URL('../../conf/', import.meta.url));

for (const name of ROLE_NAMES) {
  t.test(`conf/${roles[name].configFile}`, async (t) => {
    const shipped = loadRoleConfig(roles[name], CONF);
    const defaults = loadRoleConfig(roles[name], t.testdir({}));
    t.same({ ...shipped, file: '' }, { ...defaults, file: '' }, 'every key in the file is its default');
    for (const section of Object.keys(roles[name].sections)) t.ok(shipped.sections[section], `[${section}] parsed`);
  });
}
