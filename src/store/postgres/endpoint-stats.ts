// What `endpoints show` reports of one URL from the outbox tables: its queue, and its recent
// attempts (the newest `max` attempts since `since`, primary or failover) summed up. The SQL of
// sqlite/endpoint-stats.ts; read-only, so each statement may run on any pooled connection.

import type pg from 'pg';
import { endpointStatsOf, type AttemptRow } from '../sql/endpoint-stats.js';
import type { EndpointStats } from '../types.js';

// Runnable queued rows through the per-endpoint due index; the ones waiting behind an earlier
// event of their call through the order index (they all have an order key).
const RUNNABLE = `SELECT COUNT(*) AS queued, SUM(CASE WHEN next_at <= $2 THEN 1 ELSE 0 END) AS due
  FROM pushes WHERE url = $1 AND state = 'queued' AND blocked = 0`;
const WAITING = "SELECT COUNT(*) AS n FROM pushes WHERE state = 'queued' AND order_key IS NOT NULL AND blocked = 1 AND url = $1";
// One range of push_attempts_url_at (migration 019: every attempt stores its URL).
const RECENT = `SELECT at, ok, latency_ms, http_status, error_class, error FROM push_attempts
  WHERE url = $1 AND at >= $2 ORDER BY at DESC LIMIT $3`;

export async function endpointStats(pool: pg.Pool, url: string, now: number, since: number, max: number): Promise<EndpointStats> {
  // Three reads, not one snapshot: the figures are a report, and a push moving between them
  // between the statements skews it by one at most.
  const [q, waiting, recent] = await Promise.all([
    pool.query<{ queued: number; due: number | null }>(RUNNABLE, [url, now]),
    pool.query<{ n: number }>(WAITING, [url]),
    pool.query<AttemptRow>(RECENT, [url, since, max]),
  ]);
  const runnable = q.rows[0]!;
  return endpointStatsOf({ queued: runnable.queued + waiting.rows[0]!.n, due: runnable.due ?? 0 }, since, recent.rows);
}
