-- voxcall schema, version 13: dialogue flows (issue 10, docs/flows.md). A flow belongs to an app;
-- its definitions are numbered versions that never change once stored (a task runs the version it
-- was created with). flow_uses is what holds a flow (a task, later an inbound route): a flow with
-- a use cannot be deleted. Its foreign key to flow_versions has no cascade, so a delete that
-- would drop a used version fails in the database too, whichever node inserted the use.
-- The same DDL as SQLite's 013.

CREATE TABLE flows (
  app_key    TEXT NOT NULL,
  id         TEXT NOT NULL,             -- unique in the app; the robot record's robot_id
  name       TEXT NOT NULL,
  latest     INTEGER NOT NULL,          -- the newest version's number
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,           -- when the newest version was stored
  PRIMARY KEY (app_key, id)
);
CREATE INDEX flows_app_created ON flows (app_key, created_at, id);

CREATE TABLE flow_versions (
  app_key    TEXT NOT NULL,
  flow_id    TEXT NOT NULL,
  version    INTEGER NOT NULL,          -- 1, 2, ...
  definition TEXT NOT NULL,             -- the flow JSON as validated (compact)
  note       TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (app_key, flow_id, version),
  FOREIGN KEY (app_key, flow_id) REFERENCES flows (app_key, id) ON DELETE CASCADE
);

CREATE TABLE flow_uses (
  app_key    TEXT NOT NULL,
  flow_id    TEXT NOT NULL,
  kind       TEXT NOT NULL,             -- what uses it: task
  user_id    TEXT NOT NULL,             -- its id (a task id)
  version    INTEGER NOT NULL,          -- the version it runs
  since      BIGINT NOT NULL,
  PRIMARY KEY (app_key, flow_id, kind, user_id),
  FOREIGN KEY (app_key, flow_id, version) REFERENCES flow_versions (app_key, flow_id, version)
);
