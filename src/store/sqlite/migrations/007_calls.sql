-- voxcall schema, version 7: listing calls on the management API (issue 14, "Seeing calls").
--
-- The filters of GET /v1/calls as columns and indexes: the service kind and the outcome (NULL
-- while the call is in progress) beside app_key and state, and every number a call involves
-- (display, caller, callee, display-to-callee; any leg) in call_numbers, so a number finds its
-- calls by index whichever field it was in. Listing is newest first on (created_at, session_id),
-- the keyset of the page cursor.
--
-- The back-fill reads the JSON with SQLite's json_extract; PostgreSQL writes the same as
-- (call_json::jsonb #>> '{plan,kind}') and (record_json::jsonb ->> 'outcome').
ALTER TABLE calls ADD COLUMN kind TEXT;
ALTER TABLE calls ADD COLUMN outcome TEXT;

UPDATE calls SET kind = json_extract(call_json, '$.plan.kind');
UPDATE calls SET outcome = json_extract(record_json, '$.outcome') WHERE record_json IS NOT NULL;

CREATE INDEX calls_created ON calls (created_at, session_id);
CREATE INDEX calls_app_created ON calls (app_key, created_at, session_id);
CREATE INDEX calls_outcome_created ON calls (outcome, created_at, session_id) WHERE outcome IS NOT NULL;

CREATE TABLE call_numbers (
  number     TEXT NOT NULL,
  session_id TEXT NOT NULL REFERENCES calls (session_id),
  PRIMARY KEY (number, session_id)
);

INSERT INTO call_numbers (number, session_id)
SELECT json_extract(call_json, '$.plan.displayNbr'), session_id FROM calls WHERE json_extract(call_json, '$.plan.displayNbr') IS NOT NULL
UNION SELECT json_extract(call_json, '$.plan.callerNbr'), session_id FROM calls WHERE json_extract(call_json, '$.plan.callerNbr') IS NOT NULL
UNION SELECT json_extract(call_json, '$.plan.displayCalleeNbr'), session_id FROM calls WHERE json_extract(call_json, '$.plan.displayCalleeNbr') IS NOT NULL
UNION SELECT json_extract(call_json, '$.plan.calleeNbr'), session_id FROM calls WHERE json_extract(call_json, '$.plan.calleeNbr') IS NOT NULL;
