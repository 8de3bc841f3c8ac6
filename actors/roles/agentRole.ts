/**
 * agent role (DESIGN §1, §4): three `udp-server` actors (ports base_port …
 * base_port + 2, one RouteLb each) with direct channels to `dns-client`,
 * `reporter-client` and each other (a request on the wrong port goes to the
 * key's owner). Listed ingress first: on stop the UDP servers hand
 * their last reports to the reporter-client, which then flushes.
 */
import { siblingModule } from '../../runtime/actors/moduleUrl.js';
import { agentSections, checkCallerZone } from '../lb/core/agentConfig.js';
import { lbAdminRoute } from '../lb/lbAdminRoute.js';
import { registrationsAdminRoute } from '../lb/registrationsAdminRoute.js';
import { UDP_SERVER_COUNT } from '../lb/agentProtocol.js';
import type { DnsClientArgs } from '../lb/dnsClientActor.js';
import { thresholdsFromSection } from '../lb/core/lbConfig.js';
import type { ReporterClientArgs } from '../lb/reporterClientActor.js';
import { snapshotPathFor } from '../lb/core/routeSnapshotFile.js';
import type { UdpServerArgs } from '../lb/udpServerActor.js';
import { loadServiceDeclarations, SERVICE_EXAMPLE, SERVICE_SECTION, serviceSpec } from '../lb/serviceDeclarations.js';
import { udpServerFigures } from '../lb/udpServerFigures.js';
import { dnsClientFigures } from '../lb/dnsClientFigures.js';
import { reporterClientFigures } from '../lb/reporterClientFigures.js';
import { defineRole } from './roleEntry.js';

export const agentRole = defineRole({
  role: 'agent',
  configFile: 'agent.ini',
  defaultAdminPort: 9888,
  startsAfter: ['dns', 'reporter'],
  sections: agentSections,
  namedSections: { name: SERVICE_SECTION, load: loadServiceDeclarations, spec: serviceSpec, example: SERVICE_EXAMPLE },
  adminRoutes: ({ supervisor, timeoutMs }) => ({ '/lb': lbAdminRoute(supervisor, timeoutMs), '/registrations': registrationsAdminRoute(supervisor, timeoutMs) }),
  spec: {
    role: 'agent',
    actors: [
      {
        kind: 'udp-server',
        figures: udpServerFigures,
        // A core each under load: a shared thread would cost throughput on more cores.
        thread: 'own',
        module: siblingModule(import.meta.url, '../lb/udpServerActor'),
        count: UDP_SERVER_COUNT,
        args: ({ config, index }): UdpServerArgs => ({
          ip: config.agent.ip,
          port: config.agent.base_port + index,
          pullWaitMs: config.agent.pull_wait_ms,
          reportIntervalMs: config.agent.report_interval * 1000,
          snapshotPath: snapshotPathFor(config.agent.snapshot_path, index),
          snapshotIntervalMs: config.agent.snapshot_interval * 1000,
          maxKeys: config.agent.max_keys,
          thresholds: thresholdsFromSection(config.loadbalance),
          zone: checkCallerZone(config.agent.zone, 'agent.ini [agent] zone'),
        }),
      },
      {
        kind: 'dns-client',
        figures: dnsClientFigures,
        module: siblingModule(import.meta.url, '../lb/dnsClientActor'),
        args: ({ config }): DnsClientArgs => ({ addresses: config.dnsserver.addresses, link: config.link, linkGraceMs: config.agent.link_grace_ms, register: config.register, services: Object.values(config.service) }),
      },
      {
        kind: 'reporter-client',
        figures: reporterClientFigures,
        module: siblingModule(import.meta.url, '../lb/reporterClientActor'),
        args: ({ config }): ReporterClientArgs => ({
          addresses: config.reporter.addresses,
          caller: config.agent.caller,
          maxQueuedReports: config.reporter.max_queued_reports,
          link: config.link,
          linkGraceMs: config.agent.link_grace_ms,
        }),
      },
    ],
    links: [
      ['udp-server', 'dns-client'],
      ['udp-server', 'reporter-client'],
      ['udp-server', 'udp-server'],
    ],
  },
});
