// The IP guard's lockouts (migration 011): SQL both engines run as it is (? parameters) and the
// row mapping. recordFailure's statements run in this order inside one transaction: `touch`
// first, because it takes the IP's row lock, so two nodes counting failures of one IP at once
// count one after the other and exactly one of them reaches the max.

import type { Lockout } from '../types.js';

export const LOCKOUT_SQL = {
  /**
   * Creates or touches the IP's row and says whether it is blocked. While blocked the failure is
   * not counted, so last_failure_at stays. Params: ip, now.
   */
  touch: `INSERT INTO lockouts (ip, blocked_until, struck, last_failure_at) VALUES (?, 0, 0, ?)
    ON CONFLICT (ip) DO UPDATE SET last_failure_at = CASE WHEN lockouts.blocked_until > excluded.last_failure_at
      THEN lockouts.last_failure_at ELSE excluded.last_failure_at END
    RETURNING blocked_until, struck`,
  /** Params: ip, now. */
  addFailure: `INSERT INTO lockout_failures (ip, at, n) VALUES (?, ?, 1)
    ON CONFLICT (ip, at) DO UPDATE SET n = lockout_failures.n + 1`,
  /** Params: ip, now - windowMs. */
  dropOld: 'DELETE FROM lockout_failures WHERE ip = ? AND at <= ?',
  /** Params: ip. */
  count: 'SELECT COALESCE(SUM(n), 0) AS failures FROM lockout_failures WHERE ip = ?',
  /** Params: blockedUntil, struck, ip. */
  block: 'UPDATE lockouts SET blocked_until = ?, struck = ? WHERE ip = ?',
  /** Params: ip. */
  clearFailures: 'DELETE FROM lockout_failures WHERE ip = ?',
  /** Params: now. */
  blocked: 'SELECT ip, blocked_until FROM lockouts WHERE blocked_until > ?',
  /** Params: now, now, now - windowMs, limit. The total is counted before the limit cuts. */
  list: `WITH v AS (
      SELECT ip, last_failure_at,
        CASE WHEN blocked_until > ? THEN blocked_until ELSE 0 END AS until,
        CASE WHEN blocked_until > ? THEN struck
          ELSE (SELECT COALESCE(SUM(f.n), 0) FROM lockout_failures f WHERE f.ip = lockouts.ip AND f.at > ?) END AS failures
      FROM lockouts
    )
    SELECT ip, until, failures, last_failure_at, COUNT(*) OVER () AS total
    FROM v WHERE until > 0 OR failures > 0
    ORDER BY until DESC, failures DESC, ip
    LIMIT ?`,
  /** Failures go with the row (ON DELETE CASCADE). Params: ip. */
  release: 'DELETE FROM lockouts WHERE ip = ? RETURNING blocked_until',
  releaseAll: 'DELETE FROM lockouts RETURNING ip, blocked_until',
  /** Params: now - windowMs. */
  pruneFailures: 'DELETE FROM lockout_failures WHERE at <= ?',
  /**
   * IPs neither blocked nor failing inside the window. A failure recorded meanwhile moved
   * last_failure_at first (touch), so the row it counts on is not deleted under it (PostgreSQL
   * re-checks the WHERE on the row version the failure committed). Params: now, now - windowMs.
   */
  pruneIps: 'DELETE FROM lockouts WHERE blocked_until <= ? AND last_failure_at <= ?',
} as const;

export interface ListedRow {
  ip: string;
  until: number;
  failures: number;
  last_failure_at: number;
  total: number;
}

export function listed(rows: ListedRow[]): { lockouts: Lockout[]; total: number } {
  return {
    lockouts: rows.map((r): Lockout => ({
      ip: r.ip,
      failures: Number(r.failures),
      ...(Number(r.until) > 0 ? { blockedUntil: Number(r.until) } : {}),
      lastFailureAt: Number(r.last_failure_at),
    })),
    total: rows.length === 0 ? 0 : Number(rows[0]!.total),
  };
}

/** LIMIT takes a number: "no limit" is the largest exact one. */
export const sqlLimit = (limit: number): number => (Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : Number.MAX_SAFE_INTEGER);
