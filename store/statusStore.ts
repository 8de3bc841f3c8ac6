/**
 * What the reporter's write workers need: multi-row upserts of
 * ServerCallStatus. Every method rejects with a StoreError.
 */

/** One ServerCallStatus row; the key is (modid, cmdid, ip, port, caller). */
export interface StatusRow {
  modid: number;
  cmdid: number;
  /**
   * The wire's int32 form of the host-order IPv4 (negative for ≥ 128.0.0.0).
   * The column holds it unsigned, as the original did (ip, port and caller
   * alike); the store converts both ways.
   */
  ip: number;
  port: number;
  caller: number;
  succCnt: number;
  errCnt: number;
  /** As reported (ReportStatusRequest.ts); any non-negative safe integer. */
  ts: number;
  overload: boolean;
}

export interface StatusFilter {
  modid?: number;
  cmdid?: number;
}

export interface StatusStore {
  /** Create every Lars table if missing (same schema as RouteStore.init). */
  init(): Promise<readonly string[]>;
  /**
   * Insert or replace (succ_cnt, err_cnt, ts, overload) of each row's key,
   * replacing only a row whose ts is older or equal (two reporters, or a
   * retried batch, never regress a key), all rows in one transaction (nothing written when it rejects), sent as
   * multi-row statements in chunks. Duplicate keys in one call: the last wins.
   * Rows are validated first; a bad one rejects with STORE_BAD_DATA.
   */
  upsertStatus(rows: readonly StatusRow[]): Promise<void>;
  /** Rows sorted by key, optionally filtered (for tests and tools). */
  readStatus(filter?: StatusFilter): Promise<StatusRow[]>;
  close(): Promise<void>;
}
