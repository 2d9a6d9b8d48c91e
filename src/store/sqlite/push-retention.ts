// What happens to finished pushes: failed CDRs are exported (and marked), and pushes that can
// no longer matter are deleted in small batches so the dispatcher's claims never wait long.

import type Database from 'better-sqlite3';
import type { FailedRecordRow, PushAdminRepo } from '../types.js';
import { afterKey, whereOf } from '../sql/push-query.js';
import { statementCache } from './statement-cache.js';
import { toPush, type PushRow } from '../sql/push-rows.js';

export interface Retention {
  failedRecords: PushAdminRepo['failedRecords'];
  prune: PushAdminRepo['prune'];
}

function exportRow(r: PushRow): FailedRecordRow {
  const p = toPush(r);
  const row: FailedRecordRow = {
    pushId: p.id, appKey: p.appKey, sessionId: p.sessionId, url: p.url, format: p.dialect,
    attempts: p.attempts, createdAt: p.createdAt, items: p.items,
  };
  if (p.lastError !== undefined) row.lastError = p.lastError;
  if (p.exportedAt !== undefined) row.exportedAt = p.exportedAt;
  return row;
}

export function retention(db: Database.Database): Retention {
  const prepared = statementCache(db);
  // The first export starts the retention clock; exporting again does not move it.
  const mark = db.prepare('UPDATE pushes SET exported_at = COALESCE(exported_at, ?) WHERE id = ?');
  // Delivered and merged by age (index pushes_done); failed only once exported long enough ago
  // (index pushes_failed). Queued pushes and failed ones nobody exported are never candidates.
  const candidates = db.prepare<{ olderThan: number; limit: number }, string>(
    `SELECT id FROM (
       SELECT id FROM pushes WHERE state IN ('delivered', 'merged') AND created_at < @olderThan LIMIT @limit)
     UNION ALL
     SELECT id FROM (
       SELECT id FROM pushes WHERE state = 'failed' AND exported_at IS NOT NULL AND exported_at < @olderThan LIMIT @limit)
     LIMIT @limit`,
  ).pluck();
  const deleteAttempts = db.prepare('DELETE FROM push_attempts WHERE push_id = ?');
  const deletePush = db.prepare(
    `DELETE FROM pushes WHERE id = ? AND (state IN ('delivered', 'merged') OR (state = 'failed' AND exported_at IS NOT NULL))`,
  );

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
      const w = whereOf({ appKey: q.appKey, createdFrom: q.createdFrom, createdTo: q.createdTo });
      const extra = ["kind = 'record'", "state = 'failed'", ...(q.unexportedOnly ? ['exported_at IS NULL'] : []), ...afterKey(after, 'asc', w.params)];
      const sql = `SELECT * FROM pushes ${w.sql ? `${w.sql} AND` : 'WHERE'} ${extra.join(' AND ')} ORDER BY created_at, id LIMIT @limit`;
      const params = { ...w.params, limit };
      // Read and mark in one transaction: what is marked is exactly what was read.
      return markAt === undefined ? pageTx(sql, params, undefined) : pageTx.immediate(sql, params, markAt);
    },
    async prune(olderThan, batchSize) {
      if (!(batchSize > 0)) return 0;
      return pruneTx.immediate(olderThan, batchSize);
    },
  };
}
