/**
 * Reads sql/<name>.sql. Compiled code runs from dist/store/, sources from
 * store/ (under tap), so the sql/ directory is one or two levels up.
 */
import { readFileSync } from 'node:fs';
import { StoreError } from './storeError.js';

const CANDIDATES = ['../sql/', '../../sql/'];

export function readSchemaFile(name: 'mysql.sql' | 'sqlite.sql'): string {
  for (const dir of CANDIDATES) {
    try {
      return readFileSync(new URL(dir + name, import.meta.url), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  throw new StoreError('STORE_FAILED', `schema file sql/${name} not found next to ${import.meta.url}`);
}

/** Statements of a schema file: split on ";" ending a line, comment lines dropped. */
export function schemaStatements(text: string): string[] {
  const body = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n');
  return body
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
