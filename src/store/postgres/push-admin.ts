// The operator's repository over the outbox tables on PostgreSQL (PushAdminRepo): listing, a push
// with its history, replay (push-replay.ts), deliver now (push-deliver-now.ts), the failed-CDR
// export and retention (push-retention.ts). The delivery path is the outbox's.

import type pg from 'pg';
import { boundedCountSql, pushListSql } from '../sql/push-query.js';
import { attemptsOfSql, toAttempt, toPush, type AttemptRow, type PushRow } from '../sql/push-rows.js';
import type { PushAdminRepo } from '../types.js';
import { named } from './params.js';
import { deliverNow } from './push-deliver-now.js';
import { replayByIds, replayWhere } from './push-replay.js';
import { pgRetention } from './push-retention.js';

export function pgPushAdmin(pool: pg.Pool): PushAdminRepo {
  return {
    async list(q, after, limit) {
      // Newest first, as on SQLite; the keyset (created_at, id) is stable while pushes arrive.
      const l = pushListSql(q, after, limit);
      const s = named(l.sql, l.params);
      return (await pool.query<PushRow>(s.text, s.values)).rows.map(toPush);
    },
    async count(q, max) {
      const c = boundedCountSql(q, max);
      const s = named(c.sql, c.params);
      return Number((await pool.query<{ n: string }>(s.text, s.values)).rows[0]!.n);
    },
    async show(id) {
      const row = (await pool.query<PushRow>('SELECT * FROM pushes WHERE id = $1', [id])).rows[0];
      if (!row) return undefined;
      const attempts = await pool.query<AttemptRow>(attemptsOfSql('$1'), [id]);
      return { push: toPush(row), attempts: attempts.rows.map(toAttempt) };
    },
    replay: (ids, now) => replayByIds(pool, ids, now),
    replayWhere: (q, now, max, expected) => replayWhere(pool, q, now, max, expected),
    deliverNow: (id, now) => deliverNow(pool, id, now),
    ...pgRetention(pool),
  };
}
