#!/usr/bin/env node
/**
 * `node dist/supervisor.js --role dns|reporter|agent|console|all [--conf DIR] [--store URL]`
 * (also `lars start ...`); see tools/start/runSupervisor.ts for flags and exit codes.
 */
import { supervisorMain } from './tools/start/supervisorMain.js';

supervisorMain(process.argv.slice(2));
