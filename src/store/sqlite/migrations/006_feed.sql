-- voxcall schema, version 6: the feed of the pull API (issue 5, operator controls).
--
-- One row per status event and per CDR, written in the same transaction as the event or the end
-- of the call (calls.appendEvent / calls.finish), so an application that misses pushes can read
-- everything again in order. The id is the global order and the pull API's cursor.
--
-- PostgreSQL: `id BIGSERIAL PRIMARY KEY` (AUTOINCREMENT is SQLite's). There, ids are taken before
-- commit, so concurrent writers can commit out of id order and a reader paging past id N may skip
-- a row committed later with a smaller id; SQLite has one writer, so the order is exact. A
-- PostgreSQL store must read only up to the oldest id still in flight (or assign ids at commit).
-- AUTOINCREMENT (not a plain rowid) because a rowid may be reused after the newest rows are
-- deleted, and a cursor must never see an id twice.
CREATE TABLE feed (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  app_key    TEXT NOT NULL,
  session_id TEXT NOT NULL,
  kind       TEXT NOT NULL,                -- status | record
  at         BIGINT NOT NULL,
  body       TEXT NOT NULL                 -- the domain CallEvent / CallRecord as JSON
);
CREATE INDEX feed_app ON feed (app_key, id);
CREATE INDEX feed_at ON feed (at);

-- What happened before this version, in time order (events before the record of the same instant).
INSERT INTO feed (app_key, session_id, kind, at, body)
SELECT app_key, session_id, kind, at, body FROM (
  SELECT c.app_key AS app_key, e.session_id AS session_id, 'status' AS kind, e.at AS at, e.event_json AS body, 0 AS k, e.seq AS seq
  FROM call_events e JOIN calls c ON c.session_id = e.session_id
  UNION ALL
  SELECT app_key, session_id, 'record', ended_at, record_json, 1, 0
  FROM calls WHERE record_json IS NOT NULL AND ended_at IS NOT NULL
) old
ORDER BY at, session_id, k, seq;
