-- voxcall schema, version 14: outbound call tasks (docs/tasks.md). A task, its rows (one per
-- callee, paged by (task_id, row_index)) and every try of a row (one per (row, try): recording a
-- try twice changes nothing, so a crash never counts or dials one try twice). The same DDL as
-- PostgreSQL's 014.

CREATE TABLE tasks (
  task_id      TEXT PRIMARY KEY,
  app_key      TEXT NOT NULL,
  name         TEXT NOT NULL,
  flow_id      TEXT NOT NULL,
  flow_version INTEGER,
  settings     TEXT NOT NULL,          -- JSON: display numbers, time zone, windows, forbidden dates, concurrency, cps, retry
  start_at     BIGINT,
  end_at       BIGINT,
  state        TEXT NOT NULL,          -- draft | scheduled | running | paused | completed | cancelled
  paused_by    TEXT,                   -- user | window, while paused
  header       TEXT,                   -- JSON array of the rows' column names, set by the first rows added
  row_count    INTEGER NOT NULL,       -- rows accepted (committed uploads); the next row's index is row_count + 1
  upload_id    TEXT,                   -- the upload in progress (one at a time per task), until upload_until
  upload_until BIGINT,
  upload_next  INTEGER,                -- the next row index the upload in progress gives
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL
);
CREATE INDEX tasks_app ON tasks (app_key, created_at, task_id);

CREATE TABLE task_rows (
  task_id         TEXT NOT NULL REFERENCES tasks (task_id) ON DELETE CASCADE,
  row_index       INTEGER NOT NULL,    -- 1-based, over every upload of the task
  callee          TEXT NOT NULL,
  vals            TEXT NOT NULL,       -- JSON array of the row's values in header order
  tz              TEXT,                -- the row's own time zone (its tz column)
  state           TEXT NOT NULL,       -- staged (an upload not yet committed: invisible) | pending | dialling | done
  tries           INTEGER NOT NULL,
  max_tries       INTEGER NOT NULL,
  next_at         BIGINT NOT NULL,     -- when a pending row is due
  last_result     TEXT,                -- task_result of the last try
  last_session_id TEXT,
  last_tag        TEXT,
  node_id         TEXT,                -- the node that claimed a dialling row
  updated_at      BIGINT NOT NULL,
  PRIMARY KEY (task_id, row_index)
);
-- A callee appears once per task (duplicates are refused row by row).
CREATE UNIQUE INDEX task_rows_callee ON task_rows (task_id, callee);
-- The dialler's claim: due rows of a task, oldest due first, then in row order.
CREATE INDEX task_rows_due ON task_rows (task_id, state, next_at, row_index);
-- Progress counters: one scan of this index per task (covering), no table read.
CREATE INDEX task_rows_progress ON task_rows (task_id, state, last_result, tries);
-- Rows left dialling by a crash, found at restart without a scan.
CREATE INDEX task_rows_dialling ON task_rows (node_id) WHERE state = 'dialling';

CREATE TABLE task_row_tries (
  task_id    TEXT NOT NULL,
  row_index  INTEGER NOT NULL,
  try        INTEGER NOT NULL,         -- 1 = the first try
  result     TEXT NOT NULL,            -- task_result
  session_id TEXT,
  tag        TEXT,
  at         BIGINT NOT NULL,
  PRIMARY KEY (task_id, row_index, try),
  FOREIGN KEY (task_id, row_index) REFERENCES task_rows (task_id, row_index) ON DELETE CASCADE
);
