/**
 * agent role (DESIGN §1, §4): three `udp-server` actors (ports 8888-8890,
 * one RouteLb each) talking directly to `dns-client` and `reporter-client`.
 * Not built yet: every kind runs the stub actor until actors/lb lands.
 * Listed ingress first: on stop the UDP servers drain into the clients,
 * then the clients flush.
 */
import { siblingModule } from '../../runtime/actors/moduleUrl.js';
import { defineRole } from './roleEntry.js';

const NOT_BUILT = siblingModule(import.meta.url, './notBuiltActor');

export const agentRole = defineRole({
  role: 'agent',
  configFile: 'agent.ini',
  defaultAdminPort: 9888,
  sections: {},
  spec: {
    role: 'agent',
    actors: [
      { kind: 'udp-server', module: NOT_BUILT, count: 3 },
      { kind: 'dns-client', module: NOT_BUILT },
      { kind: 'reporter-client', module: NOT_BUILT },
    ],
    links: [
      ['udp-server', 'dns-client'],
      ['udp-server', 'reporter-client'],
    ],
  },
});
