/**
 * Children of a test process start without tap's process tracker (it adds
 * seconds to every node start on this machine): test/helpers/untrackedChildren.ts,
 * loaded by tap's node-arg. Fails when the package.json "tap" config loses
 * the import or a tap upgrade changes how the tracker reaches children.
 */
import t from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
// Not untrackedChildren.js itself: importing it would install the hook this test checks tap installs.
import { withoutTracker } from './nodeOptionsWithoutTracker.js';

const TRACKER_IMPORT = '--import=file:///x/node_modules/@tapjs/processinfo/dist/esm/import.mjs';
const childNodeOptions = (env?: NodeJS.ProcessEnv): string =>
  execFileSync(process.execPath, ['-p', 'JSON.stringify(process.env.NODE_OPTIONS ?? null)'], env ? { env } : {}).toString().trim();

t.test('this test process runs under the tracker (so the check below means something)', async (t) => {
  t.match(process.execArgv.join(' '), /@tapjs\/processinfo/);
});

t.test('a spawned node has no tracker import, whatever env it is given', async (t) => {
  t.notMatch(childNodeOptions(), /processinfo/, 'inherited env');
  t.notMatch(childNodeOptions({ ...process.env, NODE_OPTIONS: '' }), /processinfo/, "NODE_OPTIONS: ''");
  t.match(JSON.parse(childNodeOptions({ ...process.env, NODE_OPTIONS: '--max-old-space-size=300' })), /^"?--max-old-space-size=300"?$/, 'other options kept');
  // The tracker, once loaded, hooks the child's own spawns through this global.
  const r = spawnSync(process.execPath, ['-e', "process.stdout.write(String(Symbol.for('process-on-spawn@*:singletonId') in globalThis))"]);
  t.equal(r.stdout.toString(), 'false', 'the tracker is not loaded in the child');
});

t.test('withoutTracker takes out only the tracker import', async (t) => {
  t.equal(withoutTracker(TRACKER_IMPORT), '');
  t.equal(withoutTracker(`"${TRACKER_IMPORT}"`), '');
  t.equal(withoutTracker(`--enable-source-maps ${TRACKER_IMPORT} --max-old-space-size=300`), '--enable-source-maps --max-old-space-size=300');
  t.equal(withoutTracker('--import /x/@tapjs/processinfo/import.mjs --trace-warnings'), '--trace-warnings');
  t.equal(withoutTracker('--import=./mine.mjs'), '--import=./mine.mjs');
});
