/**
 * The supervisor as a real OS process over the test `counting` role, so
 * tests can send real signals without depending on the production roles
 * (which bind fixed service ports). Run with tap's TypeScript loader.
 */
import { supervisorMain } from '../../tools/start/supervisorMain.js';
import { countingRole } from './testRoles.js';
import { testWorkerExecArgv } from './workerExecArgv.js';

supervisorMain(process.argv.slice(2), { registry: { counting: countingRole(1) }, workerExecArgv: testWorkerExecArgv });
