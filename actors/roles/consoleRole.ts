/**
 * console role (issue 14): the `console` actor serves the web console and
 * its JSON API over the store, and probes the other roles for their health.
 */
import { siblingModule } from '../../runtime/actors/moduleUrl.js';
import { checkConsoleConfig, CONSOLE_SECTION, consoleSpec } from '../console/consoleConfig.js';
import type { ConsoleArgs } from '../console/consoleActor.js';
import { consoleFigures } from '../console/consoleFigures.js';
import { defineRole } from './roleEntry.js';

export const consoleRole = defineRole({
  role: 'console',
  configFile: 'console.ini',
  defaultAdminPort: 9701,
  sections: { [CONSOLE_SECTION]: consoleSpec },
  spec: {
    role: 'console',
    actors: [
      {
        kind: 'console',
        figures: consoleFigures,
        module: siblingModule(import.meta.url, '../console/consoleActor'),
        args: ({ config, store }): ConsoleArgs => ({
          config: checkConsoleConfig(config.console, 'console.ini'),
          storeUrl: store ?? config.console.store,
        }),
      },
    ],
  },
});
