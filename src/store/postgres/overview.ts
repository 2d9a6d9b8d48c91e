// The overview's figures on PostgreSQL (src/store/sql/overview.ts has the SQL and why it is cheap).
// Read-only, so each statement may run on any pooled connection: the queue's three figures may be
// of moments a few ms apart, which a report polled every 2 s can bear.

import type pg from 'pg';
import type { OverviewRepo } from '../overview-repo.js';
import { positional } from './params.js';
import { CALLS_PER_MINUTE, DELIVERED_SINCE, FAILED_SINCE, FIRST, minuteRow, queueOf, RUNNABLE, WAITING, type FirstRow } from '../sql/overview.js';

const q = (sql: string) => positional(sql);

export function pgOverview(pool: pg.Pool): OverviewRepo {
  const one = async (sql: string, since: number) => (await pool.query<{ n: number }>(q(sql), [since])).rows[0]!.n;
  return {
    async callsPerMinute(since) {
      return (await pool.query<{ minute: number; outcome: string; calls: number }>(q(CALLS_PER_MINUTE), [since])).rows.map(minuteRow);
    },
    async pushesSince(since) {
      const [delivered, failed] = await Promise.all([one(DELIVERED_SINCE, since), one(FAILED_SINCE, since)]);
      return { delivered, failed };
    },
    async queue(now) {
      const [r, w, f] = await Promise.all([
        pool.query<{ queued: number; due: number | null }>(q(RUNNABLE), [now]),
        pool.query<{ n: number }>(q(WAITING)),
        pool.query<FirstRow>(q(FIRST)),
      ]);
      return queueOf(r.rows[0]!, w.rows[0]!.n, f.rows[0]);
    },
  };
}
