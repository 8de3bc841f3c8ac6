import type { Command } from './cli/command.js';
import { boolFlag, parseFlags, stringFlag } from './cli/args.js';
import { UsageError } from '../runtime/errors.js';
import { renderIniSection, renderMarkdownSection } from '../runtime/config/configDocs.js';
import { roles, ROLE_NAMES, type RoleName } from '../actors/roles/index.js';
import { adminSection, supervisorSection } from './start/supervisorSections.js';
import { reactorSchema } from '../runtime/reactor/reactorConfig.js';

const help = `Usage: lars config --role dns|reporter|agent|console|reactor [--markdown]

Prints every config key of a role's ini file with its documentation and
default, as a commented ini file ready to edit (or as markdown tables).`;

export const command: Command = {
  name: 'config',
  summary: 'print every config key of a role with its default (a commented ini file)',
  help,
  async run(argv) {
    const flags = parseFlags(argv, { role: { type: 'string' }, markdown: { type: 'boolean' } });
    const role = stringFlag(flags, 'role');
    const render = boolFlag(flags, 'markdown') ? renderMarkdownSection : renderIniSection;
    let sections: Array<[string, Parameters<typeof render>[1]]>;
    if (role === 'reactor') {
      sections = [['reactor', reactorSchema]];
    } else if ((ROLE_NAMES as readonly string[]).includes(role)) {
      const entry = roles[role as RoleName];
      sections = [['admin', adminSection(entry.defaultAdminPort)], ['supervisor', supervisorSection], ...Object.entries(entry.sections)];
    } else {
      throw new UsageError(`--role ${JSON.stringify(role)}: expected one of ${[...ROLE_NAMES, 'reactor'].join(', ')}`);
    }
    const markdown = boolFlag(flags, 'markdown');
    process.stdout.write(`${sections.map(([name, spec]) => render(name, spec)).join(markdown ? '\n\n' : '\n')}${markdown ? '\n' : ''}`);
    return 0;
  },
};
