// What `endpoints show` reports of one URL from the outbox tables: its queue, and its recent
// attempts (the newest `max` attempts since `since`, primary or failover) summed up.

import type Database from 'better-sqlite3';
import { endpointStatsOf, type AttemptRow } from '../sql/endpoint-stats.js';
import type { EndpointStats } from '../types.js';

/** One range of push_attempts_url_at (migration 019: every attempt stores its URL). */
export const RECENT_ATTEMPTS = `SELECT at, ok, latency_ms, http_status, error_class, error FROM push_attempts
  WHERE url = @url AND at >= @since ORDER BY at DESC LIMIT @max`;

export function endpointStatsStatement(db: Database.Database): (url: string, now: number, since: number, max: number) => EndpointStats {
  // Runnable queued rows through the per-endpoint due index; the ones waiting behind an earlier
  // event of their call through the order index (they all have an order key).
  const runnable = db.prepare<{ url: string; now: number }, { queued: number; due: number | null }>(
    `SELECT COUNT(*) AS queued, SUM(CASE WHEN next_at <= @now THEN 1 ELSE 0 END) AS due
     FROM pushes WHERE url = @url AND state = 'queued' AND blocked = 0`,
  );
  const waiting = db.prepare<[string], number>(
    "SELECT COUNT(*) FROM pushes WHERE state = 'queued' AND order_key IS NOT NULL AND blocked = 1 AND url = ?",
  ).pluck();
  const recent = db.prepare<{ url: string; since: number; max: number }, AttemptRow>(
    RECENT_ATTEMPTS,
  );

  return (url, now, since, max) => {
    const q = runnable.get({ url, now })!;
    const rows = recent.all({ url, since, max });
    return endpointStatsOf({ queued: q.queued + waiting.get(url)!, due: q.due ?? 0 }, since, rows);
  };
}
