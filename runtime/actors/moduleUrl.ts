/**
 * URL of a module beside `base` (pass `import.meta.url`) with base's own
 * extension: `.ts` when running from source under tap, `.js` from `dist/`.
 * Worker and actor module URLs are built with it so one code path serves both.
 */
export function siblingModule(base: string, relative: string): string {
  const ext = new URL(base).pathname.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`${relative}${ext}`, base).href;
}
