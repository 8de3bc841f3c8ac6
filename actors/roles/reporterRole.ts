/**
 * reporter role (DESIGN §1, §4): `reporter-server` accepts status reports,
 * coalesces them per (modid, cmdid, ip, port, caller) and hands batches to
 * its piscina write pool.
 */
import { siblingModule } from '../../runtime/actors/moduleUrl.js';
import { checkReporterConfig, REPORTER_SECTION, reporterSpec } from '../reporter/reporterConfig.js';
import type { ReporterServerArgs } from '../reporter/reporterServerActor.js';
import { reporterServerFigures } from '../reporter/reporterServerFigures.js';
import { defineRole } from './roleEntry.js';

export const reporterRole = defineRole({
  role: 'reporter',
  configFile: 'reporter.ini',
  defaultAdminPort: 9779,
  sections: { [REPORTER_SECTION]: reporterSpec },
  spec: {
    role: 'reporter',
    actors: [
      {
        kind: 'reporter-server',
        figures: reporterServerFigures,
        module: siblingModule(import.meta.url, '../reporter/reporterServerActor'),
        args: ({ config, store }): ReporterServerArgs => ({
          config: checkReporterConfig(config.reporter, 'reporter.ini'),
          storeUrl: store ?? config.reporter.store,
        }),
      },
    ],
  },
});
