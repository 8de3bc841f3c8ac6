/**
 * `[console]` in console.ini: where the console listens, who may edit, how
 * often it reads the store, and how much call history it keeps. A console
 * bound to anything but loopback refuses to start without a token: an open
 * edit endpoint on a network would let anyone rewrite the route table.
 */
import type { SectionSpec, SectionValues } from '../../runtime/config/configSchema.js';
import { ConfigError } from '../../runtime/errors.js';
import { allowedHostsSpec, isLoopback } from '../../runtime/admin/requestSite.js';

export const CONSOLE_SECTION = 'console';

export const consoleSpec = {
  ip: { kind: 'ipv4', default: '127.0.0.1', doc: 'Address the console serves HTTP on; anything but 127.x needs a token.' },
  port: { kind: 'int', default: 9700, min: 0, max: 65535, doc: 'HTTP port of the console (0: any free port).' },
  token: {
    kind: 'string', default: '', reloadable: true,
    doc: 'Edits (add/remove host) need it as "Authorization: Bearer TOKEN"; required when ip is not loopback. Empty: none.',
  },
  allowed_hosts: allowedHostsSpec,
  store: { kind: 'string', default: 'sqlite:./lars.db', doc: 'Store URL (sqlite:PATH or mysql://user[:pass]@host:port/db); --store wins.' },
  poll_interval: { kind: 'float', default: 1, min: 0.1, max: 60, reloadable: true, doc: 'Seconds between reads of routes and call stats; pages refresh as often.' },
  history_writer: {
    kind: 'bool', default: true,
    doc: 'This console may write CallHistory. Consoles with it on share a lease in the store: one writes (renewed every poll), the others stand by and take over within 3 x poll_interval if it stops. false: never write.',
  },
  history_bucket: { kind: 'int', default: 10, min: 1, max: 3600, doc: 'Seconds per CallHistory bucket (one chart point).' },
  history_retention: { kind: 'int', default: 21_600, min: 60, max: 31_536_000, reloadable: true, doc: 'Seconds of CallHistory kept; older buckets are pruned.' },
  dns: { kind: 'addresses', default: '127.0.0.1:7778', doc: 'DNS replicas shown on the roles page (TCP reachability).' },
  reporters: { kind: 'addresses', default: '127.0.0.1:7779', doc: 'Reporters shown on the roles page (TCP reachability).' },
  admin: { kind: 'addresses', default: '127.0.0.1:9778', doc: 'Admin servers whose /healthz the roles page shows.' },
  max_body_bytes: { kind: 'int', default: 16_384, min: 256, max: 1_048_576, doc: 'Largest API request body; bigger ones get 413.' },
} satisfies SectionSpec;

export type ConsoleConfig = SectionValues<typeof consoleSpec>;

/** Cross-key rules the per-key bounds cannot express. */
export function checkConsoleConfig(cfg: ConsoleConfig, where: string): ConsoleConfig {
  if (!isLoopback(cfg.ip) && cfg.token === '') {
    throw new ConfigError(`${where}: [console] token: required when ip = ${cfg.ip} (not loopback): edits must not be open to the network`);
  }
  return cfg;
}
