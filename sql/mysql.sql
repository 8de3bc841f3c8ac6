-- Lars schema for MySQL / MariaDB, in its latest shape. Idempotent: `lars db
-- init` runs it on every start, after store/schemaUpgrade.ts has brought
-- older tables to this shape. Statements are split on ";" at the end of a line, so keep
-- semicolons out of comments and strings.

-- One row per host of a route key (modid, cmdid). The unique key doubles as
-- the index the route-watcher reads keys by (its (modid, cmdid) prefix).
CREATE TABLE IF NOT EXISTS RouteData (
  id INT NOT NULL AUTO_INCREMENT,
  modid INT NOT NULL,
  cmdid INT NOT NULL,
  serverip INT UNSIGNED NOT NULL,
  serverport INT UNSIGNED NOT NULL,
  -- Ours, not the original's (lars db init adds it in place): 1…1000, 1 balances as the original did.
  weight INT UNSIGNED NOT NULL DEFAULT 1,
  -- Ours too (lars db init adds them in place, proto/hostMeta.ts has the rules): '' is no zone, no tags;
  -- tags as "k=v,k2=v2", sorted by key (8 tags of 64+1+64 characters and 7 commas fit in 1039).
  zone VARCHAR(32) NOT NULL DEFAULT '',
  tags VARCHAR(1039) NOT NULL DEFAULT '',
  PRIMARY KEY (id),
  UNIQUE KEY uk_route_host (modid, cmdid, serverip, serverport)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- The single row (1, version) every route edit bumps; readers poll it.
CREATE TABLE IF NOT EXISTS RouteVersion (
  id INT NOT NULL,
  version INT NOT NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

INSERT INTO RouteVersion (id, version) VALUES (1, 0) ON DUPLICATE KEY UPDATE id = id;

-- Append-only event log: one row per edited key, stamped with the version
-- the edit produced. Pruned by age (created_at_ms, epoch milliseconds),
-- never by "a reader has seen it", since other DNS replicas may not have.
CREATE TABLE IF NOT EXISTS RouteChange (
  id INT NOT NULL AUTO_INCREMENT,
  modid INT NOT NULL,
  cmdid INT NOT NULL,
  version BIGINT UNSIGNED NOT NULL,
  created_at_ms BIGINT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  KEY idx_change_version (version),
  KEY idx_change_created (created_at_ms)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Latest call statistics per (key, host, caller), written by the reporter
-- as multi-row upserts. ip, port and caller are unsigned as in the original
-- (the wire's int32 read as uint32: 200.1.2.3 is 3355509251). overload is '1' or '0'.
CREATE TABLE IF NOT EXISTS ServerCallStatus (
  modid INT NOT NULL,
  cmdid INT NOT NULL,
  ip INT UNSIGNED NOT NULL,
  port INT UNSIGNED NOT NULL,
  caller INT UNSIGNED NOT NULL,
  succ_cnt INT UNSIGNED NOT NULL,
  err_cnt INT UNSIGNED NOT NULL,
  ts BIGINT UNSIGNED NOT NULL,
  overload CHAR(1) NOT NULL,
  PRIMARY KEY (modid, cmdid, ip, port, caller)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Call history for the console's charts: calls per (key, host) and time
-- bucket (epoch seconds), added to as the console samples ServerCallStatus.
-- Pruned by age (the console's [console] history_retention). ip and port
-- unsigned, as in ServerCallStatus.
CREATE TABLE IF NOT EXISTS CallHistory (
  modid INT NOT NULL,
  cmdid INT NOT NULL,
  ip INT UNSIGNED NOT NULL,
  port INT UNSIGNED NOT NULL,
  bucket BIGINT UNSIGNED NOT NULL,
  succ_cnt BIGINT UNSIGNED NOT NULL,
  err_cnt BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (modid, cmdid, bucket, ip, port),
  KEY idx_history_bucket (bucket)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Which console writes CallHistory (store/historyLease.ts): one row, claimed
-- and renewed every poll by the consoles with history_writer = true, so only
-- one of them counts the calls. expires_ms is epoch milliseconds.
CREATE TABLE IF NOT EXISTS HistoryLease (
  id INT NOT NULL,
  owner VARCHAR(100) NOT NULL,
  expires_ms BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

INSERT INTO HistoryLease (id, owner, expires_ms) VALUES (1, '', 0) ON DUPLICATE KEY UPDATE id = id;

-- Registered instances (docs/registration.md): one lease per host, with the
-- owner that registered it (an agent or an embedded client), the DNS replica
-- that holds the live registration, and a deadline on the database's clock
-- (epoch milliseconds) that the replica keeps moving while the owner renews.
-- owns_row = 1 when the registration created the host's RouteData row, which
-- expiry and deregistration then delete: a host that was static stays.
CREATE TABLE IF NOT EXISTS RouteLease (
  modid INT NOT NULL,
  cmdid INT NOT NULL,
  serverip INT UNSIGNED NOT NULL,
  serverport INT UNSIGNED NOT NULL,
  owner VARCHAR(255) NOT NULL,
  replica VARCHAR(255) NOT NULL,
  weight INT UNSIGNED NOT NULL DEFAULT 1,
  ttl_ms INT UNSIGNED NOT NULL,
  lease_until_ms BIGINT NOT NULL,
  registered_at_ms BIGINT NOT NULL,
  check_passing TINYINT NOT NULL DEFAULT 1,
  check_detail VARCHAR(500) NOT NULL DEFAULT '',
  owns_row TINYINT NOT NULL,
  PRIMARY KEY (modid, cmdid, serverip, serverport),
  KEY idx_lease_until (lease_until_ms),
  KEY idx_lease_failing (check_passing)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Hosts an operator took out of service (lars route disable, the console):
-- not served, static or registered, until enabled again, however often
-- they re-register.
CREATE TABLE IF NOT EXISTS RouteDrain (
  modid INT NOT NULL,
  cmdid INT NOT NULL,
  serverip INT UNSIGNED NOT NULL,
  serverport INT UNSIGNED NOT NULL,
  disabled_at_ms BIGINT NOT NULL,
  who VARCHAR(255) NOT NULL,
  PRIMARY KEY (modid, cmdid, serverip, serverport)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- The audit trail of route edits (store/routeAudit.ts): who changed which
-- host of which key, when (epoch ms) and how, written in the edit's own
-- transaction. Pruned by age like RouteChange, with a retention of its own.
CREATE TABLE IF NOT EXISTS RouteAudit (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  at_ms BIGINT UNSIGNED NOT NULL,
  version BIGINT UNSIGNED NOT NULL,
  modid INT NOT NULL,
  cmdid INT NOT NULL,
  serverip INT UNSIGNED NOT NULL,
  serverport INT UNSIGNED NOT NULL,
  action VARCHAR(16) NOT NULL,
  detail VARCHAR(200) NOT NULL DEFAULT '',
  who VARCHAR(200) NOT NULL,
  PRIMARY KEY (id),
  KEY idx_audit_key (modid, cmdid, id),
  KEY idx_audit_version (version),
  KEY idx_audit_at (at_ms)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Service names of route keys (store/keyNameStore.ts): at most one name per
-- key, each name on one key. Lower-case ASCII by the rule of store/keyName.ts,
-- compared byte for byte. Ours, not the original's (its tools never read it).
CREATE TABLE IF NOT EXISTS KeyName (
  modid INT NOT NULL,
  cmdid INT NOT NULL,
  name VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  PRIMARY KEY (modid, cmdid),
  UNIQUE KEY uk_key_name (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Routing rules of route keys (store/routeRuleStore.ts, proto/routeRule.ts):
-- each row one rule in its one-line text, in the key's order. Ours, not the
-- original's (its tools never read it).
CREATE TABLE IF NOT EXISTS RouteRule (
  modid INT NOT NULL,
  cmdid INT NOT NULL,
  position INT NOT NULL,
  rule VARCHAR(600) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  PRIMARY KEY (modid, cmdid, position)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
