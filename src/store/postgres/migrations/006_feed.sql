-- voxcall schema, version 6 (PostgreSQL): the feed of the pull API.
--
-- One row per status event and per CDR, written in the same transaction as the event or the end
-- of the call. On SQLite the AUTOINCREMENT id is the cursor: one writer, so ids commit in order.
-- Here ids are taken before commit, so two nodes can commit out of id order and a reader paging
-- past id N could skip a row committed later with a smaller id. So the cursor is `pos`, given
-- after commit: a reader first numbers, in (tx, id) order, the rows whose writing transaction is
-- older than every transaction still running (tx < xmin of its snapshot: all of them are final),
-- under an advisory lock, and reads by pos. A reader therefore sees a prefix of the numbered rows,
-- and a row is numbered once every transaction that could precede it has ended (src/store/postgres/feed.ts).
CREATE TABLE feed (
  id         BIGSERIAL PRIMARY KEY,
  tx         xid8 NOT NULL DEFAULT pg_current_xact_id(),
  pos        BIGINT UNIQUE,
  app_key    TEXT NOT NULL,
  session_id TEXT NOT NULL,
  kind       TEXT NOT NULL,                -- status | record
  at         BIGINT NOT NULL,
  body       TEXT NOT NULL                 -- the domain CallEvent / CallRecord as JSON
);
CREATE SEQUENCE feed_pos;
CREATE INDEX feed_app ON feed (app_key, pos) WHERE pos IS NOT NULL;
CREATE INDEX feed_unnumbered ON feed (tx, id) WHERE pos IS NULL;
CREATE INDEX feed_at ON feed (at);
-- No back-fill: no PostgreSQL store predates this version.
