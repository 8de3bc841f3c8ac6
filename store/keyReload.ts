/**
 * Re-reading the hosts of many keys at once (the DNS watcher after a change)
 * without trusting the planner's guess. An OR list or IN list of keys is left
 * to the planner, which stops probing the index past eq_range_index_dive_limit
 * (200 on MariaDB) and trusts statistics instead: when those lag the data it
 * scans the whole table for every statement (issue 20: 10,000 keys took 26-60 s).
 *
 * So both stores join the asked keys, as the outer side, to RouteData through
 * the index on (modid, cmdid, …) named in the statement (MySQL: STRAIGHT_JOIN
 * and FORCE INDEX; SQLite: CROSS JOIN and INDEXED BY): one index lookup per
 * key, whatever the statistics say. The index is found in the live schema;
 * a table without one (the original's) gets a plain IN list, which can only
 * be a scan there anyway.
 */
import type { RouteKey } from './routeTypes.js';
import { checkInt32 } from './validateValues.js';

/**
 * Keys per statement. Past a few hundred the statement count stops mattering
 * (measured on 10,000 keys); 2,000 parameters stay far below SQLite's
 * variable limit and MySQL's packet size.
 */
export const KEYS_PER_STATEMENT = 1000;

/** One column of one index on RouteData, as the live schema lists it. */
export interface IndexColumn {
  index: string;
  /** 1-based position in the index. */
  seq: number;
  column: string;
}

/** The first index (by name) that starts with (modid, cmdid), preferring ours; undefined when none does. */
export function keyIndexOf(columns: readonly IndexColumn[], preferred: string): string | undefined {
  const leading = new Map<string, string[]>();
  for (const c of [...columns].sort((a, b) => a.seq - b.seq)) {
    if (c.seq > 2) continue;
    const list = leading.get(c.index) ?? [];
    list.push(c.column.toLowerCase());
    leading.set(c.index, list);
  }
  const fits = [...leading].filter(([, cols]) => cols[0] === 'modid' && cols[1] === 'cmdid').map(([name]) => name);
  return fits.includes(preferred) ? preferred : fits.sort()[0];
}

/**
 * The RouteData index loadKeys names, read on first use and kept; while there
 * is none the next use looks again, so an index added under a running DNS is
 * picked up. forget() after `lars db init` or a failed statement (an index
 * dropped under us makes the named-index statement fail).
 */
export class CachedKeyIndex {
  private found: Promise<string | undefined> | undefined;

  constructor(private readonly read: () => Promise<string | undefined>) {}

  async get(): Promise<string | undefined> {
    this.found ??= this.read();
    try {
      const name = await this.found;
      if (name === undefined) this.found = undefined;
      return name;
    } catch (err) {
      this.found = undefined;
      throw err;
    }
  }

  forget(): void {
    this.found = undefined;
  }
}

/** Checked, each key once, in the order first asked. */
export function distinctKeys(keys: readonly RouteKey[]): RouteKey[] {
  const seen = new Map<string, RouteKey>();
  for (const k of keys) {
    checkInt32('modid', k.modid);
    checkInt32('cmdid', k.cmdid);
    const id = `${k.modid}/${k.cmdid}`;
    if (!seen.has(id)) seen.set(id, { modid: k.modid, cmdid: k.cmdid });
  }
  return [...seen.values()];
}

export function keyParams(keys: readonly RouteKey[]): number[] {
  return keys.flatMap((k) => [k.modid, k.cmdid]);
}
