/** The package version (`lars --version`), read from package.json next to dist/ or the sources. */
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  for (const dir of ['../../', '../../../']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(`${dir}package.json`, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'lars-ts' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not this level
    }
  }
  return 'unknown';
}
