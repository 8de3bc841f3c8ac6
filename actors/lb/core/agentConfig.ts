/** The agent's ini sections besides [loadbalance] (see lbConfig.ts). */
import { zoneProblem } from '../../../proto/hostMeta.js';
import type { SectionValues } from '../../../runtime/config/configSchema.js';
import { ConfigError } from '../../../runtime/errors.js';
import { LOADBALANCE_SECTION, loadBalanceSpec } from './lbConfig.js';

export const agentSection = {
  ip: { kind: 'ipv4', default: '127.0.0.1', doc: 'Address the three UDP ports listen on.' },
  base_port: { kind: 'int', default: 8888, min: 1, max: 65533, doc: 'First UDP port; key (modid, cmdid) is owned by base_port + (modid + cmdid) % 3, and a request sent to one of the other two ports is handed to the owner and answered from the port asked (counted as wrongPort).' },
  pull_wait_ms: { kind: 'int', default: 50, min: 1, max: 10_000, doc: 'How long a first request for a new key waits for its route.' },
  report_interval: { kind: 'float', default: 1, min: 0.05, max: 3600, doc: 'Seconds between aggregated status reports (one per key).' },
  caller: { kind: 'ipv4', default: '127.0.0.1', doc: 'This agent as the caller in ServerCallStatus rows.' },
  snapshot_path: {
    kind: 'string', default: './var/agent-routes.json', keepEmpty: true,
    doc: 'Routes are saved here (one file per UDP port, suffixed) and served at start before DNS answers; set empty (snapshot_path =) for no snapshots, an absent key means the default.',
  },
  snapshot_interval: { kind: 'float', default: 10, min: 0.1, max: 86_400, doc: 'Seconds between route snapshots (only when routes changed).' },
  max_keys: { kind: 'int', default: 100_000, min: 1, max: 10_000_000, doc: 'Keys per UDP port; requests for more get RET_SYSTEM_ERROR.' },
  link_grace_ms: { kind: 'int', default: 5000, min: 0, max: 3_600_000, doc: 'No DNS or no reporter connection for this long makes /healthz answer 503 with the reason.' },
  zone: {
    kind: 'string', default: '',
    doc: 'This agent\'s zone (letters, digits, . _ -, at most 32): getHost prefers idle hosts of this zone and hosts without one, ' +
      'spilling to other zones as [loadbalance] zone_spill_threshold and zone_min_hosts say; empty: no zone preference.',
  },
} as const;

export const dnsServerSection = {
  addresses: { kind: 'addresses', default: '127.0.0.1:7778', doc: 'DNS services, tried in turn (fail over).' },
} as const;

export const reporterLinkSection = {
  addresses: { kind: 'addresses', default: '127.0.0.1:7779', doc: 'Reporter services, tried in turn (fail over).' },
  max_queued_reports: { kind: 'int', default: 10_000, min: 0, max: 10_000_000, doc: 'Reports kept while no reporter is reachable; more are dropped (counted).' },
} as const;

export const linkSection = {
  connect_timeout_ms: { kind: 'int', default: 2000, min: 1, max: 600_000, doc: 'Give up a connect attempt to DNS or the reporter after this long.' },
  backoff_min_ms: { kind: 'int', default: 100, min: 1, max: 600_000, doc: 'First reconnect delay; doubles per failure, jittered.' },
  backoff_max_ms: { kind: 'int', default: 10_000, min: 1, max: 3_600_000, doc: 'Reconnect delay cap.' },
} as const;

export const registerSection = {
  token: {
    kind: 'string', default: '', reloadable: true,
    doc: 'Sent to DNS with every registration, as dns.ini [register] token expects; empty sends none (a DNS without a token takes registrations from loopback peers only).',
  },
  renew_interval_ms: {
    kind: 'int', default: 3000, min: 100, max: 60_000, reloadable: true,
    doc: 'The agent renews every instance it holds with DNS this often, in one stream (as many frames as it takes), and sooner when an instance\'s ttl needs it (at least three renewals per ttl).',
  },
  answer_wait_ms: {
    kind: 'int', default: 1500, min: 10, max: 60_000, reloadable: true,
    doc: 'How long an application\'s first register waits for the DNS\'s answer before it is answered RET_UNAVAILABLE; later heartbeats are answered from the agent\'s table at once.',
  },
  max_instances: { kind: 'int', default: 10_000, min: 1, max: 1_000_000, reloadable: true, doc: 'Instances the agent holds; a register past it is answered RET_SYSTEM_ERROR.' },
} as const;

export const agentSections = {
  agent: agentSection,
  dnsserver: dnsServerSection,
  register: registerSection,
  reporter: reporterLinkSection,
  link: linkSection,
  [LOADBALANCE_SECTION]: loadBalanceSpec,
} as const;

/** The caller's zone as configured ('' for none); throws ConfigError when it is not a zone name. */
export function checkCallerZone(zone: string, where: string): string {
  const problem = zoneProblem(zone);
  if (problem !== undefined) throw new ConfigError(`${where}: ${problem}`);
  return zone;
}

export type LinkValues = SectionValues<typeof linkSection>;
export type RegisterValues = SectionValues<typeof registerSection>;
