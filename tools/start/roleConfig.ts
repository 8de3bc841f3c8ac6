/**
 * Loads one role's ini file into typed values: [admin], [supervisor] and the
 * role's own sections. Unknown sections and keys are errors naming them. A
 * reload keeps the old value of every key not marked reloadable and says so.
 */
import { join } from 'node:path';
import { ConfigError } from '../../runtime/errors.js';
import { parseSection, type SectionSpec } from '../../runtime/config/configSchema.js';
import { readIniFile } from '../../runtime/config/iniFile.js';
import type { SupervisionSettings } from '../../runtime/actors/roleSupervisor.js';
import type { RoleEntry } from '../../actors/roles/roleEntry.js';
import { adminSection, supervisionSettings, supervisorSection, type SupervisorValues } from './supervisorSections.js';

export interface RoleConfig {
  file: string;
  admin: { admin_port: number; admin_host: string; token: string; allowed_hosts: string[] };
  supervisor: SupervisorValues;
  settings: SupervisionSettings;
  /** The role's own sections, parsed: what actors' `args` functions receive. */
  sections: Record<string, Record<string, unknown>>;
  /** "section key" of every key the file sets; the rest are defaults (max_conn is sized from the open-file limit when unset). */
  setKeys: ReadonlySet<string>;
}

type AllSpecs = Record<string, SectionSpec>;

function specsOf(entry: RoleEntry): AllSpecs {
  return { admin: adminSection(entry.defaultAdminPort), supervisor: supervisorSection, ...entry.sections };
}

export function loadRoleConfig(entry: RoleEntry, confDir: string): RoleConfig {
  const file = join(confDir, entry.configFile);
  const raw = readIniFile(file, true);
  const specs = specsOf(entry);
  const named = entry.namedSections;
  for (const name of Object.keys(raw)) {
    if (!Object.hasOwn(specs, name) && name !== named?.name) throw new ConfigError(`${file}: [${name}]: unknown section (known: ${[...Object.keys(specs), ...(named === undefined ? [] : [`${named.name}.NAME`])].join(', ')})`);
  }
  const parsed: Record<string, Record<string, unknown>> = {};
  for (const [name, spec] of Object.entries(specs)) parsed[name] = parseSection(name, spec, raw[name], file) as Record<string, unknown>;
  if (named !== undefined) parsed[named.name] = named.load(raw[named.name], file);
  const setKeys = new Set(Object.entries(raw).flatMap(([section, values]) => Object.keys(values ?? {}).map((key) => `${section} ${key}`)));
  return assemble(file, parsed, entry, setKeys);
}

/**
 * Re-reads the file; keys not marked reloadable keep their running value.
 * `kept` lists them ("[admin] admin_port") so the operator learns a restart is needed.
 */
export function reloadRoleConfig(entry: RoleEntry, confDir: string, running: RoleConfig): { config: RoleConfig; kept: string[] } {
  const fresh = loadRoleConfig(entry, confDir);
  const kept: string[] = [];
  const merged: Record<string, Record<string, unknown>> = {};
  const before = flatten(running);
  for (const [name, spec] of Object.entries(specsOf(entry))) {
    const next = { ...(flatten(fresh)[name] ?? {}) };
    for (const [key, field] of Object.entries(spec)) {
      const old = before[name]?.[key];
      if (!field.reloadable && JSON.stringify(old) !== JSON.stringify(next[key])) {
        kept.push(`[${name}] ${key}`);
        next[key] = old;
      }
    }
    merged[name] = next;
  }
  const named = entry.namedSections?.name;
  if (named !== undefined) merged[named] = fresh.sections[named] ?? {};
  return { config: assemble(fresh.file, merged, entry, fresh.setKeys), kept };
}

function flatten(c: RoleConfig): Record<string, Record<string, unknown>> {
  return { admin: c.admin, supervisor: c.supervisor, ...c.sections };
}

function assemble(file: string, parsed: Record<string, Record<string, unknown>>, entry: RoleEntry, setKeys: ReadonlySet<string>): RoleConfig {
  const { admin, supervisor, ...rest } = parsed;
  const sup = supervisor as SupervisorValues;
  const sections: Record<string, Record<string, unknown>> = {};
  for (const name of [...Object.keys(entry.sections), ...(entry.namedSections === undefined ? [] : [entry.namedSections.name])]) sections[name] = rest[name] ?? {};
  return {
    file,
    admin: admin as RoleConfig['admin'],
    supervisor: sup,
    settings: supervisionSettings(sup, file),
    sections,
    setKeys,
  };
}
