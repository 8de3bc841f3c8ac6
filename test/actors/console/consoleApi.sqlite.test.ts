/** The console's JSON API over SQLite (a file per test). */
import t from 'tap';
import { join } from 'node:path';
import { apiSuite } from './suites/apiSuite.js';

apiSuite(t, async (t) => `sqlite:${join(t.testdir(), 'lars.db')}`);
