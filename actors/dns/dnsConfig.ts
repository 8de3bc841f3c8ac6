/** `[dns]` in conf/dns.ini: the DNS service's listener and how it follows the store. */
import type { SectionValues } from '../../runtime/config/configSchema.js';

export const DEFAULT_STORE_URL = 'sqlite:./lars.db';

export const dnsSection = {
  ip: { kind: 'ipv4', default: '127.0.0.1', doc: 'Address the DNS service listens on for GetRouteRequest.' },
  port: { kind: 'int', default: 7778, min: 0, max: 65535, doc: 'TCP port of the DNS service (0: any free port).' },
  max_conn: { kind: 'int', default: 10_000, min: 1, max: 1_000_000, doc: 'Agent connections over this are accepted and closed at once (counted).' },
  max_out_bytes: { kind: 'int', default: 4 * 1024 * 1024, min: 65536, max: 1 << 30, doc: 'An agent that leaves this many bytes of replies and pushes unread is cut (counted), so it never delays the pushes to the others.' },
  max_subscriptions_per_conn: { kind: 'int', default: 300_000, min: 1, max: 100_000_000, doc: 'Keys one connection may subscribe to (default: one agent at max_keys on its three ports); past it GetRoute is answered but not subscribed (counted).' },
  max_subscriptions: { kind: 'int', default: 2_000_000, min: 1, max: 1_000_000_000, doc: 'Subscriptions over all connections; past it GetRoute is answered but not subscribed (counted).' },
  handshake_timeout_ms: { kind: 'int', default: 10_000, min: 0, max: 3_600_000, doc: 'A connection that sends no complete frame this long after connecting is closed (counted), beyond handshake_quiet_per_ip of them per remote address; an agent idle after its first request stays. 0: never.' },
  handshake_quiet_per_ip: { kind: 'int', default: 32, min: 0, max: 1_000_000, doc: 'Silent connections per remote address kept past handshake_timeout_ms: agents send nothing until an application asks for a first key, so an idle agent is not cut every timeout (counted as handshakeQuietKept); room for several agents behind one address (NAT, one host).' },
  store: { kind: 'string', default: DEFAULT_STORE_URL, doc: 'Route store: sqlite:PATH or mysql://user[:pass]@host:port/db, or a cluster\'s host list mysql://user[:pass]@h1:p1,h2:p2,h3:p3/db. --store wins.' },
  poll_interval: { kind: 'float', default: 1, min: 0.05, max: 3600, reloadable: true, doc: 'Seconds between RouteVersion polls; a committed change reaches the subscribed agents within about this long.' },
  reload_interval: { kind: 'float', default: 60, min: 1, max: 86_400, reloadable: true, doc: 'Seconds between full reloads of the route table, the safety net for edits that bypassed RouteChange.' },
  change_retention: { kind: 'float', default: 86_400, min: 60, max: 31_536_000, reloadable: true, doc: 'Seconds RouteChange rows are kept before pruning; a DNS replica that falls further behind than this catches up with a full reload instead.' },
  step_aside_after: { kind: 'float', default: 5, min: 0, max: 3600, reloadable: true, doc: 'Seconds without a successful store read before this replica closes its agent connections and port (agents fail over along their [dnsserver] list) until a read succeeds; 0: never.' },
  store_retry_max: { kind: 'float', default: 5, min: 0.05, max: 3600, reloadable: true, doc: 'Longest wait in seconds between polls while the store is down (the wait doubles from poll_interval up to this).' },
} as const;

export type DnsValues = SectionValues<typeof dnsSection>;

export const dnsSections = { dns: dnsSection };
