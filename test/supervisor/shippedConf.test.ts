/**
 * The ini files we ship are `lars config` output, byte for byte, and state
 * every default truthfully: parsing them equals parsing nothing.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { roles, ROLE_NAMES } from '../../actors/roles/index.js';
import { loadRoleConfig } from '../../tools/start/roleConfig.js';
import { CONFIG_ROLES, configFileText } from '../../tools/configCommand.js';

const CONF = fileURLToPath(new URL('../../conf/', import.meta.url));

for (const name of ROLE_NAMES) {
  t.test(`conf/${roles[name].configFile}`, async (t) => {
    const shipped = loadRoleConfig(roles[name], CONF);
    const defaults = loadRoleConfig(roles[name], t.testdir({}));
    t.same({ ...shipped, file: '', setKeys: [] }, { ...defaults, file: '', setKeys: [] }, 'every key in the file is its default');
    t.notOk([...shipped.setKeys].some((k) => k.endsWith(' max_conn')), 'max_conn left unset: sized from the open-file limit');
    for (const section of Object.keys(roles[name].sections)) t.ok(shipped.sections[section], `[${section}] parsed`);
  });
}

for (const role of CONFIG_ROLES) {
  t.test(`conf/${role}.ini is what lars config prints`, async (t) => {
    const shipped = readFileSync(`${CONF}${role}.ini`, 'utf8');
    // t.equal on the whole text: tap's diff shows the drifted lines.
    t.equal(shipped, configFileText(role), `conf/${role}.ini drifted from the schema docs; regenerate: npm run build && node dist/tools/lars.js config --role ${role} > conf/${role}.ini`);
  });
}
