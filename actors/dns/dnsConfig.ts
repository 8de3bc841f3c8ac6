/** `[dns]` in conf/dns.ini: the DNS service's listener and how it follows the store; `[register]`: instances that register themselves. */
import type { SectionValues } from '../../runtime/config/configSchema.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_QUERY_TIMEOUT_MS } from '../../store/store.js';

export const DEFAULT_STORE_URL = 'sqlite:./lars.db';

export const dnsSection = {
  ip: { kind: 'ipv4', default: '127.0.0.1', doc: 'Address the DNS service listens on for GetRouteRequest.' },
  port: { kind: 'int', default: 7778, min: 0, max: 65535, doc: 'TCP port of the DNS service (0: any free port).' },
  max_conn: { kind: 'int', default: 10_000, min: 1, max: 1_000_000, sizedWhenUnset: true, doc: 'Agent connections over this are accepted and closed at once (counted). Unset: the default, or what the open-file limit holds beside the other roles of the process (a set value that does not fit is a warning at start)' },
  max_out_bytes: { kind: 'int', default: 4 * 1024 * 1024, min: 65536, max: 1 << 30, doc: 'An agent that leaves this many bytes of replies and pushes unread is cut (counted), so it never delays the pushes to the others.' },
  max_subscriptions_per_conn: { kind: 'int', default: 300_000, min: 1, max: 100_000_000, doc: 'Keys with a route one connection may subscribe to (default: one agent at max_keys on its three ports); past it GetRoute is answered but not subscribed (counted, a warning line at most once a minute).' },
  max_subscriptions_per_ip: { kind: 'int', default: 1_000_000, min: 1, max: 1_000_000_000, doc: 'Subscriptions to keys with a route over all connections from one remote address, so that one client cannot take all of max_subscriptions; past it as above.' },
  max_subscriptions: { kind: 'int', default: 2_000_000, min: 1, max: 1_000_000_000, doc: 'Subscriptions to keys with a route over all connections; past it as above. Keys with no route never count here: asking for unknown keys cannot keep an agent from the pushes of a real one.' },
  max_waiting_subscriptions: { kind: 'int', default: 100_000, min: 1, max: 100_000_000, doc: 'Subscriptions to keys with no route yet (an agent asking before hosts are added is pushed them when they are), in a table of their own: when it is full the oldest ask goes (counted, a warning line at most once a minute); asking again makes an ask the newest, and agents ask again every update_timeout. A key that gets a route moves its waiters to the routed subscriptions.' },
  max_waiting_subscriptions_per_conn: { kind: 'int', default: 10_000, min: 1, max: 100_000_000, doc: 'Waiting subscriptions one connection may hold; past it its own oldest goes.' },
  max_waiting_subscriptions_per_ip: { kind: 'int', default: 20_000, min: 1, max: 100_000_000, doc: 'Waiting subscriptions all connections from one remote address may hold; past it their oldest goes, so filling max_waiting_subscriptions takes many addresses.' },
  handshake_timeout_ms: { kind: 'int', default: 10_000, min: 0, max: 3_600_000, doc: 'A connection that sends no complete frame this long after connecting is closed (counted), beyond handshake_quiet_per_ip of them per remote address; an agent idle after its first request stays. 0: never.' },
  handshake_quiet_per_ip: { kind: 'int', default: 32, min: 0, max: 1_000_000, doc: 'Silent connections per remote address kept past handshake_timeout_ms: agents send nothing until an application asks for a first key, so an idle agent is not cut every timeout (counted as handshakeQuietKept); room for several agents behind one address (NAT, one host).' },
  store: { kind: 'string', default: DEFAULT_STORE_URL, doc: 'Route store: sqlite:PATH or mysql://user[:pass]@host:port/db, or a cluster\'s host list mysql://user[:pass]@h1:p1,h2:p2,h3:p3/db. --store wins.' },
  store_query_timeout_ms: { kind: 'int', default: DEFAULT_QUERY_TIMEOUT_MS, min: 100, max: 600_000, doc: 'MySQL: a store query whose server sends nothing for this long fails (a hung node answers nothing and resets nothing), its connection is closed and the read goes on at the next host of the list; a poll unanswered this long marks the replica degraded (/healthz 503). Keep it below step_aside_after.' },
  store_connect_timeout_ms: { kind: 'int', default: DEFAULT_CONNECT_TIMEOUT_MS, min: 100, max: 600_000, doc: 'MySQL: a connect (TCP and login) to a store host that takes longer than this fails, and the next host is tried.' },
  poll_interval: { kind: 'float', default: 1, min: 0.05, max: 3600, reloadable: true, doc: 'Seconds between RouteVersion polls; a committed change reaches the subscribed agents within about this long.' },
  reload_interval: { kind: 'float', default: 60, min: 1, max: 86_400, reloadable: true, doc: 'Seconds between full reloads of the route table, the safety net for edits that bypassed RouteChange.' },
  change_retention: { kind: 'float', default: 86_400, min: 60, max: 31_536_000, reloadable: true, doc: 'Seconds RouteChange rows are kept before pruning; a DNS replica that falls further behind than this catches up with a full reload instead.' },
  audit_retention: { kind: 'float', default: 2_592_000, min: 60, max: 315_360_000, reloadable: true, doc: 'Seconds RouteAudit rows (who edited which route, listed on the console\'s key page) are kept before pruning; 30 days by default.' },
  step_aside_after: { kind: 'float', default: 5, min: 0, max: 3600, reloadable: true, doc: 'Seconds without a successful store read before this replica closes its agent connections and port (agents fail over along their [dnsserver] list) until a read succeeds; 0: never.' },
  store_retry_max: { kind: 'float', default: 5, min: 0.05, max: 3600, reloadable: true, doc: 'Longest wait in seconds between polls while the store is down (the wait doubles from poll_interval up to this).' },
} as const;

/**
 * Registration (docs/registration.md). Defaults: renewals and sweeps every
 * second keep a store write per replica per second at any fleet size and
 * expire a dead instance within its ttl + 1 s; protect_share 0.5 pauses
 * expiry only when most leases lapse together (see expiryDecision.ts).
 */
export const registerSection = {
  token: { kind: 'string', default: '', reloadable: true, doc: 'Shared secret agents and embedded clients send with every registration; a registration without it (or with another) is refused with RET_REFUSED (counted). Empty: only peers on loopback (127.0.0.0/8) may register, which suits an agent on the DNS host only: set a token wherever agents run elsewhere.' },
  renew_interval: { kind: 'float', default: 1, min: 0.05, max: 60, reloadable: true, doc: 'Seconds renewals heard from agents collect before this replica writes them, as one statement per 5,000 (sooner for a ttl under 4 × this). Longer: fewer store writes, less margin before a lease lapses.' },
  sweep_interval: { kind: 'float', default: 1, min: 0.05, max: 60, reloadable: true, doc: 'Longest wait in seconds between this replica\'s looks for lapsed leases (one statement; the expiry itself only when one lapsed); a look also comes just after the soonest lease deadline, so an instance whose owner stopped renewing is gone about its ttl after its last heartbeat.' },
  protect_share: { kind: 'float', default: 0.5, min: 0, max: 1, reloadable: true, doc: 'Expiry pauses while more than this share of all leases, from two owners or more, missed their renewals (Eureka\'s self-preservation, Nacos\'s protect threshold): a partition between agents and DNS must not empty the route table. 0.5 rather than Eureka\'s 0.15: a rack or a few hosts going down still expires normally, and small fleets do not pause on one dead host. 1: never pause.' },
} as const;

export type DnsValues = SectionValues<typeof dnsSection>;

export const dnsSections = { dns: dnsSection, register: registerSection };
