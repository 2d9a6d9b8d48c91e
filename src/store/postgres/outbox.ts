// The outbox repository on PostgreSQL: enqueue (enqueue.ts, in a transaction of its own here),
// claim (claim.ts), complete (complete.ts, in batches), and the read side for the management
// API, behaving like sqlite/outbox.ts.

import type pg from 'pg';
import type { PushState } from '../../domain/push.js';
import { attemptsOfSql, toAttempt, toPush, type AttemptRow, type PushRow } from '../sql/push-rows.js';
import { pushFilterSql } from '../sql/push-query.js';
import type { OutboxRepo, PushFilter } from '../types.js';
import { pgClaim } from './claim.js';
import { receiverScan } from './claim-scan.js';
import { batchedComplete } from './complete.js';
import { enqueueIn } from './enqueue.js';
import { positional } from './params.js';
import { tx } from './pool.js';

// As the probes of claim-scan.ts: the first row of pushes_due.
const NEXT_DUE = "SELECT next_at AS v FROM pushes WHERE state = 'queued' AND blocked = 0 ORDER BY next_at LIMIT 1";
const DEPTH = `SELECT COUNT(*) AS queued, SUM(CASE WHEN next_at <= $1 THEN 1 ELSE 0 END) AS due, MIN(next_at) AS oldest
  FROM pushes WHERE state = 'queued' AND blocked = 0`;

export function pgOutbox(pool: pg.Pool): OutboxRepo {
  const complete = batchedComplete(pool);

  return {
    async enqueue(pushes) {
      if (pushes.length > 0) await tx(pool, (c) => enqueueIn(c, pushes));
    },
    claim: pgClaim(pool),
    complete,
    async depth(now) {
      const r = (await pool.query<{ queued: number; due: number | null; oldest: number | null }>(DEPTH, [now])).rows[0]!;
      const due = r.due ?? 0;
      return r.oldest !== null && due > 0 ? { queued: r.queued, due, oldestDueAt: r.oldest } : { queued: r.queued, due };
    },
    async nextDueAt(skip) {
      if (skip) return receiverScan(pool).nextDueAt(skip);
      return (await pool.query<{ v: number | null }>(NEXT_DUE)).rows[0]?.v ?? undefined;
    },
    async get(id) {
      const r = (await pool.query<PushRow>('SELECT * FROM pushes WHERE id = $1', [id])).rows[0];
      return r && toPush(r);
    },
    async list(filter: PushFilter) {
      const { sql, params } = pushFilterSql(filter);
      return (await pool.query<PushRow>(positional(sql), params)).rows.map(toPush);
    },
    async attempts(pushId) {
      return (await pool.query<AttemptRow>(attemptsOfSql('$1'), [pushId])).rows.map(toAttempt);
    },
    async counts() {
      const out: Record<PushState, number> = { queued: 0, delivered: 0, failed: 0, merged: 0 };
      for (const r of (await pool.query<{ state: PushState; n: number }>('SELECT state, COUNT(*) AS n FROM pushes GROUP BY state')).rows) {
        out[r.state] = r.n;
      }
      return out;
    },
  };
}
