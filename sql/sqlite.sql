-- Lars schema for the embedded SQLite store (same tables as mysql.sql), in
-- its latest shape. Idempotent: `lars db init` runs it on every start, after
-- store/schemaUpgrade.ts has brought older tables to this shape.

-- One row per host of a route key. The UNIQUE constraint's index also
-- serves lookups by (modid, cmdid).
CREATE TABLE IF NOT EXISTS RouteData (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  modid INTEGER NOT NULL,
  cmdid INTEGER NOT NULL,
  serverip INTEGER NOT NULL CHECK (serverip BETWEEN 0 AND 4294967295),
  serverport INTEGER NOT NULL CHECK (serverport BETWEEN 0 AND 4294967295),
  -- Ours, not the original's (lars db init adds it in place): 1…1000, 1 balances as the original did.
  weight INTEGER NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 1000),
  -- Ours too (lars db init adds them in place, proto/hostMeta.ts has the rules): '' is no zone, no tags;
  -- tags as "k=v,k2=v2", sorted by key.
  zone TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '',
  UNIQUE (modid, cmdid, serverip, serverport)
);

-- The single row (1, version) every route edit bumps; readers poll it.
CREATE TABLE IF NOT EXISTS RouteVersion (
  id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL
);

INSERT INTO RouteVersion (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;

-- Append-only event log, pruned by age (created_at_ms, epoch milliseconds).
CREATE TABLE IF NOT EXISTS RouteChange (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  modid INTEGER NOT NULL,
  cmdid INTEGER NOT NULL,
  version INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS idx_change_version ON RouteChange (version);
CREATE INDEX IF NOT EXISTS idx_change_created ON RouteChange (created_at_ms);

-- Latest call statistics per (key, host, caller). ip, port and caller are
-- unsigned as in the original; "INT UNSIGNED" is kept as declared, which is
-- how a schema upgrade (PRAGMA table_info) tells this shape from older ones.
CREATE TABLE IF NOT EXISTS ServerCallStatus (
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
) WITHOUT ROWID;

-- Call history for the console's charts: calls per (key, host) and time
-- bucket (epoch seconds), pruned by age. ip and port unsigned, as in
-- ServerCallStatus.
CREATE TABLE IF NOT EXISTS CallHistory (
  modid INTEGER NOT NULL,
  cmdid INTEGER NOT NULL,
  ip INT UNSIGNED NOT NULL CHECK (ip BETWEEN 0 AND 4294967295),
  port INT UNSIGNED NOT NULL CHECK (port BETWEEN 0 AND 4294967295),
  bucket INTEGER NOT NULL,
  succ_cnt INTEGER NOT NULL,
  err_cnt INTEGER NOT NULL,
  PRIMARY KEY (modid, cmdid, bucket, ip, port)
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS idx_history_bucket ON CallHistory (bucket);

-- Which console writes CallHistory (store/historyLease.ts): one row, claimed
-- and renewed every poll by the consoles with history_writer = true, so only
-- one of them counts the calls. expires_ms is epoch milliseconds.
CREATE TABLE IF NOT EXISTS HistoryLease (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  owner TEXT NOT NULL,
  expires_ms INTEGER NOT NULL
);

INSERT INTO HistoryLease (id, owner, expires_ms) VALUES (1, '', 0) ON CONFLICT (id) DO NOTHING;

-- Registered instances (docs/registration.md): one lease per host, with its
-- owner, the DNS replica holding the live registration and a deadline
-- (epoch milliseconds). owns_row = 1 when the registration created the
-- host's RouteData row, which expiry and deregistration then delete.
CREATE TABLE IF NOT EXISTS RouteLease (
  modid INTEGER NOT NULL,
  cmdid INTEGER NOT NULL,
  serverip INTEGER NOT NULL CHECK (serverip BETWEEN 0 AND 4294967295),
  serverport INTEGER NOT NULL CHECK (serverport BETWEEN 0 AND 4294967295),
  owner TEXT NOT NULL,
  replica TEXT NOT NULL,
  weight INTEGER NOT NULL DEFAULT 1,
  ttl_ms INTEGER NOT NULL,
  lease_until_ms INTEGER NOT NULL,
  registered_at_ms INTEGER NOT NULL,
  check_passing INTEGER NOT NULL DEFAULT 1,
  check_detail TEXT NOT NULL DEFAULT '',
  owns_row INTEGER NOT NULL,
  PRIMARY KEY (modid, cmdid, serverip, serverport)
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS idx_lease_until ON RouteLease (lease_until_ms);
-- Every route read asks for the failing ones (not served when static).
CREATE INDEX IF NOT EXISTS idx_lease_failing ON RouteLease (check_passing);

-- Hosts an operator took out of service (lars route disable, the console),
-- static or registered, until enabled again.
CREATE TABLE IF NOT EXISTS RouteDrain (
  modid INTEGER NOT NULL,
  cmdid INTEGER NOT NULL,
  serverip INTEGER NOT NULL CHECK (serverip BETWEEN 0 AND 4294967295),
  serverport INTEGER NOT NULL CHECK (serverport BETWEEN 0 AND 4294967295),
  disabled_at_ms INTEGER NOT NULL,
  who TEXT NOT NULL,
  PRIMARY KEY (modid, cmdid, serverip, serverport)
) WITHOUT ROWID;

-- The audit trail of route edits (store/routeAudit.ts): who changed which
-- host of which key, when (epoch ms) and how, written in the edit's own
-- transaction. Pruned by age like RouteChange, with a retention of its own.
CREATE TABLE IF NOT EXISTS RouteAudit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL,
  modid INTEGER NOT NULL,
  cmdid INTEGER NOT NULL,
  serverip INTEGER NOT NULL CHECK (serverip BETWEEN 0 AND 4294967295),
  serverport INTEGER NOT NULL CHECK (serverport BETWEEN 0 AND 4294967295),
  action TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  who TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_audit_key ON RouteAudit (modid, cmdid, id);
CREATE INDEX IF NOT EXISTS idx_audit_version ON RouteAudit (version);
CREATE INDEX IF NOT EXISTS idx_audit_at ON RouteAudit (at_ms);

-- Service names of route keys (store/keyNameStore.ts): at most one name per
-- key, each name on one key. Lower-case ASCII by the rule of store/keyName.ts.
-- Ours, not the original's (its tools never read it).
CREATE TABLE IF NOT EXISTS KeyName (
  modid INTEGER NOT NULL,
  cmdid INTEGER NOT NULL,
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
  PRIMARY KEY (modid, cmdid)
) WITHOUT ROWID;

-- Routing rules of route keys (store/routeRuleStore.ts, proto/routeRule.ts):
-- each row one rule in its one-line text, in the key's order. Ours, not the
-- original's (its tools never read it).
CREATE TABLE IF NOT EXISTS RouteRule (
  modid INTEGER NOT NULL,
  cmdid INTEGER NOT NULL,
  position INTEGER NOT NULL,
  rule TEXT NOT NULL CHECK (length(rule) BETWEEN 1 AND 600),
  PRIMARY KEY (modid, cmdid, position)
) WITHOUT ROWID;
