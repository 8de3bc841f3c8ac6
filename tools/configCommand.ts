import type { Command } from './cli/command.js';
import { boolFlag, parseFlags, stringFlag } from './cli/args.js';
import { UsageError } from '../runtime/errors.js';
import { renderIniSection, renderMarkdownSection } from '../runtime/config/configDocs.js';
import type { SectionSpec } from '../runtime/config/configSchema.js';
import { roles, ROLE_NAMES, type RoleName } from '../actors/roles/index.js';
import { adminSection, supervisorSection } from './start/supervisorSections.js';
import { reactorSchema } from '../runtime/reactor/reactorConfig.js';

const help = `Usage: lars config --role dns|reporter|agent|console|reactor [--markdown]

Prints every config key of a role's ini file with its documentation and
default: exactly the file shipped as conf/ROLE.ini, ready to edit (or, with
--markdown, the README's tables of it).`;

/** What `--role` takes: the roles, and reactor for `lars qps-server`'s reactor.ini. */
export const CONFIG_ROLES: readonly string[] = [...ROLE_NAMES, 'reactor'];

/** The sections every role's file has; the README shows them once, with dns's admin port. */
export const SHARED_SECTIONS: readonly string[] = ['admin', 'supervisor'];

function roleHeader(role: string): string[] {
  return [
    `; Lars-TS ${role} role settings (\`node dist/supervisor.js --role ${role}\`, \`lars start --role ${role}\`).`,
    '; Every key shows its default; a missing file or key means the default.',
    '; Keys marked (reloadable) take effect on SIGHUP or POST /-/reload; other',
    '; changes need a restart (a reload keeps the running value and says so).',
    '; Unknown sections or keys are errors: a typo must not pass silently.',
  ];
}

// The roles do not read reactor.ini (a [reactor] section in their files is an
// unknown section); saying otherwise here sent operators to the wrong file.
const REACTOR_HEADER = [
  '; Lars-TS reactor settings for `lars qps-server`, the echo server of the',
  '; reactor benchmark. The roles do not read this file: their own ini files',
  '; set their listeners and links. Command-line flags override what is here.',
  '; Every key shows its default; unknown keys are errors.',
];

/** The sections of a role's file (or reactor.ini), in file order. */
export function configSections(role: string): Array<[string, SectionSpec]> {
  if (role === 'reactor') return [['reactor', reactorSchema]];
  if (!(ROLE_NAMES as readonly string[]).includes(role)) throw new UsageError(`--role ${JSON.stringify(role)}: expected one of ${CONFIG_ROLES.join(', ')}`);
  const entry = roles[role as RoleName];
  return [['admin', adminSection(entry.defaultAdminPort)], ['supervisor', supervisorSection], ...Object.entries(entry.sections)];
}

/** The commented ini file of a role (or `reactor`), exactly as shipped in conf/ (a test compares them). */
export function configFileText(role: string): string {
  const header = role === 'reactor' ? REACTOR_HEADER : roleHeader(role);
  const named = role === 'reactor' ? undefined : roles[role as RoleName]?.namedSections;
  const example = named === undefined ? '' : `\n${named.example.join('\n')}\n`;
  return `${header.join('\n')}\n\n${configSections(role).map(([name, spec]) => renderIniSection(name, spec)).join('\n')}${example}`;
}

/** The markdown tables of a role's sections, as the README carries them. */
export function configMarkdown(role: string): string {
  const named = role === 'reactor' ? undefined : roles[role as RoleName]?.namedSections;
  const sections = [...configSections(role), ...(named === undefined ? [] : [[`${named.name}.NAME`, named.spec] as [string, SectionSpec]])];
  return `${sections.map(([name, spec]) => renderMarkdownSection(name, spec)).join('\n\n')}\n`;
}

export const command: Command = {
  name: 'config',
  summary: 'print every config key of a role with its default (a commented ini file)',
  help,
  async run(argv) {
    const flags = parseFlags(argv, { role: { type: 'string' }, markdown: { type: 'boolean' } });
    const role = stringFlag(flags, 'role');
    process.stdout.write(boolFlag(flags, 'markdown') ? configMarkdown(role) : configFileText(role));
    return 0;
  },
};
