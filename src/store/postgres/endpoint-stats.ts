// What `endpoints show` reports of one URL from the outbox tables: its queue, and its recent
// attempts (the newest `max` attempts since `since`, primary or failover) summed up. The SQL of
// sqlite/endpoint-stats.ts; read-only, so each statement may run on any pooled connection.

import type pg from 'pg';
import type { EndpointStats } from '../types.js';

interface AttemptRow {
  at: number;
  ok: number;
  latency_ms: number;
  http_status: number | null;
  error_class: string | null;
  error: string | null;
}

// Runnable queued rows through the per-endpoint due index; the ones waiting behind an earlier
// event of their call through the order index (they all have an order key).
const RUNNABLE = `SELECT COUNT(*) AS queued, SUM(CASE WHEN next_at <= $2 THEN 1 ELSE 0 END) AS due
  FROM pushes WHERE url = $1 AND state = 'queued' AND blocked = 0`;
const WAITING = "SELECT COUNT(*) AS n FROM pushes WHERE state = 'queued' AND order_key IS NOT NULL AND blocked = 1 AND url = $1";
const RECENT = `SELECT a.at, a.ok, a.latency_ms, a.http_status, a.error_class, a.error
  FROM push_attempts a JOIN pushes p ON p.id = a.push_id
  WHERE a.at >= $2 AND COALESCE(a.url, p.url) = $1
  ORDER BY a.at DESC LIMIT $3`;

/** The value at quantile q of ascending `sorted` (nearest rank). */
function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export async function endpointStats(pool: pg.Pool, url: string, now: number, since: number, max: number): Promise<EndpointStats> {
  // Three reads, not one snapshot: the figures are a report, and a push moving between them
  // between the statements skews it by one at most.
  const [q, waiting, recent] = await Promise.all([
    pool.query<{ queued: number; due: number | null }>(RUNNABLE, [url, now]),
    pool.query<{ n: number }>(WAITING, [url]),
    pool.query<AttemptRow>(RECENT, [url, since, max]),
  ]);
  const runnable = q.rows[0]!;
  const rows = recent.rows;
  const stats: EndpointStats = {
    queue: { queued: runnable.queued + waiting.rows[0]!.n, due: runnable.due ?? 0 },
    recent: { since, attempts: rows.length, delivered: rows.filter((r) => r.ok === 1).length },
  };
  if (rows.length > 0) {
    const latencies = rows.map((r) => r.latency_ms).sort((a, b) => a - b);
    stats.recent.successRate = stats.recent.delivered / rows.length;
    stats.recent.latencyMs = { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), max: latencies[latencies.length - 1]! };
    stats.recent.lastAttemptAt = rows[0]!.at;
  }
  const failed = rows.find((r) => r.ok === 0);
  if (failed) {
    stats.lastError = { at: failed.at, error: failed.error ?? failed.error_class ?? 'failed' };
    if (failed.error_class !== null) stats.lastError.errorClass = failed.error_class;
    if (failed.http_status !== null) stats.lastError.httpStatus = failed.http_status;
  }
  return stats;
}
