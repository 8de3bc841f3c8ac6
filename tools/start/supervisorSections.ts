/**
 * The [admin] and [supervisor] sections every role's ini file has, and how
 * they become runtime settings.
 */
import { ConfigError } from '../../runtime/errors.js';
import type { IntSpec, Ipv4Spec, NameListSpec, SectionValues, StringSpec } from '../../runtime/config/configSchema.js';
import { allowedHostsSpec } from '../../runtime/admin/requestSite.js';
import type { SupervisionSettings } from '../../runtime/actors/roleSupervisor.js';

export function adminSection(defaultPort: number): { admin_port: IntSpec; admin_host: Ipv4Spec; token: StringSpec; allowed_hosts: NameListSpec } {
  return {
    admin_port: { kind: 'int', default: defaultPort, min: 0, max: 65535, doc: 'HTTP port for GET /metrics (Prometheus), GET /healthz and POST /-/reload (0: any free port); --admin-port wins. With --role all, one admin server runs on dns.ini\'s port.' },
    admin_host: { kind: 'ipv4', default: '127.0.0.1', doc: 'Address the admin server binds; 0.0.0.0 lets a remote Prometheus scrape.' },
    token: { kind: 'string', default: '', doc: 'POST /-/reload needs the header "Authorization: Bearer TOKEN" when this is set. Empty: reload is refused whenever admin_host is not a loopback address.' },
    allowed_hosts: allowedHostsSpec,
  };
}

export const supervisorSection = {
  stop_timeout_ms: { kind: 'int', default: 5000, min: 100, max: 600_000, reloadable: true, doc: 'Graceful stop bound on SIGINT/SIGTERM; actors still running after it are terminated and the exit status is 1.' },
  start_timeout_ms: { kind: 'int', default: 30_000, min: 100, max: 600_000, reloadable: true, doc: 'An actor not up within this is counted as crashed.' },
  restart_backoff_min_ms: { kind: 'int', default: 100, min: 1, max: 600_000, reloadable: true, doc: 'First restart delay after a crash; doubles per consecutive crash.' },
  restart_backoff_max_ms: { kind: 'int', default: 10_000, min: 1, max: 3_600_000, reloadable: true, doc: 'Restart delay cap; an actor up this long has its backoff reset.' },
  crash_limit: { kind: 'int', default: 5, min: 0, max: 1_000_000, reloadable: true, doc: 'More crashes than this in the role within crash_window_ms stop the role (one-line message, exit status 1).' },
  crash_window_ms: { kind: 'int', default: 60_000, min: 1, max: 86_400_000, reloadable: true, doc: 'Window for crash_limit.' },
  mailbox_capacity: { kind: 'int', default: 65_536, min: 16, max: 16_777_216, doc: 'Per-link bound on messages sent but not yet handled by the receiver.' },
  mailbox_overflow: { kind: 'string', default: 'drop', doc: 'Full mailbox: drop (tell returns false) or reject (tell throws MAILBOX_FULL); counted either way in lars_mailbox_events_total.' } satisfies StringSpec,
  ask_timeout_ms: { kind: 'int', default: 5000, min: 1, max: 600_000, doc: 'Default timeout of an ask between actors.' },
  stats_timeout_ms: { kind: 'int', default: 1000, min: 10, max: 60_000, reloadable: true, doc: 'How long a control call into an actor may take: its figures for GET /metrics and /healthz, and the agent\'s LB state for GET /lb and lars status.' },
  workers: { kind: 'string', default: 'auto', doc: 'Shared actor threads at most: auto (one per four cores; none below four cores) or a number from 0; 0 runs the shared actors on the supervisor\'s own thread. Actors that want a thread of their own (the agent\'s UDP servers, the DNS server) do not count; with --role all, the largest value of the roles\' files applies.' } satisfies StringSpec,
  own_threads: { kind: 'string', default: 'auto', doc: 'Whether actors whose spec wants a core (the agent\'s UDP servers, the DNS server) get a worker thread each: auto (from four cores), on, off. Off, they are placed as the shared actors are ([supervisor] workers); each thread costs ≈ 12–15 MiB resident (an isolate and its modules). With --role all, on wins over auto wins over off.' } satisfies StringSpec,
} as const;

export type SupervisorValues = SectionValues<typeof supervisorSection>;

export function supervisionSettings(v: SupervisorValues, where: string): SupervisionSettings {
  if (v.mailbox_overflow !== 'drop' && v.mailbox_overflow !== 'reject') {
    throw new ConfigError(`${where}: [supervisor] mailbox_overflow = ${JSON.stringify(v.mailbox_overflow)}: expected drop or reject`);
  }
  if (v.restart_backoff_max_ms < v.restart_backoff_min_ms) {
    throw new ConfigError(`${where}: [supervisor] restart_backoff_max_ms = ${v.restart_backoff_max_ms}: expected >= restart_backoff_min_ms (${v.restart_backoff_min_ms})`);
  }
  const workers = v.workers === 'auto' ? undefined : /^\d{1,3}$/.test(v.workers) ? Number(v.workers) : NaN;
  if (workers !== undefined && !(workers >= 0 && workers <= 256)) {
    throw new ConfigError(`${where}: [supervisor] workers = ${JSON.stringify(v.workers)}: expected auto or a whole number from 0 to 256`);
  }
  if (v.own_threads !== 'auto' && v.own_threads !== 'on' && v.own_threads !== 'off') {
    throw new ConfigError(`${where}: [supervisor] own_threads = ${JSON.stringify(v.own_threads)}: expected auto, on or off`);
  }
  return {
    ...(workers === undefined ? {} : { workers }),
    ...(v.own_threads === 'auto' ? {} : { ownThreads: v.own_threads === 'on' }),
    restart: { backoffMinMs: v.restart_backoff_min_ms, backoffMaxMs: v.restart_backoff_max_ms, crashLimit: v.crash_limit, crashWindowMs: v.crash_window_ms },
    startTimeoutMs: v.start_timeout_ms,
    mailbox: { capacity: v.mailbox_capacity, overflow: v.mailbox_overflow, askTimeoutMs: v.ask_timeout_ms, batching: true },
  };
}
