/** The console's JSON API, call history and registrations over MariaDB (a database per test; a failure under CI=true when the server is missing). */
import t from 'tap';
import { withTestDatabase } from '../../helpers/mysqlTestDb.js';
import { apiSuite } from './suites/apiSuite.js';
import { historySuite } from './suites/historySuite.js';
import { registrationSuite } from './suites/registrationSuite.js';
import type { FreshUrl } from './fixtures/consoleFixture.js';

const fresh: FreshUrl = async (t) => (await withTestDatabase(t))?.url;
apiSuite(t, fresh);
historySuite(t, fresh);
registrationSuite(t, fresh);
