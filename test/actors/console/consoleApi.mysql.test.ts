/** The console's JSON API over MariaDB (a database per test; a failure under CI=true when the server is missing). */
import t from 'tap';
import { withTestDatabase } from '../../helpers/mysqlTestDb.js';
import { apiSuite } from './suites/apiSuite.js';

apiSuite(t, async (t) => (await withTestDatabase(t))?.url);
