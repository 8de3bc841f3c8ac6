import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLars } from '../helpers/runLars.js';
import { roles, ROLE_NAMES } from '../../actors/roles/index.js';
import { loadRoleConfig } from '../../tools/start/roleConfig.js';
import { CONFIG_ROLES, SHARED_SECTIONS, configFileText, configMarkdown, configSections } from '../../tools/configCommand.js';
import { markdownRows, renderIniSection, renderMarkdownSection } from '../../runtime/config/configDocs.js';

t.test('lars config prints an ini file that parses to the defaults', async (t) => {
  for (const role of ROLE_NAMES) {
    const r = await runLars(['config', '--role', role]);
    t.equal(r.code, 0, role);
    const dir = t.testdir({});
    writeFileSync(join(dir, roles[role].configFile), r.stdout);
    const printed = loadRoleConfig(roles[role], dir);
    const defaults = loadRoleConfig(roles[role], t.testdir({}));
    t.same({ ...printed, file: '', setKeys: [] }, { ...defaults, file: '', setKeys: [] }, `${role}: every key, every default`);
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

t.test('the README carries every generated config table verbatim', async (t) => {
  const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
  for (const role of CONFIG_ROLES) {
    // [admin] and [supervisor] are shown once, as dns.ini has them.
    const sections = configSections(role).filter(([name]) => role === 'dns' || !SHARED_SECTIONS.includes(name));
    const regenerate = `regenerate from: npm run build && node dist/tools/lars.js config --role ${role} --markdown`;
    for (const [name, spec] of sections) {
      const keys = Object.keys(spec);
      markdownRows(spec).forEach((row, i) => t.ok(readme.includes(`\n${row}\n`), `README.md has the ${role} [${name}] ${keys[i]} row`, { expected: row, fix: regenerate }));
      // The whole table too: a row of a removed key must not linger.
      t.ok(readme.includes(`${renderMarkdownSection(name, spec)}\n`), `README.md has the whole ${role} [${name}] table`, { fix: regenerate });
    }
  }
});

t.test('lars config --role X prints configFileText(X); --markdown prints configMarkdown(X)', async (t) => {
  for (const role of CONFIG_ROLES) {
    const ini = await runLars(['config', '--role', role]);
    t.equal(ini.stdout, configFileText(role), role);
    const md = await runLars(['config', '--role', role, '--markdown']);
    t.equal(md.stdout, configMarkdown(role), `${role} --markdown`);
  }
});

t.test('empty defaults: "key =" with no trailing blank, "(empty)" in docs and tables', async (t) => {
  const spec = { token: { kind: 'string', default: '', doc: 'A secret' } } as const;
  t.equal(renderIniSection('s', spec), '[s]\n; A secret. Default: (empty)\ntoken =\n');
  t.same(markdownRows(spec), ['| `token` | (empty) |  | A secret. |']);
});
