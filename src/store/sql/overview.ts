// The overview's SQL, the same text on both backends (positional `?`). Each query walks one index:
// calls_created for the minutes, the partial pushes_done / pushes_failed (created_at) for the
// recent pushes, pushes_due and pushes_order for the queue.

import type { CallMinute, QueueSummary } from '../overview-repo.js';

export const CALLS_PER_MINUTE = `SELECT created_at - (created_at % 60000) AS minute, COALESCE(outcome, 'in_progress') AS outcome, COUNT(*) AS calls
  FROM calls WHERE created_at >= ? GROUP BY 1, 2 ORDER BY 1, 2`;
export const DELIVERED_SINCE = "SELECT COUNT(*) AS n FROM pushes WHERE state IN ('delivered', 'merged') AND created_at >= ? AND state = 'delivered'";
export const FAILED_SINCE = "SELECT COUNT(*) AS n FROM pushes WHERE state = 'failed' AND created_at >= ?";
export const RUNNABLE = "SELECT COUNT(*) AS queued, SUM(CASE WHEN next_at <= ? THEN 1 ELSE 0 END) AS due FROM pushes WHERE state = 'queued' AND blocked = 0";
export const WAITING = "SELECT COUNT(*) AS n FROM pushes WHERE state = 'queued' AND order_key IS NOT NULL AND blocked = 1";
export const FIRST = "SELECT id, created_at, next_at, url FROM pushes WHERE state = 'queued' AND blocked = 0 ORDER BY next_at, created_at LIMIT 1";

export interface FirstRow { id: string; created_at: number; next_at: number; url: string }

export function queueOf(runnable: { queued: number; due: number | null }, waiting: number, first: FirstRow | undefined): QueueSummary {
  return {
    queued: runnable.queued + waiting,
    due: runnable.due ?? 0,
    ...(first ? { first: { id: first.id, createdAt: first.created_at, nextAt: first.next_at, url: first.url } } : {}),
  };
}

export const minuteRow = (r: { minute: number; outcome: string; calls: number }): CallMinute =>
  ({ minute: Number(r.minute), outcome: r.outcome as CallMinute['outcome'], calls: Number(r.calls) });
