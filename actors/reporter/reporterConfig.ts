/**
 * `[reporter]` in reporter.ini: where the reporter listens and how it turns
 * coalesced call results into database writes. The ini keeps seconds for
 * flush_interval (as the original's config did); everything else is in ms
 * or rows. `flushIntervalMs` is the one place the unit changes.
 */
import { parseSection, sectionDefaults, type SectionSpec, type SectionValues } from '../../runtime/config/configSchema.js';
import type { IniSections } from '../../runtime/config/iniFile.js';
import { ConfigError } from '../../runtime/errors.js';
import { JOURNAL_FSYNC, type JournalFsync } from './journal/reportJournal.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_QUERY_TIMEOUT_MS } from '../../store/store.js';

export const REPORTER_SECTION = 'reporter';

export const reporterSpec = {
  ip: { kind: 'ipv4', default: '127.0.0.1', doc: 'Address the reporter listens on for ReportStatusRequest.' },
  port: { kind: 'int', default: 7779, min: 0, max: 65535, doc: 'TCP port of the reporter (0: any free port).' },
  max_conn: { kind: 'int', default: 10_000, min: 1, max: 1_000_000, sizedWhenUnset: true, doc: 'Agent connections over this are accepted and closed at once (counted). Unset: the default, or what the open-file limit holds beside the other roles of the process (a set value that does not fit is a warning at start)' },
  max_out_bytes: { kind: 'int', default: 65_536, min: 1024, max: 1 << 30, doc: 'The reporter sends nothing back; this only bounds a misbehaving peer.' },
  handshake_timeout_ms: {
    kind: 'int', default: 10_000, min: 0, max: 3_600_000,
    doc: 'A connection that sends no complete frame this long after connecting is closed (counted), beyond handshake_quiet_per_ip of them per remote address; one idle after its first report stays. 0: never.',
  },
  handshake_quiet_per_ip: {
    kind: 'int', default: 32, min: 0, max: 1_000_000,
    doc: 'Silent connections per remote address kept past handshake_timeout_ms: an agent whose applications make no calls sends its first report only when they do, so its link is not cut every timeout (counted as handshakeQuietKept); room for several agents behind one address (NAT, one host).',
  },
  store: { kind: 'string', default: 'sqlite:./lars.db', doc: 'Status store URL (sqlite:PATH or mysql://user[:pass]@host:port/db, or a cluster\'s host list mysql://user[:pass]@h1:p1,h2:p2/db); --store wins.' },
  store_query_timeout_ms: {
    kind: 'int', default: DEFAULT_QUERY_TIMEOUT_MS, min: 100, max: 600_000,
    doc: 'MySQL: a store query whose server sends nothing for this long fails (a hung node answers nothing and resets nothing), its connection is closed and the batch is written again at the next host of the list; a batch or store check unanswered this long marks the reporter degraded (/healthz 503). Keep it below step_aside_after.',
  },
  store_connect_timeout_ms: {
    kind: 'int', default: DEFAULT_CONNECT_TIMEOUT_MS, min: 100, max: 600_000,
    doc: 'MySQL: a connect (TCP and login) to a store host that takes longer than this fails, and the next host is tried.',
  },
  flush_interval: {
    kind: 'float', default: 1, min: 0.001, max: 3600,
    doc: 'Seconds between flushes of every pending row; a row waits at most about this long before its write starts.',
  },
  batch_rows: {
    kind: 'int', default: 5000, min: 1, max: 100_000,
    doc: 'Rows per write batch (one transaction); this many pending rows trigger a write without waiting for the flush.',
  },
  max_pending_rows: {
    kind: 'int', default: 200_000, min: 1, max: 50_000_000,
    doc: 'Bound on rows waiting to be written; beyond it the oldest pending rows are dropped and counted.',
  },
  db_thread_cnt: {
    kind: 'int', default: 2, min: 1, max: 64,
    doc: 'Write worker threads (piscina pool), each with its own store connection; at most this many batches in flight.',
  },
  retry_backoff_min_ms: {
    kind: 'int', default: 100, min: 1, max: 600_000,
    doc: 'First delay before retrying after a failed batch; doubles per consecutive failure, jittered.',
  },
  retry_backoff_max_ms: {
    kind: 'int', default: 5000, min: 1, max: 3_600_000,
    doc: 'Cap of the retry delay: once the database is back, writes resume within about this long.',
  },
  step_aside_after: {
    kind: 'float', default: 5, min: 0, max: 3600,
    doc: 'Seconds of failing writes (no batch committed) before this reporter closes its agent connections and port (agents fail over along their [reporter] list) until a write succeeds; pending rows stay bounded and are written then. 0: never.',
  },
  stop_flush_timeout_ms: {
    kind: 'int', default: 3000, min: 0, max: 3_600_000,
    doc: 'Graceful stop waits this long for pending rows to be written; what is left then is counted as dropped (and stays in the journal for the next start).',
  },
  journal_dir: {
    kind: 'string', default: './var/reporter-{port}.journal', keepEmpty: true,
    doc: 'Directory of the journal: every accepted report is appended here before it counts, replayed at start before the port opens, and deleted once written, so a reporter killed (kill -9, a crash) loses none of what it accepted. {port} is replaced by port, so replicas on one host get one each; with port = 0 and {port} in the path there is no journal. One reporter per directory (a lock file says which). Relative to the working directory. Empty (journal_dir =): no journal.',
  },
  journal_fsync: {
    kind: 'string', default: 'interval',
    doc: 'When the journal is forced to disk, for power loss (kill -9 and crashes need no fsync: the page cache outlives the process): interval (once per flush_interval, off the event loop: at most about one interval lost), always (after every socket read, on the event loop: nothing read is lost, slower), never.',
  },
  journal_segment_bytes: {
    kind: 'int', default: 16 << 20, min: 4096, max: 1 << 30,
    doc: 'A journal segment is closed and a new one started past this size (and at every flush); a segment is deleted once every row in it is written.',
  },
} satisfies SectionSpec;

export type ReporterConfig = SectionValues<typeof reporterSpec>;

export function parseReporterConfig(sections: IniSections, where: string, overrides: Record<string, unknown> = {}): ReporterConfig {
  return checkReporterConfig(parseSection(REPORTER_SECTION, reporterSpec, sections[REPORTER_SECTION], where, overrides), where);
}

export function reporterDefaults(): ReporterConfig {
  return sectionDefaults(REPORTER_SECTION, reporterSpec);
}

/** Cross-key rules the per-key bounds cannot express. */
export function checkReporterConfig(cfg: ReporterConfig, where: string): ReporterConfig {
  if (cfg.retry_backoff_min_ms > cfg.retry_backoff_max_ms) {
    throw new ConfigError(`${where}: [reporter] retry_backoff_min_ms = ${cfg.retry_backoff_min_ms}: must not exceed retry_backoff_max_ms (${cfg.retry_backoff_max_ms})`);
  }
  if (cfg.batch_rows > cfg.max_pending_rows) {
    throw new ConfigError(`${where}: [reporter] batch_rows = ${cfg.batch_rows}: must not exceed max_pending_rows (${cfg.max_pending_rows})`);
  }
  if (!(JOURNAL_FSYNC as readonly string[]).includes(cfg.journal_fsync)) {
    throw new ConfigError(`${where}: [reporter] journal_fsync = ${cfg.journal_fsync}: must be one of ${JOURNAL_FSYNC.join(', ')}`);
  }
  return cfg;
}

/** The journal directory this reporter uses, or undefined for none (journal_dir empty, or {port} with port 0). */
export function journalDirOf(cfg: ReporterConfig): string | undefined {
  if (cfg.journal_dir === '') return undefined;
  if (cfg.journal_dir.includes('{port}') && cfg.port === 0) return undefined;
  return cfg.journal_dir.replaceAll('{port}', String(cfg.port));
}

export function journalFsyncOf(cfg: ReporterConfig): JournalFsync {
  return cfg.journal_fsync as JournalFsync;
}

export function flushIntervalMs(cfg: ReporterConfig): number {
  return Math.max(1, Math.round(cfg.flush_interval * 1000));
}
