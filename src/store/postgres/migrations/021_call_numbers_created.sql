-- voxcall schema, version 21: the calls listing filtered by a number walks one index newest first
-- and stops after a page, however many calls the number is on (a display number is on all of
-- them). call_numbers keeps its call's created_at (a call's creation time never changes), so
-- (number, created_at, session_id) is the listing's own order and keyset (sql/call-query.ts).
ALTER TABLE call_numbers ADD COLUMN created_at bigint;
UPDATE call_numbers n SET created_at = c.created_at FROM calls c WHERE c.session_id = n.session_id;
ALTER TABLE call_numbers ALTER COLUMN created_at SET NOT NULL;
CREATE INDEX call_numbers_created ON call_numbers (number, created_at, session_id);
