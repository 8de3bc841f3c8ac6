/**
 * What the DNS route-watcher and the `lars route` tools need from the route
 * tables. Every method rejects with a StoreError (see storeError.ts).
 */
import type { AuditEntry } from './routeAudit.js';
import type { HostChange, HostEdit, KeyHosts, RouteChanges, RouteEdit, RouteFilter, RouteKey, RouteRow, RouteTable, WeightEdit } from './routeTypes.js';
import type { HostMeta } from '../proto/hostMeta.js';

export interface RouteStore {
  /**
   * Upgrade older tables in place (store/schemaUpgrade.ts), then create every
   * Lars table if missing, with RouteVersion row (1, 0). Idempotent and safe
   * to run concurrently. Resolves to the names of the upgrade steps it applied.
   */
  init(): Promise<readonly string[]>;
  /** RouteVersion.version: the cheap poll. */
  getVersion(): Promise<number>;
  /** Keys edited after `version` (see RouteChanges.complete for when to reload everything instead). */
  changesSince(version: number): Promise<RouteChanges>;
  /** Current hosts of each key, one entry per distinct asked key in the asked order (empty `hosts` when none). */
  loadKeys(keys: readonly RouteKey[]): Promise<KeyHosts[]>;
  /** Whole table plus the version it reflects. */
  loadAll(): Promise<RouteTable>;
  /** RouteData rows, optionally filtered, sorted by (modid, cmdid, ip, port). */
  listHosts(filter?: RouteFilter): Promise<RouteRow[]>;
  /**
   * Add one host (ip: unsigned 32-bit host order). In one transaction: insert
   * the RouteData row, append a RouteChange row stamped with the new version,
   * bump RouteVersion. `exists` when the host is already there (nothing written).
   * `weight` (1…1000, default 1) needs the weight column unless it is 1
   * (STORE_NO_SCHEMA on a database `lars db init` has not upgraded).
   * `who` (e.g. "cli alice@build-3") goes into the edit's RouteAudit row,
   * written in the same transaction when the table exists (routeAudit.ts).
   * `meta`: the host's zone and tags (proto/hostMeta.ts rules, STORE_BAD_DATA
   * otherwise; STORE_NO_SCHEMA before the route-zone-tags upgrade).
   */
  addHost(modid: number, cmdid: number, ip: number, port: number, weight?: number, who?: string, meta?: HostMeta): Promise<RouteEdit>;
  /** Change one host's weight, same transaction shape as addHost (DNS pushes the key). */
  setWeight(modid: number, cmdid: number, ip: number, port: number, weight: number, who?: string): Promise<WeightEdit>;
  /** Change any of one host's weight, zone and tags in one edit (fields left out stay), same transaction shape as addHost. */
  setHost(modid: number, cmdid: number, ip: number, port: number, change: HostChange, who?: string): Promise<HostEdit>;
  /** Remove one host, same transaction shape as addHost; `missing` when it was not there. */
  delHost(modid: number, cmdid: number, ip: number, port: number, who?: string): Promise<RouteEdit>;
  /** The key's audited edits, newest first, at most `limit` (1…1000); [] before `lars db init` made RouteAudit. */
  recentEdits(key: RouteKey, limit: number): Promise<AuditEntry[]>;
  /** Audited edits that produced a version above `version`, oldest first, at most `limit`. */
  editsSince(version: number, limit: number): Promise<AuditEntry[]>;
  /** Delete RouteAudit rows older than `cutoffMs` (epoch ms); resolves to how many went. */
  pruneAudit(cutoffMs: number): Promise<number>;
  /** Delete RouteChange rows created before `cutoffMs` (epoch ms); resolves to how many went. */
  pruneChanges(cutoffMs: number): Promise<number>;
  /** Release connections / the file. Further calls reject with STORE_CLOSED. Idempotent. */
  close(): Promise<void>;
}
