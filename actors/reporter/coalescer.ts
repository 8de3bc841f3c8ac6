/**
 * Pending ServerCallStatus rows, one per (modid, cmdid, ip, port, caller):
 * a later result for a key replaces the values of its pending row, so a
 * burst of reports costs one write per key, not one per report.
 *
 * Order is the order in which keys became pending (a replaced value keeps
 * its row's place), so "oldest" means "waiting longest": batches are taken
 * from the front (no key starves behind busier ones) and, past
 * max_pending_rows, the front is what gets dropped.
 *
 * Accounting, exact at every moment (tests check it):
 *   resultsReceived = rowsAccepted + resultsCoalesced
 *   rowsAccepted    = written + dropped + pending + in flight
 * where written and in flight are the writer's. A result that replaces a
 * pending value is "coalesced", not accepted: it never becomes a row of its own.
 */
import type { StatusRow } from '../../store/statusStore.js';

/** A row as it sits in the buffer, with its key so nobody rebuilds it. */
export interface PendingRow extends StatusRow {
  readonly key: string;
  /** The journal segment its current value came from (0: no journal). */
  seg: number;
}

/**
 * The journal's view of the buffer: a segment may go once no pending or
 * in-flight row holds it. Every row holds exactly one segment from the
 * moment it is accepted until it is committed, dropped or replaced.
 */
export interface SegmentHolds {
  hold(seg: number): void;
  release(seg: number): void;
}

export function statusKey(modid: number, cmdid: number, ip: number, port: number, caller: number): string {
  return `${modid}:${cmdid}:${ip}:${port}:${caller}`;
}

/**
 * Rows of one (modid, cmdid, caller), by host. A report carries one key's
 * results, so the string part of the key is built once per report and each
 * result is found by a number: building a string key per result cost more
 * than decoding it.
 */
export type StatusGroup = Map<number | string, PendingRow>;

function groupKey(modid: number, cmdid: number, caller: number): string {
  return `${modid}:${cmdid}:${caller}`;
}

function hostKey(ip: number, port: number): number | string {
  // ip is 32 bits, a real port 16: the pair fits a safe integer. Anything else keeps a string.
  return port >= 0 && port <= 0xffff ? (ip >>> 0) * 65536 + port : `${ip}:${port}`;
}

export class Coalescer {
  resultsReceived = 0;
  resultsCoalesced = 0;
  /** Dropped by the max_pending_rows bound. */
  rowsDropped = 0;
  /** Segment the rows accepted now come from (the journal's current one). */
  seg = 0;
  holds: SegmentHolds | undefined;
  private rows = new Map<string, PendingRow>();
  private readonly groups = new Map<string, StatusGroup>();

  constructor(readonly maxPendingRows: number) {
    if (!(maxPendingRows >= 1)) throw new RangeError(`maxPendingRows must be >= 1, got ${maxPendingRows}`);
  }

  get size(): number {
    return this.rows.size;
  }

  get rowsAccepted(): number {
    return this.resultsReceived - this.resultsCoalesced;
  }

  /** One call result. Values must already fit the columns (decoded int32/uint32 do). */
  add(modid: number, cmdid: number, caller: number, ip: number, port: number, succCnt: number, errCnt: number, overload: boolean, ts: number): void {
    this.addTo(this.group(modid, cmdid, caller), modid, cmdid, caller, ip, port, succCnt, errCnt, overload, ts);
  }

  /** The group of a report's results; pass it to addTo for each of them. */
  group(modid: number, cmdid: number, caller: number): StatusGroup {
    const gk = groupKey(modid, cmdid, caller);
    let g = this.groups.get(gk);
    if (g === undefined) {
      g = new Map();
      this.groups.set(gk, g);
    }
    return g;
  }

  addTo(group: StatusGroup, modid: number, cmdid: number, caller: number, ip: number, port: number, succCnt: number, errCnt: number, overload: boolean, ts: number): void {
    this.resultsReceived++;
    const hk = hostKey(ip, port);
    const row = group.get(hk);
    if (row !== undefined) {
      this.resultsCoalesced++;
      row.succCnt = succCnt;
      row.errCnt = errCnt;
      row.overload = overload;
      row.ts = ts;
      if (row.seg !== this.seg && this.holds !== undefined) {
        this.holds.release(row.seg);
        this.holds.hold(this.seg);
      }
      row.seg = this.seg;
      return;
    }
    const key = statusKey(modid, cmdid, ip, port, caller);
    const fresh: PendingRow = { key, modid, cmdid, ip, port, caller, succCnt, errCnt, ts, overload, seg: this.seg };
    this.holds?.hold(this.seg);
    this.rows.set(key, fresh);
    group.set(hk, fresh);
    // The group just got a row, so dropping others never empties (and detaches) it.
    if (this.rows.size > this.maxPendingRows) this.dropOldest(this.rows.size - this.maxPendingRows);
  }

  /**
   * Remove and return up to `max` rows from the front, skipping keys in
   * `busy` (a batch holding an older value of that key is still being
   * written; sending the newer one alongside could let it commit first).
   */
  take(max: number, busy: ReadonlySet<string>): PendingRow[] {
    const out: PendingRow[] = [];
    for (const [key, row] of this.rows) {
      if (out.length >= max) break;
      if (busy.has(key)) continue;
      out.push(row);
    }
    for (const row of out) {
      this.rows.delete(row.key);
      this.unindex(row);
    }
    return out;
  }

  /**
   * Rows of a batch that failed come back to the front (they have waited
   * longest). A key that became pending again meanwhile keeps its newer
   * values at the older place; the returned value counts as coalesced.
   * Past the bound the front is dropped like any other overflow.
   */
  putBack(returned: readonly PendingRow[]): void {
    if (returned.length === 0) return;
    const merged = new Map<string, PendingRow>();
    for (const row of returned) {
      const newer = this.rows.get(row.key);
      if (newer !== undefined) {
        this.resultsCoalesced++;
        this.holds?.release(row.seg);
      }
      else this.group(row.modid, row.cmdid, row.caller).set(hostKey(row.ip, row.port), row);
      merged.set(row.key, newer ?? row);
    }
    for (const [key, row] of this.rows) if (!merged.has(key)) merged.set(key, row);
    this.rows = merged;
    if (this.rows.size > this.maxPendingRows) this.dropOldest(this.rows.size - this.maxPendingRows);
  }

  /** A batch of these rows committed: their segments are theirs no more. */
  committed(rows: readonly PendingRow[]): void {
    if (this.holds === undefined) return;
    for (const row of rows) this.holds.release(row.seg);
  }

  /** Empty the buffer (stop gave up waiting); the caller counts the returned rows as dropped (the journal keeps them for the next start). */
  clear(): number {
    const n = this.rows.size;
    this.rows.clear();
    this.groups.clear();
    return n;
  }

  /** A copy of the pending rows, oldest first (tests, debugging). */
  snapshot(): PendingRow[] {
    return [...this.rows.values()].map((r) => ({ ...r }));
  }

  private dropOldest(count: number): void {
    let left = count;
    for (const [key, row] of this.rows) {
      if (left-- <= 0) break;
      this.rows.delete(key);
      this.unindex(row);
      this.holds?.release(row.seg);
    }
    this.rowsDropped += count;
  }

  private unindex(row: PendingRow): void {
    const gk = groupKey(row.modid, row.cmdid, row.caller);
    const g = this.groups.get(gk);
    if (g === undefined) return;
    g.delete(hostKey(row.ip, row.port));
    if (g.size === 0) this.groups.delete(gk);
  }
}
