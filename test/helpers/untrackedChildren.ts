/**
 * Imported into every test process by tap (package.json "tap"."node-arg"):
 * the processes a test spawns (role processes, the lars CLI, fixtures) start
 * without tap's process tracker.
 *
 * Why: @tapjs/processinfo hooks every spawn (process-on-spawn) and puts
 * `--import=…/@tapjs/processinfo/…/import.mjs` into the child's NODE_OPTIONS
 * whatever env the spawn passes (an env with NODE_OPTIONS: '' gets it too).
 * That import registers an off-thread module loader: about 1 s more for each
 * node start here, 2–5 s on a loaded 2-core machine, paid by every CLI run
 * and role process of the suite. The tracker only feeds coverage, which the
 * tap config disables. Test processes themselves keep it (tap needs it there).
 *
 * This listener runs after the tracker's (it is added later) and takes the
 * tracker's --import back out of NODE_OPTIONS; any other option stays.
 */
import { addListener } from 'process-on-spawn';
import { TRACKER, withoutTracker } from './nodeOptionsWithoutTracker.js';

addListener((spawned) => {
  const options = spawned.env['NODE_OPTIONS'];
  if (options === undefined || !TRACKER.test(options)) return;
  const rest = withoutTracker(options);
  if (rest === '') delete spawned.env['NODE_OPTIONS'];
  else spawned.env['NODE_OPTIONS'] = rest;
});
