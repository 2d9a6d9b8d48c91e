// The nodes sharing one PostgreSQL database (docs/cluster.md).

import type pg from 'pg';
import type { NodeRepo } from '../types.js';
import { ADOPT_CALLS, DELETE_STALE, HEARTBEAT, LIST, adoptedCalls, heartbeatParams, nodeOfRow, type NodeRow } from '../sql/node-query.js';
import { positional } from './params.js';
import { tx } from './pool.js';

const heartbeatSql = positional(HEARTBEAT);
const deleteStaleSql = positional(DELETE_STALE);
const adoptCallsSql = positional(ADOPT_CALLS);

export function pgNodes(pool: pg.Pool): NodeRepo {
  return {
    async heartbeat(node) {
      // One statement: ON CONFLICT makes a first heartbeat and a refresh the same upsert.
      await pool.query(heartbeatSql, heartbeatParams(node));
    },
    async list() {
      return (await pool.query<NodeRow>(LIST)).rows.map(nodeOfRow);
    },
    async adopt(deadNodeId, byNodeId, staleBefore) {
      // The DELETE row-locks the dead node's row: a second adopter's DELETE waits for this
      // transaction, then re-reads the row, finds it gone and deletes nothing, so it adopts
      // nothing. A heartbeat that lands first makes the row fresh again, and READ COMMITTED's
      // re-check of the WHERE on the new version then deletes nothing either. The calls' UPDATE
      // locks each call row: a finish of the same call (a node that was only slow) waits, and
      // whichever comes second sees the other's change (finish then fails on a call ended).
      return tx(pool, async (c) => {
        const gone = await c.query(deleteStaleSql, [deadNodeId, staleBefore]);
        if (gone.rowCount !== 1) return [];
        const moved = await c.query<{ call_json: string }>(adoptCallsSql, [byNodeId, deadNodeId]);
        return adoptedCalls(moved.rows);
      });
    },
  };
}
