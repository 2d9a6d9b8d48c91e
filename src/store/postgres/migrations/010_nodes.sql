-- voxcall schema, version 10 (PostgreSQL): nodes and call ownership (issue 12, docs/cluster.md).
--
-- Every process sharing the store is a node with a row it refreshes (heartbeat_at, ms of the wall
-- clock); a call is owned by the node that accepted it (calls.node_id), so a restart recovers only
-- its own calls and a dead node's active calls are adopted by a live one. node_id is NULL for
-- calls stored before this version: any node's restart recovers those, as before.
CREATE TABLE nodes (
  id           TEXT PRIMARY KEY,
  role         TEXT NOT NULL,                 -- all | api | dispatcher
  host_name    TEXT NOT NULL,
  started_at   BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL
);

ALTER TABLE calls ADD COLUMN node_id TEXT;

-- A node's active calls (recovery on restart, adoption of a dead node's).
CREATE INDEX calls_node_active ON calls (node_id) WHERE state = 'active';
