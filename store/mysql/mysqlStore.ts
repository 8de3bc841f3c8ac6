/** Store on MySQL / MariaDB through a mysql2 pool. */
import type { Store, StoreCounters, StoreOptions } from '../store.js';
import type { MysqlUrl } from '../storeUrl.js';
import type { HostChange, HostEdit, KeyHosts, RouteChanges, RouteEdit, RouteFilter, RouteKey, RouteRow, RouteTable, WeightEdit } from '../routeTypes.js';
import type { HostMeta } from '../../proto/hostMeta.js';
import { addedDetail, checkHostChange, hostValuesOf, hostWith, insertHostStatement, newHostValues, plannedEdit, requireColumns, updateHostStatement } from '../hostEdit.js';
import type { StatusFilter, StatusRow } from '../statusStore.js';
import { redactStoreUrl } from '../storeUrl.js';
import { checkInt32, checkSafeUint, checkWeight } from '../validateValues.js';
import { AUDIT_SQL, auditFromDb, auditParams, checkAuditLimit, editorText, hasAuditTable, type AuditEntry } from '../routeAudit.js';
import { SQL, changesFromRows, checkHostArgs, checkRoutableHost, groupByKey, hostsPerKey, listHostsSql, loadAllSql, noVersionRow, oneHostSql, oneKeySql, routeRowFromDb, tableFromRows } from '../routeSql.js';
import { checkRouteFits, hostText, withHost } from '../routeLimit.js';
import { STATUS_COLUMNS, chunk, prepareStatusRows, readStatusSql, statusFromDb, statusParams, valuesPlaceholders } from '../statusBatch.js';
import { MysqlConnection, type MysqlSession } from './mysqlConnection.js';
import { CachedKeyIndex, distinctKeys } from '../keyReload.js';
import { MYSQL_INDEX_COLUMNS_SQL, mysqlKeyIndex, mysqlKeyRows } from './mysqlKeyReload.js';
import { HISTORY_ROWS_PER_STATEMENT, HISTORY_SQL, checkHistoryRead, historyFromDb, historyInsertSql, historyParams, keyChangeFromDb, prepareHistoryRows, type HistoryRow, type KeyChange } from '../historyStore.js';
import { initMysqlSchema, readMysqlLiveSchema } from './mysqlSchema.js';
import { LEASE_INSERT_SQL, LEASE_SQL, checkLeaseOwner, claimLease, type LeaseClaim } from '../historyLease.js';
import { CachedLiveSchema, changesHaveCreatedAt, historyColumnsUnsigned, routeColumnsNow, statusColumnsUnsigned, type RouteColumns } from '../liveSchema.js';
import { LEASE_HOST_SQL, MYSQL_SERVER_NOW, type LeaseDialect } from '../lease/leaseSql.js';
import { runProgramAsync, type Program, type Statement } from '../lease/storeProgram.js';
import { hasLeaseTables } from '../lease/leaseTables.js';
import { ProgramStoreMethods } from '../programStoreMethods.js';

/** Rows per upsert statement: ~9 parameters each, well under max_allowed_packet and the 65535-placeholder limit. */
const STATUS_ROWS_PER_STATEMENT = 1000;

const UPSERT_STATUS_PREFIX = `INSERT INTO ServerCallStatus (${STATUS_COLUMNS.join(', ')}) VALUES `;
// VALUES(col) rather than the `AS new` alias: MariaDB does not support the alias form.
// Only a newer-or-equal ts replaces a row, so a slower writer (another reporter, a retried batch) never
// regresses it. Assignments run left to right, so `ts` goes last and the IF()s compare with the old value.
const NEWER = 'VALUES(ts) >= ts';
const UPSERT_STATUS_SUFFIX =
  ` ON DUPLICATE KEY UPDATE succ_cnt = IF(${NEWER}, VALUES(succ_cnt), succ_cnt), err_cnt = IF(${NEWER}, VALUES(err_cnt), err_cnt),` +
  ` overload = IF(${NEWER}, VALUES(overload), overload), ts = GREATEST(ts, VALUES(ts))`;

export class MysqlStore extends ProgramStoreMethods implements Store {
  readonly backend = 'mysql';
  readonly displayUrl: string;
  private readonly db: MysqlConnection;
  private readonly now: () => number;
  /** The live table shapes, so a database not yet upgraded by `lars db init` (or the original's) still works. */
  private readonly live: CachedLiveSchema;
  /** The RouteData index loadKeys names (keyReload.ts). */
  private readonly keyIndex: CachedKeyIndex;

  constructor(private readonly url: MysqlUrl, rawUrl: string, private readonly options: StoreOptions = {}) {
    super();
    this.displayUrl = redactStoreUrl(rawUrl);
    this.db = new MysqlConnection(url, options);
    this.now = options.now ?? Date.now;
    this.live = new CachedLiveSchema(() => this.db.with('read schema', readMysqlLiveSchema, true));
    const clock = options.leaseClock;
    const dialect: LeaseDialect = { forUpdate: ' FOR UPDATE', now: () => (clock ? { sql: '?', params: [clock()] } : { sql: MYSQL_SERVER_NOW, params: [] }) };
    const exec = (s: MysqlSession) => async (st: Statement) => (st.kind === 'rows' ? s.rows(st.sql, st.params) : (await s.run(st.sql, st.params)).affectedRows);
    const runner = {
      read: <T>(what: string, program: () => Program<T>) => this.db.with(what, (s) => runProgramAsync(program(), exec(s)), true),
      edit: <T>(what: string, program: () => Program<T>) => this.db.transaction(what, (s) => runProgramAsync(program(), exec(s))),
    };
    this.usePrograms(runner, this.live, dialect, this.now);
    this.keyIndex = new CachedKeyIndex(async () => mysqlKeyIndex(await this.db.with('read indexes', (s) => s.rows(MYSQL_INDEX_COLUMNS_SQL), true)));
  }

  get counters(): Readonly<StoreCounters> {
    return this.db.counters;
  }

  async init(): Promise<string[]> {
    try {
      return await initMysqlSchema(this.db, this.url, this.options);
    } finally {
      this.live.forget();
      this.keyIndex.forget();
    }
  }

  getVersion(): Promise<number> {
    return this.db.with('getVersion', (s) => readVersion(s), true);
  }

  async changesSince(version: number): Promise<RouteChanges> {
    checkSafeUint('version', version);
    const rows = await this.db.with('changesSince', (s) => s.rows(SQL.changesSince, [version]), true);
    return changesFromRows(version, rows);
  }

  async loadKeys(keys: readonly RouteKey[]): Promise<KeyHosts[]> {
    const wanted = distinctKeys(keys);
    if (wanted.length === 0) return [];
    const cols = await this.columns();
    const index = await this.keyIndex.get();
    try {
      const rows = await this.db.with('loadKeys', (s) => mysqlKeyRows(s, wanted, cols, index), true);
      return hostsPerKey(wanted, await this.leases.servedOnly(rows, await hasLeaseTables(this.live)));
    } catch (err) {
      // The named index may have been dropped under us: look again next time.
      this.keyIndex.forget();
      throw err;
    }
  }

  async loadAll(): Promise<RouteTable> {
    const sql = loadAllSql(await this.columns());
    const table = tableFromRows(await this.db.with('loadAll', (s) => s.rows(sql), true));
    return { version: table.version, routes: groupByKey(await this.leases.servedOnly(table.rows, await hasLeaseTables(this.live))) };
  }

  async listHosts(filter?: RouteFilter): Promise<RouteRow[]> {
    const { sql, params } = listHostsSql(filter, await this.columns());
    return (await this.db.with('listHosts', (s) => s.rows(sql, params), true)).map(routeRowFromDb);
  }

  async addHost(modid: number, cmdid: number, ip: number, port: number, weight = 1, who?: string, meta?: HostMeta): Promise<RouteEdit> {
    checkHostArgs(modid, cmdid, ip, port);
    checkRoutableHost(ip);
    const values = newHostValues(weight, meta);
    const editor = editorText(who);
    const cols = await this.columns();
    requireColumns(cols, values);
    const leased = await hasLeaseTables(this.live);
    const audited = await hasAuditTable(this.live);
    return this.db.transaction('addHost', async (s) => {
      const current = await lockVersion(s);
      // A registered host added by hand is static from now on: expiry and deregistration leave its row.
      if (leased) await s.run(LEASE_HOST_SQL.makeStatic, [modid, cmdid, ip, port]);
      const found = await s.rows(SQL.hostExists, [modid, cmdid, ip, port]);
      if (found.length > 0) return { status: 'exists', version: current };
      const hosts = (await s.rows(oneKeySql(cols), [modid, cmdid])).map(routeRowFromDb);
      checkRouteFits(modid, cmdid, withHost(hosts, hostWith(ip, port, values)), `adding ${hostText(ip, port)}`);
      const insert = insertHostStatement(cols, modid, cmdid, ip, port, values);
      await s.run(insert.sql, insert.params);
      const version = await recordChange(s, modid, cmdid, current + 1, this.now());
      if (audited) await audit(s, { atMs: this.now(), version, modid, cmdid, ip, port, action: 'add', detail: addedDetail(values), who: editor });
      return { status: 'added', version };
    });
  }

  async setWeight(modid: number, cmdid: number, ip: number, port: number, weight: number, who?: string): Promise<WeightEdit> {
    checkWeight('weight', weight);
    return this.setHost(modid, cmdid, ip, port, { weight }, who);
  }

  async setHost(modid: number, cmdid: number, ip: number, port: number, change: HostChange, who?: string): Promise<HostEdit> {
    checkHostArgs(modid, cmdid, ip, port);
    const checked = checkHostChange(change);
    const editor = editorText(who);
    const cols = await this.columns();
    const audited = await hasAuditTable(this.live);
    return this.db.transaction('setHost', async (s): Promise<HostEdit> => {
      const current = await lockVersion(s);
      const found = (await s.rows(oneHostSql(cols), [modid, cmdid, ip, port]))[0];
      if (found === undefined) return { status: 'missing', version: current };
      const planned = plannedEdit(hostValuesOf(routeRowFromDb(found)), checked);
      if (planned === undefined) return { status: 'unchanged', version: current };
      requireColumns(cols, planned.after);
      const hosts = (await s.rows(oneKeySql(cols), [modid, cmdid])).map(routeRowFromDb);
      checkRouteFits(modid, cmdid, withHost(hosts, hostWith(ip, port, planned.after)), `${planned.what} on ${hostText(ip, port)}`);
      const update = updateHostStatement(cols, modid, cmdid, ip, port, planned.after);
      await s.run(update.sql, update.params);
      const version = await recordChange(s, modid, cmdid, current + 1, this.now());
      if (audited) await audit(s, { atMs: this.now(), version, modid, cmdid, ip, port, action: planned.action, detail: planned.detail, who: editor });
      return { status: 'updated', version };
    });
  }

  private columns(): Promise<RouteColumns> {
    return routeColumnsNow(this.live);
  }

  async delHost(modid: number, cmdid: number, ip: number, port: number, who?: string): Promise<RouteEdit> {
    checkHostArgs(modid, cmdid, ip, port);
    const editor = editorText(who);
    const leased = await hasLeaseTables(this.live);
    const audited = await hasAuditTable(this.live);
    return this.db.transaction('delHost', async (s) => {
      const current = await lockVersion(s);
      // Its lease goes too: the owner's next renewal registers it again (drain is how a host stays out).
      if (leased) await s.run(LEASE_HOST_SQL.forget, [modid, cmdid, ip, port]);
      const deleted = await s.run(SQL.deleteHost, [modid, cmdid, ip, port]);
      if (deleted.affectedRows === 0) return { status: 'missing', version: current };
      const version = await recordChange(s, modid, cmdid, current + 1, this.now());
      if (audited) await audit(s, { atMs: this.now(), version, modid, cmdid, ip, port, action: 'del', detail: '', who: editor });
      return { status: 'deleted', version };
    });
  }

  async pruneChanges(cutoffMs: number): Promise<number> {
    checkSafeUint('cutoffMs', cutoffMs);
    if (!changesHaveCreatedAt(await this.live.get())) return 0;
    const result = await this.db.with('pruneChanges', (s) => s.run(SQL.prune, [cutoffMs]));
    return result.affectedRows;
  }

  async recentEdits(key: RouteKey, limit: number): Promise<AuditEntry[]> {
    checkInt32('modid', key.modid);
    checkInt32('cmdid', key.cmdid);
    const sql = AUDIT_SQL.ofKey(checkAuditLimit(limit));
    if (!(await hasAuditTable(this.live))) return [];
    return (await this.db.with('recentEdits', (s) => s.rows(sql, [key.modid, key.cmdid]), true)).map(auditFromDb);
  }

  async editsSince(version: number, limit: number): Promise<AuditEntry[]> {
    checkSafeUint('version', version);
    const sql = AUDIT_SQL.since(checkAuditLimit(limit));
    if (!(await hasAuditTable(this.live))) return [];
    return (await this.db.with('editsSince', (s) => s.rows(sql, [version]), true)).map(auditFromDb);
  }

  async pruneAudit(cutoffMs: number): Promise<number> {
    checkSafeUint('cutoffMs', cutoffMs);
    if (!(await hasAuditTable(this.live))) return 0;
    return (await this.db.with('pruneAudit', (s) => s.run(AUDIT_SQL.prune, [cutoffMs]))).affectedRows;
  }

  async upsertStatus(rows: readonly StatusRow[]): Promise<void> {
    const prepared = prepareStatusRows(rows);
    if (prepared.length === 0) return;
    const unsigned = statusColumnsUnsigned(await this.live.get());
    try {
      await this.db.transaction('upsertStatus', async (s) => {
        for (const part of chunk(prepared, STATUS_ROWS_PER_STATEMENT)) {
          await s.run(UPSERT_STATUS_PREFIX + valuesPlaceholders(part.length) + UPSERT_STATUS_SUFFIX, part.flatMap((r) => statusParams(r, unsigned)));
        }
      });
    } catch (err) {
      // `lars db init` may have upgraded the table under us: look again before the retry.
      this.live.forget();
      throw err;
    }
  }

  async readStatus(filter?: StatusFilter): Promise<StatusRow[]> {
    const { sql, params } = readStatusSql(filter);
    return (await this.db.with('readStatus', (s) => s.rows(sql, params), true)).map(statusFromDb);
  }

  async addHistory(rows: readonly HistoryRow[]): Promise<void> {
    const prepared = prepareHistoryRows(rows);
    if (prepared.length === 0) return;
    const unsigned = historyColumnsUnsigned(await this.live.get());
    try {
      await this.db.transaction('addHistory', async (s) => {
        for (const part of chunk(prepared, HISTORY_ROWS_PER_STATEMENT)) {
          const sql = `${historyInsertSql(part.length)} ON DUPLICATE KEY UPDATE succ_cnt = succ_cnt + VALUES(succ_cnt), err_cnt = err_cnt + VALUES(err_cnt)`;
          await s.run(sql, part.flatMap((r) => historyParams(r, unsigned)));
        }
      });
    } catch (err) {
      // `lars db init` may have upgraded the table under us: look again before the retry.
      this.live.forget();
      throw err;
    }
  }

  async readHistory(key: RouteKey, sinceS: number): Promise<HistoryRow[]> {
    checkHistoryRead(key, sinceS);
    return (await this.db.with('readHistory', (s) => s.rows(HISTORY_SQL.read, [key.modid, key.cmdid, sinceS]), true)).map(historyFromDb);
  }

  async pruneHistory(beforeS: number): Promise<number> {
    checkSafeUint('beforeS', beforeS);
    return (await this.db.with('pruneHistory', (s) => s.run(HISTORY_SQL.prune, [beforeS]))).affectedRows;
  }

  async keyChanges(): Promise<KeyChange[]> {
    return (await this.db.with('keyChanges', (s) => s.rows(HISTORY_SQL.keyChanges), true)).map(keyChangeFromDb);
  }

  /** Safe to run again on a fresh connection: a claim that already went through reads as renewed. */
  claimHistoryLease(owner: string, nowMs: number, untilMs: number): Promise<LeaseClaim> {
    return this.db.with(
      'claimHistoryLease',
      // mysql2 connects with FOUND_ROWS: affectedRows counts matched rows, so a renewal to the same expiry still says 1.
      (s) => claimLease(owner, nowMs, untilMs, async (sql, params) => (await s.run(sql, params)).affectedRows, (sql) => s.rows(sql), LEASE_INSERT_SQL.mysql),
      true,
    );
  }

  async releaseHistoryLease(owner: string): Promise<void> {
    checkLeaseOwner(owner);
    await this.db.with('releaseHistoryLease', (s) => s.run(LEASE_SQL.release, [owner]));
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

async function readVersion(s: MysqlSession): Promise<number> {
  const row = (await s.rows(SQL.version))[0];
  if (!row) throw noVersionRow();
  return Number(row['version']);
}

/** Reads the version with a row lock: every edit serialises here, so edits get consecutive versions and commit in version order. */
async function lockVersion(s: MysqlSession): Promise<number> {
  const row = (await s.rows(`${SQL.version} FOR UPDATE`))[0];
  if (!row) throw noVersionRow();
  return Number(row['version']);
}

async function audit(s: MysqlSession, e: AuditEntry): Promise<void> {
  await s.run(AUDIT_SQL.insert, auditParams(e));
}

async function recordChange(s: MysqlSession, modid: number, cmdid: number, version: number, nowMs: number): Promise<number> {
  await s.run(SQL.appendChange, [modid, cmdid, version, nowMs]);
  await s.run(SQL.setVersion, [version]);
  return version;
}
