// The overview's figures on SQLite (src/store/sql/overview.ts has the SQL and why it is cheap).

import type Database from 'better-sqlite3';
import type { OverviewRepo } from '../overview-repo.js';
import { CALLS_PER_MINUTE, DELIVERED_SINCE, FAILED_SINCE, FIRST, minuteRow, queueOf, RUNNABLE, WAITING, type FirstRow } from '../sql/overview.js';

export function sqliteOverview(db: Database.Database): OverviewRepo {
  const minutes = db.prepare<[number], { minute: number; outcome: string; calls: number }>(CALLS_PER_MINUTE);
  const delivered = db.prepare<[number], number>(DELIVERED_SINCE).pluck();
  const failed = db.prepare<[number], number>(FAILED_SINCE).pluck();
  const runnable = db.prepare<[number], { queued: number; due: number | null }>(RUNNABLE);
  const waiting = db.prepare<[], number>(WAITING).pluck();
  const first = db.prepare<[], FirstRow>(FIRST);
  return {
    async callsPerMinute(since) {
      return minutes.all(since).map(minuteRow);
    },
    async pushesSince(since) {
      return { delivered: delivered.get(since)!, failed: failed.get(since)! };
    },
    async queue(now) {
      // One read transaction, so the three figures are of one moment.
      return db.transaction(() => queueOf(runnable.get(now)!, waiting.get()!, first.get()))();
    },
  };
}
