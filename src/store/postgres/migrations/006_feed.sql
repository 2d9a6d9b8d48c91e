-- voxcall schema, version 6 (PostgreSQL): the feed of the pull API.
--
-- One row per status event and per CDR, written in the same transaction as the event or the end
-- of the call. On SQLite the AUTOINCREMENT id is the cursor: one writer, so ids commit in order.
-- Here ids are taken before commit, so two nodes can commit out of id order and a reader paging
-- past id N could skip a row committed later with a smaller id. So the cursor is `pos`, given
-- after commit: a reader first numbers the rows not numbered yet, under an advisory lock, with
-- fresh values of feed_pos, then reads by pos. Every reader therefore sees a prefix of the
-- numbered rows, and a row that commits late is numbered after the rows already numbered
-- (src/store/postgres/feed.ts).
CREATE TABLE feed (
  id         BIGSERIAL PRIMARY KEY,
  pos        BIGINT UNIQUE,
  app_key    TEXT NOT NULL,
  session_id TEXT NOT NULL,
  kind       TEXT NOT NULL,                -- status | record
  at         BIGINT NOT NULL,
  body       TEXT NOT NULL                 -- the domain CallEvent / CallRecord as JSON
);
CREATE SEQUENCE feed_pos;
CREATE INDEX feed_app ON feed (app_key, pos) WHERE pos IS NOT NULL;
CREATE INDEX feed_unnumbered ON feed (id) WHERE pos IS NULL;
CREATE INDEX feed_at ON feed (at);
-- No back-fill: no PostgreSQL store predates this version.
