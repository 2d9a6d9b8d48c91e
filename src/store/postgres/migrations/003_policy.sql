-- Call policy: number lists, limit settings, and the fixed-window counters of call and API limits.
-- scope '' = platform-wide, else an app key (as voice_files). The counters are shaped for
-- several nodes sharing one PostgreSQL database: one row per (scope, key, window start),
-- incremented by a single INSERT ... ON CONFLICT DO UPDATE ... RETURNING, pruned once expired.

CREATE TABLE policy_lists (
  scope      TEXT NOT NULL,
  list       TEXT NOT NULL,            -- callerBlacklist | calleeBlacklist | calleeWhitelist
  number     TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (scope, list, number)
);

CREATE TABLE policy_settings (
  scope      TEXT PRIMARY KEY,
  settings   TEXT NOT NULL,            -- JSON PolicySettings
  updated_at BIGINT NOT NULL
);

CREATE TABLE policy_counters (
  scope        TEXT NOT NULL,          -- what is counted and over which window, e.g. 'callee:60'
  key          TEXT NOT NULL,          -- whose calls: a number, an app key, an SP id
  window_start BIGINT NOT NULL,
  count        INTEGER NOT NULL,
  expires_at   BIGINT NOT NULL,
  PRIMARY KEY (scope, key, window_start)
);
CREATE INDEX policy_counters_expiry ON policy_counters (expires_at);
