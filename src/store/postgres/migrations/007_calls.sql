-- voxcall schema, version 7 (PostgreSQL): listing calls on the management API.
--
-- The filters of GET /v1/calls as columns and indexes: the service kind and the outcome (NULL
-- while the call is in progress) beside app_key and state, and every number a call involves in
-- call_numbers. No back-fill: no PostgreSQL store predates this version (SQLite's 007 has one).
ALTER TABLE calls ADD COLUMN kind TEXT;
ALTER TABLE calls ADD COLUMN outcome TEXT;

CREATE INDEX calls_created ON calls (created_at, session_id);
CREATE INDEX calls_app_created ON calls (app_key, created_at, session_id);
CREATE INDEX calls_outcome_created ON calls (outcome, created_at, session_id) WHERE outcome IS NOT NULL;

CREATE TABLE call_numbers (
  number     TEXT NOT NULL,
  session_id TEXT NOT NULL REFERENCES calls (session_id),
  PRIMARY KEY (number, session_id)
);
