/**
 * reporter role (DESIGN §1, §4): `reporter-server` accepts status reports,
 * coalesces them and hands batches to its piscina write pool. Not built
 * yet: the stub actor stands in until the reporter service lands.
 */
import { siblingModule } from '../../runtime/actors/moduleUrl.js';
import { defineRole } from './roleEntry.js';

export const reporterRole = defineRole({
  role: 'reporter',
  configFile: 'reporter.ini',
  defaultAdminPort: 9779,
  sections: {},
  spec: {
    role: 'reporter',
    actors: [{ kind: 'reporter-server', module: siblingModule(import.meta.url, './notBuiltActor') }],
  },
});
