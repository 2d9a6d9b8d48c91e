// What happens to finished pushes: failed CDRs are exported (and marked), and pushes that can
// no longer matter are deleted in small batches so the dispatcher's claims never wait long.

import type Database from 'better-sqlite3';
import type { PushRow } from '../sql/push-rows.js';
import { exportRow, failedRecordsQuery, PRUNABLE, PRUNE_CANDIDATES } from '../sql/push-retention.js';
import type { PushAdminRepo } from '../types.js';
import { statementCache } from './statement-cache.js';

export interface Retention {
  failedRecords: PushAdminRepo['failedRecords'];
  prune: PushAdminRepo['prune'];
}

export function retention(db: Database.Database): Retention {
  const prepared = statementCache(db);
  // The first export starts the retention clock; exporting again does not move it.
  const mark = db.prepare('UPDATE pushes SET exported_at = COALESCE(exported_at, ?) WHERE id = ?');
  const candidates = db.prepare<{ olderThan: number; limit: number }, string>(PRUNE_CANDIDATES).pluck();
  const deleteAttempts = db.prepare('DELETE FROM push_attempts WHERE push_id = ?');
  const deletePush = db.prepare(`DELETE FROM pushes WHERE id = ? AND ${PRUNABLE}`);

  const pageTx = db.transaction((sql: string, params: Record<string, unknown>, markAt: number | undefined) => {
    const rows = prepared<PushRow>(sql).all(params);
    if (markAt !== undefined) for (const r of rows) mark.run(markAt, r.id);
    return rows.map(exportRow).map((row) => (markAt !== undefined && row.exportedAt === undefined ? { ...row, exportedAt: markAt } : row));
  });

  const pruneTx = db.transaction((olderThan: number, batchSize: number) => {
    let n = 0;
    for (const id of candidates.all({ olderThan, limit: batchSize })) {
      deleteAttempts.run(id);
      n += deletePush.run(id).changes;
    }
    return n;
  });

  return {
    async failedRecords(q, after, limit, markAt) {
      const { sql, params } = failedRecordsQuery(q, after, limit);
      // Read and mark in one transaction: what is marked is exactly what was read.
      return markAt === undefined ? pageTx(sql, params, undefined) : pageTx.immediate(sql, params, markAt);
    },
    async prune(olderThan, batchSize) {
      if (!(batchSize > 0)) return 0;
      return pruneTx.immediate(olderThan, batchSize);
    },
  };
}
