/**
 * Values the route store hands out. Addresses are the host-order unsigned
 * 32-bit form the database keeps (RouteData.serverip); convert to the wire's
 * int32 with runtime/net/ipv4.ts (uint32ToInt32).
 */

export interface RouteKey {
  modid: number;
  cmdid: number;
}

export interface RouteHost {
  /** Host-order IPv4 as an unsigned 32-bit integer (0 … 4294967295). */
  ip: number;
  port: number;
  /** RouteData.weight, 1…1000; absent on a database with the original's schema (every weight 1). */
  weight?: number;
  /** RouteData.zone (proto/hostMeta.ts); absent when none, and on a database without the column. */
  zone?: string;
  /** RouteData.tags, sorted by key; absent when none, and on a database without the column. */
  tags?: readonly string[];
}

/** One RouteData row. */
export interface RouteRow extends RouteKey, RouteHost {}

/** A key with all of its hosts; `hosts` is empty when the key has none (e.g. its last host was deleted). */
export interface KeyHosts extends RouteKey {
  hosts: RouteHost[];
}

export interface RouteChanges {
  /** RouteVersion.version at the time of the read; apply `keys` and you are at this version. */
  version: number;
  /** Distinct keys edited after the asked-for version, up to `version`: those of the smallest edits first, then by version. */
  keys: RouteKey[];
  /**
   * False when the change log cannot bring the reader from its version to
   * `version` (rows pruned by age, the version went backwards, or it was
   * bumped without a change row): do a full loadAll() instead.
   */
  complete: boolean;
}

/** The whole route table as of one version, read in one consistent statement. */
export interface RouteTable {
  version: number;
  /** Only keys that have at least one host, sorted by (modid, cmdid). */
  routes: KeyHosts[];
}

/**
 * Outcome of addHost / delHost. `added` / `deleted`: the edit committed and
 * `version` is the new RouteVersion. `exists` / `missing`: nothing changed
 * (the host was already there / was not there) and `version` is the current one.
 */
export interface RouteEdit {
  status: 'added' | 'deleted' | 'exists' | 'missing';
  version: number;
}

/**
 * Outcome of setWeight. `updated`: committed, `version` is the new
 * RouteVersion. `unchanged` (the host already had that weight) and `missing`
 * (no such host): nothing written, `version` is the current one.
 */
export interface WeightEdit {
  status: 'updated' | 'unchanged' | 'missing';
  version: number;
}

/** Outcome of setHost: as setWeight's. */
export type HostEdit = WeightEdit;

/**
 * What setHost changes on one host; a field left out stays as it is. A zone
 * of '' or null clears it, tags of [] or null clear them (proto/hostMeta.ts
 * has the rules).
 */
export interface HostChange {
  weight?: number;
  zone?: string | null;
  tags?: readonly string[] | null;
}

export interface RouteFilter {
  modid?: number;
  cmdid?: number;
}
