/**
 * In-place schema upgrades run by `lars db init` (store.init()) on the tables
 * a database already has, before the schema file creates any missing table
 * (and index) in its latest shape. Each step
 * looks at the live schema (LiveSchema: information_schema / PRAGMA, never a
 * version number we assume) and runs only when its change is missing, so
 * init is idempotent, resumes after an interrupted upgrade, and brings any
 * older database up to date: one made by an earlier Lars-TS or by the
 * original C++ Lars.
 *
 * Adding a step (append it to SCHEMA_STEPS; order matters, never reorder):
 *
 *   {
 *     name: 'route-weight',                              // stable, printed by `lars db init`
 *     summary: 'RouteData.weight, default 1',
 *     needed: (live) => live.lacksColumn('RouteData', 'weight'),
 *     mysql: ['ALTER TABLE RouteData ADD COLUMN weight INT UNSIGNED NOT NULL DEFAULT 1'],
 *     sqlite: ['ALTER TABLE RouteData ADD COLUMN weight INTEGER NOT NULL DEFAULT 1'],
 *   },
 *
 * and give sql/mysql.sql and sql/sqlite.sql the same shape so fresh databases
 * start with it (the step then finds nothing to do). A whole new table only
 * needs its CREATE TABLE IF NOT EXISTS in the schema files. Rules:
 * - `needed` is false for a table that does not exist (lacksColumn does that):
 *   the schema file creates it whole right after.
 * - `needed` must turn false once the statements ran (it is re-checked after
 *   a failure: a concurrent `lars db init` that did the work first is fine).
 * - Statements must be safe to run again after a partial run (MySQL DDL
 *   commits one statement at a time; SQLite runs a step in one transaction).
 *   MySQL DML that must not half-run goes between 'START TRANSACTION' and
 *   'COMMIT' statements of the step (rolled back when one of them fails).
 * - Code that must also work before the upgrade asks LiveSchema (see
 *   MysqlStore / SqliteStore: status columns, pruning) instead of assuming.
 */
import { LiveSchema } from './liveSchema.js';
import { MAX_TAGS, MAX_TAG_KEY_LEN, MAX_TAG_VALUE_LEN, MAX_ZONE_LEN } from '../proto/hostMeta.js';

export interface SchemaStep {
  name: string;
  summary: string;
  /** True while the live schema lacks this step's change. */
  needed(live: LiveSchema): boolean;
  mysql: readonly string[];
  sqlite: readonly string[];
}

const UINT32_MASK = 4294967295;
/** The longest tags text: 8 tags of key=value, comma-separated. */
const MAX_TAGS_TEXT = MAX_TAGS * (MAX_TAG_KEY_LEN + 1 + MAX_TAG_VALUE_LEN) + MAX_TAGS - 1;

export const SCHEMA_STEPS: readonly SchemaStep[] = [
  {
    // The original's RouteChange has no created_at_ms; pruning by age needs it.
    name: 'route-change-created-at',
    summary: 'RouteChange.created_at_ms (epoch ms) for pruning the change log by age',
    needed: (live) => live.lacksColumn('RouteChange', 'created_at_ms'),
    // The schema file's CREATE INDEX IF NOT EXISTS adds the SQLite index right after.
    mysql: ['ALTER TABLE RouteChange ADD COLUMN created_at_ms BIGINT UNSIGNED NOT NULL DEFAULT 0, ADD KEY idx_change_created (created_at_ms)'],
    sqlite: ['ALTER TABLE RouteChange ADD COLUMN created_at_ms INTEGER NOT NULL DEFAULT 0'],
  },
  {
    // The original declares these unsigned: 200.1.2.3 is stored as 3355509251, not -939458045.
    // MySQL goes through BIGINT so the negative values can be mapped (x & 0xFFFFFFFF) before the
    // column turns unsigned; each statement is safe to repeat after an interrupted run.
    name: 'status-unsigned',
    summary: 'ServerCallStatus.ip, port and caller unsigned, as in the original (negative values converted)',
    needed: (live) => live.hasTable('ServerCallStatus') && !['ip', 'port', 'caller'].every((c) => live.isUnsigned('ServerCallStatus', c)),
    mysql: [
      'ALTER TABLE ServerCallStatus MODIFY ip BIGINT NOT NULL, MODIFY port BIGINT NOT NULL, MODIFY caller BIGINT NOT NULL',
      `UPDATE ServerCallStatus SET ip = ip & ${UINT32_MASK}, port = port & ${UINT32_MASK}, caller = caller & ${UINT32_MASK} WHERE ip < 0 OR port < 0 OR caller < 0`,
      'ALTER TABLE ServerCallStatus MODIFY ip INT UNSIGNED NOT NULL, MODIFY port INT UNSIGNED NOT NULL, MODIFY caller INT UNSIGNED NOT NULL',
    ],
    // SQLite cannot change a column's declaration: rebuild the table (one transaction) with the file's shape.
    sqlite: [
      'DROP TABLE IF EXISTS ServerCallStatus_upgrade',
      `CREATE TABLE ServerCallStatus_upgrade (
        modid INTEGER NOT NULL,
        cmdid INTEGER NOT NULL,
        ip INT UNSIGNED NOT NULL CHECK (ip BETWEEN 0 AND 4294967295),
        port INT UNSIGNED NOT NULL CHECK (port BETWEEN 0 AND 4294967295),
        caller INT UNSIGNED NOT NULL CHECK (caller BETWEEN 0 AND 4294967295),
        succ_cnt INTEGER NOT NULL,
        err_cnt INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        overload TEXT NOT NULL,
        PRIMARY KEY (modid, cmdid, ip, port, caller)
      ) WITHOUT ROWID`,
      `INSERT OR REPLACE INTO ServerCallStatus_upgrade (modid, cmdid, ip, port, caller, succ_cnt, err_cnt, ts, overload)
        SELECT modid, cmdid, ip & ${UINT32_MASK}, port & ${UINT32_MASK}, caller & ${UINT32_MASK}, succ_cnt, err_cnt, ts, overload FROM ServerCallStatus`,
      'DROP TABLE ServerCallStatus',
      'ALTER TABLE ServerCallStatus_upgrade RENAME TO ServerCallStatus',
    ],
  },
  {
    // Host weights (issue 15). Until it runs, the stores read every weight as 1.
    name: 'route-weight',
    summary: 'RouteData.weight (1…1000), default 1',
    needed: (live) => live.lacksColumn('RouteData', 'weight'),
    mysql: ['ALTER TABLE RouteData ADD COLUMN weight INT UNSIGNED NOT NULL DEFAULT 1'],
    sqlite: ['ALTER TABLE RouteData ADD COLUMN weight INTEGER NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 1000)'],
  },
  {
    // Host zone and tags (issue 21, proto/hostMeta.ts); tags as "k=v,k2=v2". One statement (MySQL) or one
    // transaction (SQLite) adds both, so a partial run cannot leave one without the other.
    // Until it runs, the stores read no zone and no tags anywhere.
    name: 'route-zone-tags',
    summary: "RouteData.zone and RouteData.tags (\"k=v,k2=v2\"), default ''",
    needed: (live) => live.lacksColumn('RouteData', 'zone') || live.lacksColumn('RouteData', 'tags'),
    mysql: [`ALTER TABLE RouteData ADD COLUMN zone VARCHAR(${MAX_ZONE_LEN}) NOT NULL DEFAULT '', ADD COLUMN tags VARCHAR(${MAX_TAGS_TEXT}) NOT NULL DEFAULT ''`],
    sqlite: ["ALTER TABLE RouteData ADD COLUMN zone TEXT NOT NULL DEFAULT ''", "ALTER TABLE RouteData ADD COLUMN tags TEXT NOT NULL DEFAULT ''"],
  },
  {
    // CallHistory stored the wire's signed form; unsigned it joins ServerCallStatus and RouteData as they are.
    // MySQL: widen, then in one transaction move each negative row onto its unsigned key (adding to a row
    // already there: a console still writing the signed form during the upgrade may have made one) and
    // delete it, then narrow. A rerun after any statement is safe; narrowing fails, and init with it, only
    // if a signed row slipped in after the move (strict mode), and the next init merges that one too.
    name: 'history-unsigned',
    summary: 'CallHistory.ip and port unsigned, as in ServerCallStatus (negative values converted)',
    needed: (live) => live.hasTable('CallHistory') && !['ip', 'port'].every((c) => live.isUnsigned('CallHistory', c)),
    mysql: [
      'ALTER TABLE CallHistory MODIFY ip BIGINT NOT NULL, MODIFY port BIGINT NOT NULL',
      'START TRANSACTION',
      `INSERT INTO CallHistory (modid, cmdid, ip, port, bucket, succ_cnt, err_cnt)
        SELECT h.modid, h.cmdid, h.ip & ${UINT32_MASK}, h.port & ${UINT32_MASK}, h.bucket, h.succ_cnt, h.err_cnt FROM CallHistory h WHERE h.ip < 0 OR h.port < 0
        ON DUPLICATE KEY UPDATE CallHistory.succ_cnt = CallHistory.succ_cnt + VALUES(succ_cnt), CallHistory.err_cnt = CallHistory.err_cnt + VALUES(err_cnt)`,
      'DELETE FROM CallHistory WHERE ip < 0 OR port < 0',
      'COMMIT',
      'ALTER TABLE CallHistory MODIFY ip INT UNSIGNED NOT NULL, MODIFY port INT UNSIGNED NOT NULL',
    ],
    // Rebuilt with the file's shape (one transaction); the schema file puts idx_history_bucket back right after.
    sqlite: [
      'DROP TABLE IF EXISTS CallHistory_upgrade',
      `CREATE TABLE CallHistory_upgrade (
        modid INTEGER NOT NULL,
        cmdid INTEGER NOT NULL,
        ip INT UNSIGNED NOT NULL CHECK (ip BETWEEN 0 AND 4294967295),
        port INT UNSIGNED NOT NULL CHECK (port BETWEEN 0 AND 4294967295),
        bucket INTEGER NOT NULL,
        succ_cnt INTEGER NOT NULL,
        err_cnt INTEGER NOT NULL,
        PRIMARY KEY (modid, cmdid, bucket, ip, port)
      ) WITHOUT ROWID`,
      // "WHERE true" lets SQLite parse the upsert clause after a SELECT.
      `INSERT INTO CallHistory_upgrade (modid, cmdid, ip, port, bucket, succ_cnt, err_cnt)
        SELECT modid, cmdid, ip & ${UINT32_MASK}, port & ${UINT32_MASK}, bucket, succ_cnt, err_cnt FROM CallHistory WHERE true
        ON CONFLICT (modid, cmdid, bucket, ip, port) DO UPDATE SET succ_cnt = succ_cnt + excluded.succ_cnt, err_cnt = err_cnt + excluded.err_cnt`,
      'DROP TABLE CallHistory',
      'ALTER TABLE CallHistory_upgrade RENAME TO CallHistory',
    ],
  },
];

/** How a store lets the upgrade read its schema and run a step's statements. */
export interface SchemaEngine {
  backend: 'mysql' | 'sqlite';
  readLive(): Promise<LiveSchema>;
  /** Runs one step's statements, in order (SQLite: in one transaction). */
  apply(statements: readonly string[]): Promise<void>;
}

/** Steps still needed by a live schema (e.g. to tell an operator to run `lars db init`). */
export function pendingSteps(live: LiveSchema, steps: readonly SchemaStep[] = SCHEMA_STEPS): string[] {
  return steps.filter((s) => s.needed(live)).map((s) => s.name);
}

/** Runs every needed step in order; resolves to the names of the steps this call applied. */
export async function upgradeSchema(engine: SchemaEngine, steps: readonly SchemaStep[] = SCHEMA_STEPS): Promise<string[]> {
  const applied: string[] = [];
  for (const step of steps) {
    if (!step.needed(await engine.readLive())) continue;
    try {
      await engine.apply(step[engine.backend]);
    } catch (err) {
      // Another `lars db init` may have applied it between our check and our statements.
      if (step.needed(await engine.readLive())) throw err;
      continue;
    }
    applied.push(step.name);
  }
  return applied;
}
