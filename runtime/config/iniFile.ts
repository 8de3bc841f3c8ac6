/**
 * Reads an ini file into sections with the `ini` package. A missing file is
 * not an error for callers that pass `optional` (roles run on defaults); a
 * file that exists but cannot be read is.
 */
import { readFileSync } from 'node:fs';
import ini from 'ini';
import { ConfigError } from '../errors.js';

export type IniSections = Record<string, Record<string, unknown> | undefined>;

export function readIniFile(path: string, optional = false): IniSections {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (optional && (err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`${path}: cannot read config file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const parsed = ini.parse(text) as Record<string, unknown>;
  const sections: IniSections = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (value === null || typeof value !== 'object') {
      throw new ConfigError(`${path}: ${name}: key outside of any [section]`);
    }
    sections[name] = value as Record<string, unknown>;
  }
  return sections;
}
