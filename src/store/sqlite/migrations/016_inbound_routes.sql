-- voxcall schema, version 16: inbound routes (docs/inbound.md). One route per app number: run a
-- flow, forward to a number, or ask the app's URL; the action is JSON (src/domain/inbound.ts),
-- validated by the management API before it is stored. Removed with its number. The same DDL as
-- PostgreSQL's 016.

CREATE TABLE inbound_routes (
  number     TEXT PRIMARY KEY REFERENCES display_numbers (number) ON DELETE CASCADE,
  app_key    TEXT NOT NULL,
  route_json TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX inbound_routes_app ON inbound_routes (app_key, number);
