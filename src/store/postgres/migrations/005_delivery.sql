-- voxcall schema, version 5: delivery under fire (issue 5). Portable to PostgreSQL as written.

-- Endpoints: every URL pushes go to. The id is derived from the URL (see domain/endpoint.ts), so
-- every node names an endpoint alike. A paused endpoint keeps its pushes queued.
CREATE TABLE endpoints (
  id            TEXT PRIMARY KEY,
  url           TEXT NOT NULL UNIQUE,
  paused        INTEGER NOT NULL DEFAULT 0,
  paused_reason TEXT,
  paused_at     BIGINT,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL
);

-- step: schedule steps used since the push was (re)queued; a replay sets it back to 0 while
-- attempts (the attempt number) keeps counting, so the history shows every delivery.
ALTER TABLE pushes ADD COLUMN step INTEGER NOT NULL DEFAULT 0;
-- (SQLite's 005 sets step = attempts for older rows; no PostgreSQL store predates this version.)
ALTER TABLE pushes ADD COLUMN replays INTEGER NOT NULL DEFAULT 0;
-- When a failed record push was exported (it may then be pruned like a delivered one).
ALTER TABLE pushes ADD COLUMN exported_at BIGINT;
-- The due scan per endpoint: claiming costs the same with ten thousand or a million queued.
CREATE INDEX pushes_endpoint_due ON pushes (url, next_at, created_at) WHERE state = 'queued' AND blocked = 0;
-- Retention: delivered (and merged) pushes by age.
CREATE INDEX pushes_done ON pushes (created_at) WHERE state IN ('delivered', 'merged');

-- Which URL an attempt went to (the primary or the subscription's failover).
ALTER TABLE push_attempts ADD COLUMN url TEXT;

ALTER TABLE subscriptions ADD COLUMN failover_url TEXT;
