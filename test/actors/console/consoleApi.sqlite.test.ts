/** The console's JSON API, call history and registrations over SQLite (a file per test). */
import t from 'tap';
import { join } from 'node:path';
import { apiSuite } from './suites/apiSuite.js';
import { historySuite } from './suites/historySuite.js';
import { registrationSuite } from './suites/registrationSuite.js';
import type { FreshUrl } from './fixtures/consoleFixture.js';

const fresh: FreshUrl = async (t) => `sqlite:${join(t.testdir(), 'lars.db')}`;
apiSuite(t, fresh);
historySuite(t, fresh);
registrationSuite(t, fresh);
