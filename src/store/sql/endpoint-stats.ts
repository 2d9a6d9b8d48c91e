// The summing up of `endpoints show` both engines share: from one URL's queue counts and its
// recent attempts (newest first), the success rate, latency percentiles and the last error.

import type { EndpointStats } from '../types.js';

export interface AttemptRow {
  at: number;
  ok: number;
  latency_ms: number;
  http_status: number | null;
  error_class: string | null;
  error: string | null;
}

/** The value at quantile q of ascending `sorted` (nearest rank). */
function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** `rows`: the attempts since `since`, newest first. */
export function endpointStatsOf(queue: EndpointStats['queue'], since: number, rows: AttemptRow[]): EndpointStats {
  const stats: EndpointStats = {
    queue,
    recent: { since, attempts: rows.length, delivered: rows.filter((r) => r.ok === 1).length },
  };
  if (rows.length > 0) {
    const latencies = rows.map((r) => r.latency_ms).sort((a, b) => a - b);
    stats.recent.successRate = stats.recent.delivered / rows.length;
    stats.recent.latencyMs = { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), p99: quantile(latencies, 0.99), max: latencies[latencies.length - 1]! };
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
