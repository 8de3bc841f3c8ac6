/**
 * What the console's HTTP layer (consoleHttp, consoleApi) needs from the
 * service, in a file of its own so dependencies run one way: the service
 * implements this and starts the HTTP layer; the HTTP layer knows only this.
 */
import type { Store } from '../../store/store.js';
import type { ConsoleConfig } from './consoleConfig.js';
import type { HistoryWriterView } from './historyWriterLease.js';
import type { KeysView } from './keysView.js';
import type { PreSerialized } from './preSerialized.js';
import type { RolesView } from './roleProbe.js';

export interface ConsoleCounters {
  polls: number;
  pollErrors: number;
  historyRowsWritten: number;
  historyWriteErrors: number;
  historyRowsDropped: number;
  historyRowsPruned: number;
  edits: number;
  requests: number;
  badRequests: number;
}

export interface ConsoleBackend {
  readonly config: ConsoleConfig;
  readonly counters: ConsoleCounters;
  keys(): KeysView;
  /** GET /api/keys, serialized once per view (with or without each key's hosts). */
  keysJson(withHosts: boolean): PreSerialized;
  dnsVersion(): number | undefined;
  roles(): RolesView | undefined;
  probeOnce(): Promise<RolesView>;
  problems(): { store?: string; history?: string };
  historyWriter(): HistoryWriterView;
  theStore(): Store;
  clock(): number;
  edited(): Promise<void>;
  log?(line: string): void;
}
