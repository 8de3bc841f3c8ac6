/**
 * What the database in front of us actually has: every table's columns and
 * their declared types, read from the live schema (information_schema on
 * MySQL, PRAGMA table_info on SQLite) rather than from a version number we
 * would have to trust. Schema upgrades decide what to do from it, and the
 * stores adapt to a database that `lars db init` has not upgraded yet
 * (e.g. one made by the original Lars).
 */

export interface LiveColumn {
  table: string;
  column: string;
  /** Declared type as the engine reports it, e.g. `int(10) unsigned`, `INT UNSIGNED`, `INTEGER`. */
  type: string;
}

export class LiveSchema {
  private readonly tables = new Map<string, Map<string, string>>();

  constructor(columns: readonly LiveColumn[]) {
    for (const c of columns) {
      let table = this.tables.get(c.table);
      if (!table) this.tables.set(c.table, (table = new Map()));
      table.set(c.column, c.type);
    }
  }

  hasTable(table: string): boolean {
    return this.tables.has(table);
  }

  hasColumn(table: string, column: string): boolean {
    return this.tables.get(table)?.has(column) ?? false;
  }

  /** The table exists but lacks the column (a missing table is created whole by the schema file instead). */
  lacksColumn(table: string, column: string): boolean {
    return this.hasTable(table) && !this.hasColumn(table, column);
  }

  columnType(table: string, column: string): string | undefined {
    return this.tables.get(table)?.get(column);
  }

  /** Declared unsigned (MySQL `int unsigned`; our SQLite tables declare `INT UNSIGNED` too, which SQLite keeps as written). */
  isUnsigned(table: string, column: string): boolean {
    return /\bunsigned\b/i.test(this.columnType(table, column) ?? '');
  }
}

/** The query each engine answers with one row per (table, column, type). */
export const LIVE_COLUMNS_SQL = {
  mysql:
    'SELECT TABLE_NAME AS table_name, COLUMN_NAME AS column_name, COLUMN_TYPE AS column_type FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()',
  sqlite:
    "SELECT m.name AS table_name, p.name AS column_name, p.type AS column_type FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'",
} as const;

export function liveSchemaFromRows(rows: readonly Record<string, unknown>[]): LiveSchema {
  return new LiveSchema(rows.map((r) => ({ table: String(r['table_name']), column: String(r['column_name']), type: String(r['column_type']) })));
}

/**
 * A LiveSchema read on first use and kept: the stores ask it on hot paths
 * (every status batch) and a schema changes only under `lars db init`, after
 * which forget() makes the next use read it again.
 */
export class CachedLiveSchema {
  private current: Promise<LiveSchema> | undefined;

  constructor(private readonly read: () => Promise<LiveSchema>) {}

  get(): Promise<LiveSchema> {
    if (!this.current) {
      const reading = this.read();
      this.current = reading;
      reading.catch(() => {
        if (this.current === reading) this.current = undefined;
      });
    }
    return this.current;
  }

  forget(): void {
    this.current = undefined;
  }
}

/** Whether ServerCallStatus takes the unsigned form of ip/port/caller (the original's shape and ours since status-unsigned). */
export function statusColumnsUnsigned(live: LiveSchema): boolean {
  return live.isUnsigned('ServerCallStatus', 'ip');
}

/** Whether CallHistory takes the unsigned form of ip/port (ours since history-unsigned). */
export function historyColumnsUnsigned(live: LiveSchema): boolean {
  return live.isUnsigned('CallHistory', 'ip');
}

/** Which of our columns RouteData has: weight (route-weight upgrade), zone and tags (route-zone-tags). */
export interface RouteColumns {
  weight: boolean;
  /** zone and tags, added together. */
  meta: boolean;
}

/**
 * Our RouteData columns as the database has them now (the original's has
 * none: every weight reads as 1, no host has a zone or tags). While one is
 * missing, the next use reads the schema again, so `lars db init` run
 * beside a live DNS is picked up without a restart.
 */
export async function routeColumnsNow(live: CachedLiveSchema): Promise<RouteColumns> {
  const schema = await live.get();
  const cols = { weight: schema.hasColumn('RouteData', 'weight'), meta: schema.hasColumn('RouteData', 'zone') && schema.hasColumn('RouteData', 'tags') };
  if (!cols.weight || !cols.meta) live.forget();
  return cols;
}

/** Whether RouteChange rows carry created_at_ms (the original's table does not: nothing can be pruned by age there). */
export function changesHaveCreatedAt(live: LiveSchema): boolean {
  return live.hasColumn('RouteChange', 'created_at_ms');
}
