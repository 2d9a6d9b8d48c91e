// Retention of finished pushes, the parts both engines share: the failed-records export's page
// query and row shape, and the prune candidates.

import type { FailedRecordRow, PushAdminRepo } from '../types.js';
import { afterKey, whereOf } from './push-query.js';
import { toPush, type PushRow } from './push-rows.js';

export function exportRow(r: PushRow): FailedRecordRow {
  const p = toPush(r);
  const row: FailedRecordRow = {
    pushId: p.id, appKey: p.appKey, sessionId: p.sessionId, url: p.url, format: p.dialect,
    attempts: p.attempts, createdAt: p.createdAt, items: p.items,
  };
  if (p.lastError !== undefined) row.lastError = p.lastError;
  if (p.exportedAt !== undefined) row.exportedAt = p.exportedAt;
  return row;
}

type FailedRecordsArgs = Parameters<PushAdminRepo['failedRecords']>;

/** One page of failed CDRs in (created_at, id) order, with @named params. */
export function failedRecordsQuery(
  q: FailedRecordsArgs[0], after: FailedRecordsArgs[1], limit: number,
): { sql: string; params: Record<string, unknown> } {
  const w = whereOf({ appKey: q.appKey, createdFrom: q.createdFrom, createdTo: q.createdTo });
  const extra = ["kind = 'record'", "state = 'failed'", ...(q.unexportedOnly ? ['exported_at IS NULL'] : []), ...afterKey(after, 'asc', w.params)];
  const sql = `SELECT * FROM pushes ${w.sql ? `${w.sql} AND` : 'WHERE'} ${extra.join(' AND ')} ORDER BY created_at, id LIMIT @limit`;
  return { sql, params: { ...w.params, limit } };
}

// Delivered and merged by age (index pushes_done); failed only once exported long enough ago
// (index pushes_failed). Queued pushes and failed ones nobody exported are never candidates.
// PostgreSQL 15 wants an alias on each subquery.
export const PRUNE_CANDIDATES = `SELECT id FROM (
    SELECT id FROM pushes WHERE state IN ('delivered', 'merged') AND created_at < @olderThan LIMIT @limit) AS done
  UNION ALL
  SELECT id FROM (
    SELECT id FROM pushes WHERE state = 'failed' AND exported_at IS NOT NULL AND exported_at < @olderThan LIMIT @limit) AS exported
  LIMIT @limit`;

/** The states a push may be deleted in, checked again by the DELETE. */
export const PRUNABLE = "(state IN ('delivered', 'merged') OR (state = 'failed' AND exported_at IS NOT NULL))";
