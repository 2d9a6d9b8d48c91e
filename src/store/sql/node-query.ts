// The nodes table's SQL, the same on both engines (`?` parameters; PostgreSQL's go through
// positional()). RETURNING is in SQLite since 3.35.

import type { Call } from '../../domain/call.js';
import type { NodeInfo } from '../types.js';

export const HEARTBEAT = `INSERT INTO nodes (id, role, host_name, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET role = excluded.role, host_name = excluded.host_name,
    started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at`;

export const LIST = 'SELECT id, role, host_name, started_at, heartbeat_at FROM nodes ORDER BY id';

/** The guard of an adoption: only a stale row is deleted, and only once. */
export const DELETE_STALE = 'DELETE FROM nodes WHERE id = ? AND heartbeat_at < ?';

/** Each active call changes owner once: a second adopter's UPDATE no longer matches it. */
export const ADOPT_CALLS = `UPDATE calls SET node_id = ? WHERE node_id = ? AND state = 'active' RETURNING call_json`;

export interface NodeRow {
  id: string;
  role: string;
  host_name: string;
  started_at: number;
  heartbeat_at: number;
}

export function heartbeatParams(n: NodeInfo): unknown[] {
  return [n.id, n.role, n.hostName, n.startedAt, n.heartbeatAt];
}

export function nodeOfRow(r: NodeRow): NodeInfo {
  return { id: r.id, role: r.role, hostName: r.host_name, startedAt: r.started_at, heartbeatAt: r.heartbeat_at };
}

/** The calls an UPDATE ... RETURNING gave, oldest first (RETURNING has no order). */
export function adoptedCalls(rows: { call_json: string }[]): Call[] {
  return rows.map((r) => JSON.parse(r.call_json) as Call).sort((a, b) => a.createdAt - b.createdAt || (a.sessionId < b.sessionId ? -1 : 1));
}
