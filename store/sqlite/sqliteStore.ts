/**
 * Store on an embedded SQLite file through better-sqlite3 (synchronous; each
 * call is short). WAL lets readers run beside the one writer; busy_timeout
 * makes a second writer (another process or worker) wait instead of failing.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Store, StoreCounters, StoreOptions } from '../store.js';
import type { SqliteUrl } from '../storeUrl.js';
import type { HostChange, HostEdit, KeyHosts, RouteChanges, RouteEdit, RouteFilter, RouteKey, RouteRow, RouteTable, WeightEdit } from '../routeTypes.js';
import type { HostMeta } from '../../proto/hostMeta.js';
import { addedDetail, checkHostChange, hostValuesOf, hostWith, insertHostStatement, newHostValues, plannedEdit, requireColumns, updateHostStatement } from '../hostEdit.js';
import type { StatusFilter, StatusRow } from '../statusStore.js';
import { StoreError } from '../storeError.js';
import { readSchemaFile } from '../schemaFile.js';
import { checkInt32, checkSafeUint, checkWeight } from '../validateValues.js';
import { AUDIT_SQL, auditFromDb, auditParams, checkAuditLimit, editorText, hasAuditTable, type AuditEntry } from '../routeAudit.js';
import { SQL, changesFromRows, checkHostArgs, checkRoutableHost, groupByKey, hostsPerKey, listHostsSql, loadAllSql, noVersionRow, oneHostSql, oneKeySql, routeRowFromDb, tableFromRows } from '../routeSql.js';
import { checkRouteFits, hostText, withHost } from '../routeLimit.js';
import { STATUS_COLUMNS, chunk, prepareStatusRows, readStatusSql, statusFromDb, statusParams, valuesPlaceholders } from '../statusBatch.js';
import { sqliteStoreError } from './sqliteErrors.js';
import { CachedKeyIndex, distinctKeys } from '../keyReload.js';
import { SQLITE_INDEX_COLUMNS_SQL, sqliteKeyIndex, sqliteKeyRows } from './sqliteKeyReload.js';
import { HISTORY_ROWS_PER_STATEMENT, HISTORY_SQL, checkHistoryRead, historyFromDb, historyInsertSql, historyParams, keyChangeFromDb, prepareHistoryRows, type HistoryRow, type KeyChange } from '../historyStore.js';
import { CachedLiveSchema, LIVE_COLUMNS_SQL, changesHaveCreatedAt, historyColumnsUnsigned, liveSchemaFromRows, routeColumnsNow, statusColumnsUnsigned, type LiveSchema, type RouteColumns } from '../liveSchema.js';
import { upgradeSchema } from '../schemaUpgrade.js';
import { LEASE_INSERT_SQL, LEASE_SQL, checkLeaseOwner, claimLease, type LeaseClaim } from '../historyLease.js';
import { runProgramSync, type Program, type Statement, type StatementResult } from '../lease/storeProgram.js';
import { hasLeaseTables } from '../lease/leaseTables.js';
import { LEASE_HOST_SQL, type LeaseDialect } from '../lease/leaseSql.js';
import { ProgramStoreMethods } from '../programStoreMethods.js';

type Row = Record<string, unknown>;
type Param = number | string;

/** Rows per upsert statement: 9 parameters each, far below SQLite's 32766-variable limit. */
const STATUS_ROWS_PER_STATEMENT = 500;

const UPSERT_STATUS_PREFIX = `INSERT INTO ServerCallStatus (${STATUS_COLUMNS.join(', ')}) VALUES `;
const UPSERT_STATUS_SUFFIX =
  ' ON CONFLICT (modid, cmdid, ip, port, caller) DO UPDATE SET succ_cnt = excluded.succ_cnt, err_cnt = excluded.err_cnt, ts = excluded.ts, overload = excluded.overload' +
  // A slower writer never regresses a row: only a newer-or-equal ts replaces it.
  ' WHERE excluded.ts >= ServerCallStatus.ts';

export class SqliteStore extends ProgramStoreMethods implements Store {
  readonly backend = 'sqlite';
  readonly displayUrl: string;
  /** One connection to one file, serialised by SQLite's own lock: nothing to retry or fail over. */
  readonly counters: Readonly<StoreCounters> = { conflicts: 0, failovers: 0 };
  private readonly db: Database.Database;
  private readonly now: () => number;
  private closed = false;
  private readonly statements = new Map<string, Database.Statement>();
  /** The live table shapes, so a file not yet upgraded by `lars db init` still works. */
  private readonly live = new CachedLiveSchema(async () => this.readLive());
  /** The RouteData index loadKeys names (keyReload.ts). */
  private readonly keyIndex = new CachedKeyIndex(async () => sqliteKeyIndex(this.call('read indexes', () => this.db.prepare(SQLITE_INDEX_COLUMNS_SQL).all() as Row[])));

  constructor(url: SqliteUrl, options: StoreOptions = {}) {
    super();
    this.displayUrl = `sqlite:${url.path}`;
    this.now = options.now ?? Date.now;
    if (options.createIfMissing === false && url.path !== ':memory:' && !existsSync(url.path)) {
      throw new StoreError('STORE_NO_SCHEMA', `sqlite: ${url.path} does not exist; create it with \`lars db init --store sqlite:${url.path}\``);
    }
    try {
      this.db = new Database(url.path);
      if (url.path !== ':memory:') this.db.pragma('journal_mode = WAL');
      this.db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
      // With WAL, NORMAL loses at most the last transactions on power loss, never integrity; FULL would fsync every status batch.
      this.db.pragma('synchronous = NORMAL');
    } catch (err) {
      throw sqliteStoreError(err, `open ${url.path}`);
    }
    const clock = options.leaseClock ?? this.now;
    // Lease statements come in every size (IN lists): prepared each time rather than cached without bound.
    const exec = (st: Statement): StatementResult => (st.kind === 'rows' ? (this.db.prepare(st.sql).all(...st.params) as Row[]) : this.db.prepare(st.sql).run(...st.params).changes);
    const runner = {
      read: async <T>(what: string, program: () => Program<T>) => this.call(what, () => runProgramSync(program(), exec)),
      edit: async <T>(what: string, program: () => Program<T>) => this.call(what, () => this.db.transaction(() => runProgramSync(program(), exec)).immediate()),
    };
    // One writer at a time: the IMMEDIATE transaction holds the file's write lock, no row locks needed.
    const dialect: LeaseDialect = { forUpdate: '', now: () => ({ sql: '?', params: [clock()] }) };
    this.usePrograms(runner, this.live, dialect, this.now);
  }

  /** Upgrades the tables the file already has (schemaUpgrade.ts), then creates what is missing; resolves to the steps applied. */
  async init(): Promise<string[]> {
    try {
      const applied = await upgradeSchema({
        backend: 'sqlite',
        readLive: async () => this.readLive(),
        apply: async (sql) => this.call('upgrade schema', () => this.db.transaction(() => sql.forEach((one) => this.db.exec(one))).immediate()),
      });
      this.call('init', () => this.db.exec(readSchemaFile('sqlite.sql')));
      return applied;
    } finally {
      this.statements.clear();
      this.live.forget();
      this.keyIndex.forget();
    }
  }

  async getVersion(): Promise<number> {
    return this.call('getVersion', () => {
      const row = this.rows(SQL.version)[0];
      if (!row) throw noVersionRow();
      return Number(row['version']);
    });
  }

  async changesSince(version: number): Promise<RouteChanges> {
    checkSafeUint('version', version);
    return changesFromRows(version, this.call('changesSince', () => this.rows(SQL.changesSince, [version])));
  }

  async loadKeys(keys: readonly RouteKey[]): Promise<KeyHosts[]> {
    const wanted = distinctKeys(keys);
    if (wanted.length === 0) return [];
    const cols = await this.columns();
    const index = await this.keyIndex.get();
    try {
      const prepare = (sql: string, cache: boolean): Database.Statement => (cache ? this.stmt(sql) : this.db.prepare(sql));
      const rows = this.call('loadKeys', () => this.db.transaction(() => sqliteKeyRows(prepare, wanted, cols, index))());
      return hostsPerKey(wanted, await this.leases.servedOnly(rows, await hasLeaseTables(this.live)));
    } catch (err) {
      // The named index may have been dropped under us: look again next time.
      this.keyIndex.forget();
      throw err;
    }
  }

  async loadAll(): Promise<RouteTable> {
    const cols = await this.columns();
    const table = tableFromRows(this.call('loadAll', () => this.rows(loadAllSql(cols))));
    return { version: table.version, routes: groupByKey(await this.leases.servedOnly(table.rows, await hasLeaseTables(this.live))) };
  }

  async listHosts(filter?: RouteFilter): Promise<RouteRow[]> {
    const { sql, params } = listHostsSql(filter, await this.columns());
    return this.call('listHosts', () => this.rows(sql, params)).map(routeRowFromDb);
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
    return this.edit('addHost', (current) => {
      // A registered host added by hand is static from now on: expiry and deregistration leave its row.
      if (leased) this.stmt(LEASE_HOST_SQL.makeStatic).run(modid, cmdid, ip, port);
      if (this.rows(SQL.hostExists, [modid, cmdid, ip, port]).length > 0) return { status: 'exists', version: current };
      const hosts = this.rows(oneKeySql(cols), [modid, cmdid]).map(routeRowFromDb);
      checkRouteFits(modid, cmdid, withHost(hosts, hostWith(ip, port, values)), `adding ${hostText(ip, port)}`);
      const insert = insertHostStatement(cols, modid, cmdid, ip, port, values);
      this.stmt(insert.sql).run(...insert.params);
      const version = this.recordChange(modid, cmdid, current + 1);
      if (audited) this.audit({ atMs: this.now(), version, modid, cmdid, ip, port, action: 'add', detail: addedDetail(values), who: editor });
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
    return this.edit('setHost', (current): HostEdit => {
      const found = this.rows(oneHostSql(cols), [modid, cmdid, ip, port])[0];
      if (found === undefined) return { status: 'missing', version: current };
      const planned = plannedEdit(hostValuesOf(routeRowFromDb(found)), checked);
      if (planned === undefined) return { status: 'unchanged', version: current };
      requireColumns(cols, planned.after);
      const hosts = this.rows(oneKeySql(cols), [modid, cmdid]).map(routeRowFromDb);
      checkRouteFits(modid, cmdid, withHost(hosts, hostWith(ip, port, planned.after)), `${planned.what} on ${hostText(ip, port)}`);
      const update = updateHostStatement(cols, modid, cmdid, ip, port, planned.after);
      this.stmt(update.sql).run(...update.params);
      const version = this.recordChange(modid, cmdid, current + 1);
      if (audited) this.audit({ atMs: this.now(), version, modid, cmdid, ip, port, action: planned.action, detail: planned.detail, who: editor });
      return { status: 'updated', version };
    });
  }

  async delHost(modid: number, cmdid: number, ip: number, port: number, who?: string): Promise<RouteEdit> {
    checkHostArgs(modid, cmdid, ip, port);
    const editor = editorText(who);
    const leased = await hasLeaseTables(this.live);
    const audited = await hasAuditTable(this.live);
    return this.edit('delHost', (current) => {
      // Its lease goes too: the owner's next renewal registers it again (drain is how a host stays out).
      if (leased) this.stmt(LEASE_HOST_SQL.forget).run(modid, cmdid, ip, port);
      if (this.stmt(SQL.deleteHost).run(modid, cmdid, ip, port).changes === 0) return { status: 'missing', version: current };
      const version = this.recordChange(modid, cmdid, current + 1);
      if (audited) this.audit({ atMs: this.now(), version, modid, cmdid, ip, port, action: 'del', detail: '', who: editor });
      return { status: 'deleted', version };
    });
  }

  async pruneChanges(cutoffMs: number): Promise<number> {
    checkSafeUint('cutoffMs', cutoffMs);
    if (!changesHaveCreatedAt(await this.live.get())) return 0;
    return this.call('pruneChanges', () => this.stmt(SQL.prune).run(cutoffMs).changes);
  }

  async recentEdits(key: RouteKey, limit: number): Promise<AuditEntry[]> {
    checkInt32('modid', key.modid);
    checkInt32('cmdid', key.cmdid);
    const sql = AUDIT_SQL.ofKey(checkAuditLimit(limit));
    if (!(await hasAuditTable(this.live))) return [];
    return this.call('recentEdits', () => this.rows(sql, [key.modid, key.cmdid])).map(auditFromDb);
  }

  async editsSince(version: number, limit: number): Promise<AuditEntry[]> {
    checkSafeUint('version', version);
    const sql = AUDIT_SQL.since(checkAuditLimit(limit));
    if (!(await hasAuditTable(this.live))) return [];
    return this.call('editsSince', () => this.rows(sql, [version])).map(auditFromDb);
  }

  async pruneAudit(cutoffMs: number): Promise<number> {
    checkSafeUint('cutoffMs', cutoffMs);
    if (!(await hasAuditTable(this.live))) return 0;
    return this.call('pruneAudit', () => this.stmt(AUDIT_SQL.prune).run(cutoffMs).changes);
  }

  async upsertStatus(rows: readonly StatusRow[]): Promise<void> {
    const prepared = prepareStatusRows(rows);
    if (prepared.length === 0) return;
    const unsigned = statusColumnsUnsigned(await this.live.get());
    try {
      this.call('upsertStatus', () =>
        this.db
          .transaction(() => {
            for (const part of chunk(prepared, STATUS_ROWS_PER_STATEMENT)) {
              const sql = UPSERT_STATUS_PREFIX + valuesPlaceholders(part.length) + UPSERT_STATUS_SUFFIX;
              // Only the full-chunk statement is cached; remainders come in every size and would grow the cache without bound.
              const statement = part.length === STATUS_ROWS_PER_STATEMENT ? this.stmt(sql) : this.db.prepare(sql);
              statement.run(part.flatMap((r) => statusParams(r, unsigned)));
            }
          })
          .immediate(),
      );
    } catch (err) {
      // `lars db init` may have upgraded the table under us: look again before the retry.
      this.live.forget();
      throw err;
    }
  }

  async readStatus(filter?: StatusFilter): Promise<StatusRow[]> {
    const { sql, params } = readStatusSql(filter);
    return this.call('readStatus', () => this.rows(sql, params)).map(statusFromDb);
  }

  async addHistory(rows: readonly HistoryRow[]): Promise<void> {
    const prepared = prepareHistoryRows(rows);
    if (prepared.length === 0) return;
    const unsigned = historyColumnsUnsigned(await this.live.get());
    try {
      this.call('addHistory', () =>
        this.db
          .transaction(() => {
            for (const part of chunk(prepared, HISTORY_ROWS_PER_STATEMENT)) {
              const sql = `${historyInsertSql(part.length)} ON CONFLICT (modid, cmdid, bucket, ip, port) DO UPDATE SET succ_cnt = succ_cnt + excluded.succ_cnt, err_cnt = err_cnt + excluded.err_cnt`;
              this.db.prepare(sql).run(part.flatMap((r) => historyParams(r, unsigned)));
            }
          })
          .immediate(),
      );
    } catch (err) {
      // `lars db init` may have upgraded the table under us: look again before the retry.
      this.live.forget();
      throw err;
    }
  }

  async readHistory(key: RouteKey, sinceS: number): Promise<HistoryRow[]> {
    checkHistoryRead(key, sinceS);
    return this.call('readHistory', () => this.rows(HISTORY_SQL.read, [key.modid, key.cmdid, sinceS])).map(historyFromDb);
  }

  async pruneHistory(beforeS: number): Promise<number> {
    checkSafeUint('beforeS', beforeS);
    return this.call('pruneHistory', () => this.stmt(HISTORY_SQL.prune).run(beforeS).changes);
  }

  async keyChanges(): Promise<KeyChange[]> {
    return this.call('keyChanges', () => this.rows(HISTORY_SQL.keyChanges)).map(keyChangeFromDb);
  }

  async claimHistoryLease(owner: string, nowMs: number, untilMs: number): Promise<LeaseClaim> {
    return claimLease(
      owner,
      nowMs,
      untilMs,
      async (sql, params) => this.call('claimHistoryLease', () => this.stmt(sql).run(...params).changes),
      async (sql) => this.call('claimHistoryLease', () => this.rows(sql)),
      LEASE_INSERT_SQL.sqlite,
    );
  }

  async releaseHistoryLease(owner: string): Promise<void> {
    checkLeaseOwner(owner);
    this.call('releaseHistoryLease', () => this.stmt(LEASE_SQL.release).run(owner));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  /** An edit in an IMMEDIATE transaction: the write lock is taken up front, so edits serialise and get consecutive versions. */
  private edit<E extends RouteEdit | HostEdit>(what: string, body: (currentVersion: number) => E): E {
    return this.call(what, () =>
      this.db
        .transaction(() => {
          const row = this.rows(SQL.version)[0];
          if (!row) throw noVersionRow();
          return body(Number(row['version']));
        })
        .immediate(),
    );
  }

  private audit(e: AuditEntry): void {
    this.stmt(AUDIT_SQL.insert).run(...auditParams(e));
  }

  private recordChange(modid: number, cmdid: number, version: number): number {
    this.stmt(SQL.appendChange).run(modid, cmdid, version, this.now());
    this.stmt(SQL.setVersion).run(version);
    return version;
  }

  private columns(): Promise<RouteColumns> {
    return routeColumnsNow(this.live);
  }

  private readLive(): LiveSchema {
    return liveSchemaFromRows(this.call('read schema', () => this.db.prepare(LIVE_COLUMNS_SQL.sqlite).all() as Row[]));
  }

  /** Prepared once per distinct SQL text: the polls and edits repeat the same few statements. */
  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private rows(sql: string, params: readonly Param[] = []): Row[] {
    return this.stmt(sql).all(...params) as Row[];
  }

  private call<T>(what: string, fn: () => T): T {
    if (this.closed) throw new StoreError('STORE_CLOSED', `sqlite ${what}: store is closed`);
    try {
      return fn();
    } catch (err) {
      throw sqliteStoreError(err, what);
    }
  }
}
