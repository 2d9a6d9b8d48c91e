-- voxcall schema, version 17: privacy numbers (issue 11, docs/privacy-numbers.md). A pool holds X
-- numbers of its app (display numbers; checked when added, not by a foreign key, so taking a
-- number from an app stays a plain delete); a binding puts A and B (AXB) or A alone (AX) behind
-- an X. privacy_parties is the rule "a caller of X names one binding": its key (x, number) lets
-- a number be a party of one active binding per X; an AX binding also holds the row (x, '*'), and
-- a bind locks its X's row before it checks for one. Ended bindings (unbound, expired) keep their
-- row (idempotency, queries) and lose their parties. The same DDL as PostgreSQL's 017.

CREATE TABLE privacy_pools (
  pool_id    TEXT PRIMARY KEY,          -- the vsp push's numberPoolNo
  app_key    TEXT NOT NULL,
  name       TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX privacy_pools_app ON privacy_pools (app_key, created_at);

CREATE TABLE privacy_numbers (
  number     TEXT PRIMARY KEY,          -- an X: in one pool at most
  pool_id    TEXT NOT NULL REFERENCES privacy_pools (pool_id) ON DELETE CASCADE,
  app_key    TEXT NOT NULL,
  area_code  TEXT,                      -- city / area code a binding may ask for
  added_at   BIGINT NOT NULL
);
CREATE INDEX privacy_numbers_pool ON privacy_numbers (pool_id, area_code);

CREATE TABLE privacy_bindings (
  subscription_id TEXT PRIMARY KEY,     -- the vsp push's subscriptionId
  app_key      TEXT NOT NULL,
  pool_id      TEXT NOT NULL,
  kind         TEXT NOT NULL,           -- AXB | AX
  x            TEXT NOT NULL,
  a            TEXT NOT NULL,
  b            TEXT,                    -- AXB only
  state        TEXT NOT NULL,           -- active | unbound | expired
  expires_at   BIGINT,                  -- NULL: never
  record       INTEGER NOT NULL,        -- 1: record its calls
  max_duration INTEGER NOT NULL,        -- minutes, 0 = no limit
  display_type INTEGER NOT NULL,        -- vsp callDisplayType: 1 X, 2 the real number
  user_data    TEXT,
  request_id   TEXT,                    -- the app's id of the bind request
  request_hash TEXT,
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL,
  ended_at     BIGINT
);
CREATE UNIQUE INDEX privacy_bindings_request ON privacy_bindings (app_key, request_id);
CREATE INDEX privacy_bindings_app ON privacy_bindings (app_key, state, subscription_id);
CREATE INDEX privacy_bindings_expiry ON privacy_bindings (state, expires_at);

CREATE TABLE privacy_parties (
  x               TEXT NOT NULL,
  number          TEXT NOT NULL,        -- A or B; '*' for an AX binding (it holds X whole)
  subscription_id TEXT NOT NULL REFERENCES privacy_bindings (subscription_id) ON DELETE CASCADE,
  PRIMARY KEY (x, number)
);
CREATE INDEX privacy_parties_binding ON privacy_parties (subscription_id);
