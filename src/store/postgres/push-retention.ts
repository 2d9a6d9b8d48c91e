// What happens to finished pushes on PostgreSQL: failed CDRs are exported (and marked), and pushes
// that can no longer matter are deleted in small batches (see sqlite/push-retention.ts).

import type pg from 'pg';
import type { PushRow } from '../sql/push-rows.js';
import { exportRow, failedRecordsQuery, PRUNABLE, PRUNE_CANDIDATES } from '../sql/push-retention.js';
import type { PushAdminRepo } from '../types.js';
import { named } from './params.js';
import { tx } from './pool.js';

export function pgRetention(pool: pg.Pool): Pick<PushAdminRepo, 'failedRecords' | 'prune'> {
  return {
    async failedRecords(q, after, limit, markAt) {
      const { sql, params } = failedRecordsQuery(q, after, limit);
      const s = named(sql, params);
      if (markAt === undefined) {
        return (await pool.query<PushRow>(s.text, s.values)).rows.map(exportRow);
      }
      // Read and mark in one transaction, the rows locked: what is marked is exactly what is
      // returned, and a replay of one of them (which clears exported_at) comes wholly before or
      // after. The rows are locked in id order, as replay locks them, so the two never deadlock;
      // a row a replay queued meanwhile is no longer a failed record and drops out of the page.
      return tx(pool, async (c) => {
        const ids = (await c.query<{ id: string }>(s.text, s.values)).rows.map((r) => r.id);
        const locked = await c.query<PushRow>(
          `SELECT * FROM pushes WHERE id = ANY($1) AND kind = 'record' AND state = 'failed' ORDER BY id COLLATE "C" FOR UPDATE`, [ids],
        );
        const byId = new Map(locked.rows.map((r) => [r.id, r]));
        const rows = ids.flatMap((id) => byId.get(id) ?? []);
        // The first export starts the retention clock; exporting again does not move it.
        await c.query('UPDATE pushes SET exported_at = COALESCE(exported_at, $1) WHERE id = ANY($2)', [markAt, rows.map((r) => r.id)]);
        return rows.map(exportRow).map((row) => (row.exportedAt === undefined ? { ...row, exportedAt: markAt } : row));
      });
    },
    async prune(olderThan, batchSize) {
      if (!(batchSize > 0)) return 0;
      const candidates = named(PRUNE_CANDIDATES, { olderThan, limit: batchSize });
      return tx(pool, async (c) => {
        const ids = (await c.query<{ id: string }>(candidates.text, candidates.values)).rows.map((r) => r.id);
        if (ids.length === 0) return 0;
        // Lock the candidates still prunable before deleting their attempts: a replay requeueing
        // one in between would otherwise keep the push and lose its history. SKIP LOCKED: retention
        // never waits on a replay or an export; a skipped row is pruned by a later batch.
        // The age is checked again on the locked row: a replayed push may have finished anew.
        const locked = await c.query<{ id: string }>(
          `SELECT id FROM pushes WHERE id = ANY($1)
             AND ((state IN ('delivered', 'merged') AND created_at < $2) OR (state = 'failed' AND exported_at < $2))
           FOR UPDATE SKIP LOCKED`,
          [ids, olderThan],
        );
        const gone = locked.rows.map((r) => r.id);
        if (gone.length === 0) return 0;
        await c.query('DELETE FROM push_attempts WHERE push_id = ANY($1)', [gone]);
        return (await c.query(`DELETE FROM pushes WHERE id = ANY($1) AND ${PRUNABLE}`, [gone])).rowCount ?? 0;
      });
    },
  };
}
