// The IP guard's lockouts on PostgreSQL (migration 011, SQL in ../sql/lockouts.ts), shared by
// every node. recordFailure is one transaction whose first statement (touch, an upsert) takes the
// IP's row lock: a second node's failure of the same IP waits at that statement until the first
// commits, and then (READ COMMITTED, a fresh snapshot per statement) counts the first one's
// failure too. So failures of one IP are counted one at a time and exactly one reaches the max.

import type pg from 'pg';
import type { FailureOutcome, LockoutRepo } from '../types.js';
import { listed, LOCKOUT_SQL, sqlLimit, type ListedRow } from '../sql/lockouts.js';
import { positional } from './params.js';
import { tx } from './pool.js';

const SQL = Object.fromEntries(Object.entries(LOCKOUT_SQL).map(([k, v]) => [k, positional(v)])) as Record<keyof typeof LOCKOUT_SQL, string>;

export function pgLockouts(pool: pg.Pool): LockoutRepo {
  return {
    recordFailure(ip, now, windowMs, max, blockMs) {
      return tx(pool, async (c): Promise<FailureOutcome> => {
        const row = (await c.query<{ blocked_until: number; struck: number }>(SQL.touch, [ip, now])).rows[0]!;
        if (row.blocked_until > now) return { failures: row.struck, blockedUntil: row.blocked_until, started: false };
        await c.query(SQL.addFailure, [ip, now]);
        await c.query(SQL.dropOld, [ip, now - windowMs]);
        const failures = Number((await c.query<{ failures: number }>(SQL.count, [ip])).rows[0]!.failures);
        if (failures < max) return { failures, started: false };
        await c.query(SQL.block, [now + blockMs, failures, ip]);
        await c.query(SQL.clearFailures, [ip]);
        return { failures, blockedUntil: now + blockMs, started: true };
      });
    },
    async blocked(now) {
      return (await pool.query<{ ip: string; blocked_until: number }>(SQL.blocked, [now])).rows.map((r) => ({ ip: r.ip, blockedUntil: r.blocked_until }));
    },
    async list(now, windowMs, limit) {
      return listed((await pool.query<ListedRow>(SQL.list, [now, now, now - windowMs, sqlLimit(limit)])).rows);
    },
    async release(ip, now) {
      const row = (await pool.query<{ blocked_until: number }>(SQL.release, [ip])).rows[0];
      return row ? { lifted: row.blocked_until > now } : undefined;
    },
    async releaseAll(now) {
      const rows = (await pool.query<{ ip: string; blocked_until: number }>(SQL.releaseAll)).rows;
      return { forgotten: rows.length, lifted: rows.filter((r) => r.blocked_until > now).map((r) => r.ip) };
    },
    // Two statements, no transaction needed: each deletes only what is already out of the window
    // (see pruneIps for a failure recorded meanwhile).
    async prune(now, windowMs) {
      const failures = (await pool.query(SQL.pruneFailures, [now - windowMs])).rowCount ?? 0;
      const ips = (await pool.query(SQL.pruneIps, [now, now - windowMs])).rowCount ?? 0;
      return failures + ips;
    },
  };
}
