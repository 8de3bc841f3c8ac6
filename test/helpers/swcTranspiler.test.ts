/**
 * Test files are transpiled by swc, not TypeScript's transpileModule: tap's
 * ts-node loader reads tsconfig.test.json (TS_NODE_PROJECT, set by
 * package.json "tap"."test-env"; without it ts-node reads tsconfig.json) and
 * its "ts-node": { "swc": true }. Measured here (2026-12-08, load ~18): a
 * test importing the client, the store and the role-process helper took 4.4
 * CPU-s to start with transpileModule, 2.4 with swc; every test file pays it.
 * Fails when the config loses the setting or @swc/core is not installed.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';

t.test('ts-node runs this file with tsconfig.test.json, which asks for swc', async (t) => {
  t.equal(basename(process.env['TS_NODE_PROJECT'] ?? ''), 'tsconfig.test.json', 'TS_NODE_PROJECT from tap\'s test-env');
  const config = JSON.parse(readFileSync(new URL('../../tsconfig.test.json', import.meta.url), 'utf8')) as { 'ts-node'?: { swc?: boolean } };
  t.equal(config['ts-node']?.swc, true);
  const swc = createRequire(import.meta.url)('@swc/core') as { version: string };
  t.match(swc.version, /^\d+\.\d+\.\d+/, '@swc/core loads on this machine');
});
