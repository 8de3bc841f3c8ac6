/**
 * Service names for route keys (KeyName: one optional name per key, each
 * name on one key at most), kept beside the routes. Naming is an audited
 * route edit: it bumps RouteVersion with a RouteChange row for the key, so
 * every DNS replica logs it once (actors/dns/editLog.ts) and a console sees
 * it at its next read; the key's hosts, and so the frames, do not change.
 * Every method rejects with a StoreError (a bad name: STORE_BAD_DATA).
 */
import type { RouteKey } from './routeTypes.js';

export interface KeyName extends RouteKey {
  name: string;
}

/**
 * Outcome of setKeyName / clearKeyName. `set` / `cleared`: committed, `version`
 * is the new RouteVersion and `previous` the name the key had (undefined: none).
 * `unchanged` (the key already has that name), `missing` (clearing a key without
 * one) and `taken` (another key, `holder`, has the name): nothing written.
 */
export interface NameEdit {
  status: 'set' | 'cleared' | 'unchanged' | 'missing' | 'taken';
  version: number;
  previous?: string;
  holder?: RouteKey;
}

export interface KeyNameStore {
  /** Names the key (or renames it); one transaction with its RouteChange, version bump and RouteAudit row. */
  setKeyName(key: RouteKey, name: string, who?: string): Promise<NameEdit>;
  clearKeyName(key: RouteKey, who?: string): Promise<NameEdit>;
  /** Every named key, by (modid, cmdid); [] on a database `lars db init` has not given KeyName yet. */
  listKeyNames(): Promise<KeyName[]>;
  /** The key a name is on; undefined when no key has it (or there is no KeyName table yet). */
  keyOfName(name: string): Promise<RouteKey | undefined>;
}
