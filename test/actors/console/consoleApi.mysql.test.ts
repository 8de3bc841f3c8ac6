/** The console's JSON API and call history over MariaDB (a database per test; a failure under CI=true when the server is missing). */
import t from 'tap';
import { withTestDatabase } from '../../helpers/mysqlTestDb.js';
import { apiSuite } from './suites/apiSuite.js';
import { historySuite } from './suites/historySuite.js';
import type { FreshUrl } from './fixtures/consoleFixture.js';

const fresh: FreshUrl = async (t) => (await withTestDatabase(t))?.url;
apiSuite(t, fresh);
historySuite(t, fresh);
