-- voxcall schema, version 21: the calls listing filtered by a number walks one index newest first
-- and stops after a page, however many calls the number is on (a display number is on all of
-- them). call_numbers keeps its call's created_at (a call's creation time never changes), so
-- (number, created_at, session_id) is the listing's own order and keyset (sql/call-query.ts).
-- SQLite cannot add a NOT NULL column without a default, so the table is built anew; nothing
-- references call_numbers, and its own reference to calls is unchanged.
ALTER TABLE call_numbers RENAME TO call_numbers_v20;
CREATE TABLE call_numbers (
  number     TEXT NOT NULL,
  session_id TEXT NOT NULL REFERENCES calls (session_id),
  created_at BIGINT NOT NULL,                  -- the call's calls.created_at
  PRIMARY KEY (number, session_id)
);
INSERT INTO call_numbers (number, session_id, created_at)
SELECT n.number, n.session_id, c.created_at FROM call_numbers_v20 n JOIN calls c ON c.session_id = n.session_id;
DROP TABLE call_numbers_v20;
CREATE INDEX call_numbers_created ON call_numbers (number, created_at, session_id);
