-- voxcall schema, version 1 (PostgreSQL). The same DDL as SQLite's 001, which was written in the
-- SQL both engines share: times are BIGINT milliseconds since the Unix epoch (UTC), JSON is TEXT,
-- booleans are 0/1 INTEGER, partial indexes use the WHERE clause both accept.

CREATE TABLE apps (
  app_key           TEXT PRIMARY KEY,
  app_secret        TEXT NOT NULL,
  sp_id             TEXT NOT NULL,
  name              TEXT NOT NULL,
  status            TEXT NOT NULL,
  capabilities      TEXT NOT NULL,            -- JSON array of ServiceKind
  recording_enabled INTEGER NOT NULL,
  status_url        TEXT,
  fee_url           TEXT,
  port_quota        INTEGER NOT NULL,
  created_at        BIGINT NOT NULL
);

CREATE TABLE display_numbers (
  number  TEXT PRIMARY KEY,
  app_key TEXT NOT NULL,
  status  TEXT NOT NULL
);
CREATE INDEX display_numbers_app ON display_numbers (app_key);

-- app_key '' = platform-wide (a primary key column may not be NULL in PostgreSQL).
CREATE TABLE voice_files (
  app_key     TEXT NOT NULL,
  name        TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  path        TEXT NOT NULL,
  PRIMARY KEY (app_key, name)
);

CREATE TABLE tts_templates (
  app_key TEXT NOT NULL,
  id      TEXT NOT NULL,
  content TEXT NOT NULL,
  PRIMARY KEY (app_key, id)
);

CREATE TABLE nonces (
  app_key    TEXT NOT NULL,
  nonce      TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (app_key, nonce)
);
CREATE INDEX nonces_expiry ON nonces (expires_at);

CREATE TABLE calls (
  session_id  TEXT PRIMARY KEY,
  app_key     TEXT NOT NULL,
  state       TEXT NOT NULL,                  -- active | ended
  session_seq BIGINT,                         -- the per-node sequence parsed from session_id
  call_json   TEXT NOT NULL,
  record_json TEXT,
  created_at  BIGINT NOT NULL,
  ended_at    BIGINT
);
CREATE INDEX calls_active ON calls (created_at) WHERE state = 'active';
CREATE INDEX calls_session_seq ON calls (session_seq);

CREATE TABLE call_events (
  session_id TEXT NOT NULL REFERENCES calls (session_id),
  seq        INTEGER NOT NULL,
  type       TEXT NOT NULL,
  at         BIGINT NOT NULL,
  event_json TEXT NOT NULL,
  PRIMARY KEY (session_id, seq)
);

CREATE TABLE recordings (
  app_key     TEXT NOT NULL,
  object_name TEXT NOT NULL,
  session_id  TEXT NOT NULL REFERENCES calls (session_id),
  bucket_name TEXT NOT NULL,
  domain      TEXT NOT NULL,
  start_at    BIGINT NOT NULL,
  end_at      BIGINT NOT NULL,
  path        TEXT NOT NULL,
  PRIMARY KEY (app_key, object_name)
);

-- The outbox. `blocked` = 1 while an earlier queued push of the same order_key exists; it is kept
-- up to date on enqueue and on leaving 'queued', so the due scan never walks over waiting rows.
CREATE TABLE pushes (
  id           TEXT PRIMARY KEY,
  app_key      TEXT NOT NULL,
  session_id   TEXT NOT NULL,
  dialect      TEXT NOT NULL,
  kind         TEXT NOT NULL,                 -- status | record
  url          TEXT NOT NULL,
  order_key    TEXT,
  seq          INTEGER NOT NULL,
  batch_key    TEXT,
  items        TEXT NOT NULL,                 -- JSON array of dialect-encoded items
  item_count   INTEGER NOT NULL,
  schedule     TEXT NOT NULL,                 -- JSON array of retry delays (ms)
  timeout_ms   INTEGER NOT NULL,
  state        TEXT NOT NULL,                 -- queued | delivered | failed | merged
  blocked      INTEGER NOT NULL DEFAULT 0,
  attempts     INTEGER NOT NULL DEFAULT 0,
  next_at      BIGINT NOT NULL,
  created_at   BIGINT NOT NULL,
  delivered_at BIGINT,
  last_error   TEXT,
  merged_into  TEXT
);
-- Due scan and nextDueAt: only runnable queued rows are in this index.
CREATE INDEX pushes_due ON pushes (next_at, created_at) WHERE state = 'queued' AND blocked = 0;
-- Order-key head lookups (blocking on enqueue, unblocking on completion, the claim's guard).
CREATE INDEX pushes_order ON pushes (order_key, seq) WHERE state = 'queued' AND order_key IS NOT NULL;
-- Batch partners: never-attempted queued records.
CREATE INDEX pushes_batch ON pushes (batch_key, url, next_at) WHERE state = 'queued' AND attempts = 0 AND batch_key IS NOT NULL;
CREATE INDEX pushes_session ON pushes (session_id, created_at);
-- Listing for the management API. No plain (state, ...) index: the planner would prefer it to
-- pushes_due for the claim scan; failed pushes (the ones an operator replays) get a partial one.
CREATE INDEX pushes_app ON pushes (app_key, created_at);
CREATE INDEX pushes_failed ON pushes (created_at) WHERE state = 'failed';

CREATE TABLE push_attempts (
  push_id       TEXT NOT NULL REFERENCES pushes (id),
  n             INTEGER NOT NULL,
  at            BIGINT NOT NULL,
  latency_ms    INTEGER NOT NULL,
  ok            INTEGER NOT NULL,
  http_status   INTEGER,
  response_head TEXT,
  error_class   TEXT,
  error         TEXT,
  PRIMARY KEY (push_id, n)
);
