/**
 * Databases in the shapes our schema upgrades start from, for tests:
 *
 * - ORIGINAL_*: the original C++ Lars's own tables, written from its column
 *   list (RouteData all unsigned, RouteVersion with an auto-increment id and a
 *   unix-time version, RouteChange without created_at_ms, ServerCallStatus
 *   with unsigned ip/port/caller). Our roles must run on it as it is.
 * - OLD_TS_STATUS_*: ServerCallStatus as Lars-TS created it before the
 *   status-unsigned upgrade (signed ip/port/caller).
 *
 * SQLite never had the original's tables; the SQLite variant keeps the same
 * columns with SQLite's types so both stores face the same gaps.
 */
export const ORIGINAL_MYSQL = [
  `CREATE TABLE RouteData (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    modid INT UNSIGNED NOT NULL,
    cmdid INT UNSIGNED NOT NULL,
    serverip INT UNSIGNED NOT NULL,
    serverport INT UNSIGNED NOT NULL,
    PRIMARY KEY (id)
  ) ENGINE = InnoDB`,
  `CREATE TABLE RouteVersion (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    version INT UNSIGNED NOT NULL,
    PRIMARY KEY (id)
  ) ENGINE = InnoDB`,
  `CREATE TABLE RouteChange (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    modid INT UNSIGNED NOT NULL,
    cmdid INT UNSIGNED NOT NULL,
    version BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (id)
  ) ENGINE = InnoDB`,
  `CREATE TABLE ServerCallStatus (
    modid INT NOT NULL,
    cmdid INT NOT NULL,
    ip INT UNSIGNED NOT NULL,
    port INT UNSIGNED NOT NULL,
    caller INT UNSIGNED NOT NULL,
    succ_cnt INT NOT NULL,
    err_cnt INT NOT NULL,
    ts BIGINT NOT NULL,
    overload CHAR(1) NOT NULL,
    PRIMARY KEY (modid, cmdid, ip, port, caller)
  ) ENGINE = InnoDB`,
  'INSERT INTO RouteVersion (version) VALUES (UNIX_TIMESTAMP())',
] as const;

export const ORIGINAL_SQLITE = [
  'CREATE TABLE RouteData (id INTEGER PRIMARY KEY AUTOINCREMENT, modid INTEGER NOT NULL, cmdid INTEGER NOT NULL, serverip INTEGER NOT NULL, serverport INTEGER NOT NULL)',
  'CREATE TABLE RouteVersion (id INTEGER PRIMARY KEY AUTOINCREMENT, version INTEGER NOT NULL)',
  'CREATE TABLE RouteChange (id INTEGER PRIMARY KEY AUTOINCREMENT, modid INTEGER NOT NULL, cmdid INTEGER NOT NULL, version INTEGER NOT NULL)',
  `CREATE TABLE ServerCallStatus (
    modid INTEGER NOT NULL, cmdid INTEGER NOT NULL,
    ip INT UNSIGNED NOT NULL, port INT UNSIGNED NOT NULL, caller INT UNSIGNED NOT NULL,
    succ_cnt INTEGER NOT NULL, err_cnt INTEGER NOT NULL, ts INTEGER NOT NULL, overload TEXT NOT NULL,
    PRIMARY KEY (modid, cmdid, ip, port, caller)
  )`,
  "INSERT INTO RouteVersion (version) VALUES (CAST(strftime('%s', 'now') AS INTEGER))",
] as const;

/**
 * A route edit made the original's way (its web tool and SQL scripts): insert
 * the host, log the key in RouteChange, set RouteVersion to the unix time.
 * `unixTime` must be past the current version so readers see it move.
 */
export function originalAddHost(modid: number, cmdid: number, ip: number, port: number, unixTime: number): Array<[string, number[]]> {
  return [
    ['INSERT INTO RouteData (modid, cmdid, serverip, serverport) VALUES (?, ?, ?, ?)', [modid, cmdid, ip, port]],
    ['INSERT INTO RouteChange (modid, cmdid, version) VALUES (?, ?, ?)', [modid, cmdid, unixTime]],
    ['UPDATE RouteVersion SET version = ? WHERE id = 1', [unixTime]],
  ];
}

const OLD_STATUS_COLUMNS = `modid INT NOT NULL, cmdid INT NOT NULL, ip INT NOT NULL, port INT NOT NULL, caller INT NOT NULL,
  succ_cnt INT UNSIGNED NOT NULL, err_cnt INT UNSIGNED NOT NULL, ts BIGINT UNSIGNED NOT NULL, overload CHAR(1) NOT NULL,
  PRIMARY KEY (modid, cmdid, ip, port, caller)`;

export const OLD_TS_STATUS_MYSQL = `CREATE TABLE ServerCallStatus (${OLD_STATUS_COLUMNS}) ENGINE = InnoDB`;

export const OLD_TS_STATUS_SQLITE = `CREATE TABLE ServerCallStatus (
  modid INTEGER NOT NULL, cmdid INTEGER NOT NULL, ip INTEGER NOT NULL, port INTEGER NOT NULL, caller INTEGER NOT NULL,
  succ_cnt INTEGER NOT NULL, err_cnt INTEGER NOT NULL, ts INTEGER NOT NULL, overload TEXT NOT NULL,
  PRIMARY KEY (modid, cmdid, ip, port, caller)
) WITHOUT ROWID`;
