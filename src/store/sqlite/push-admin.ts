// The operator's repository over the outbox tables (PushAdminRepo): listing, a push with its
// history, replay, the failed-CDR export and retention. It prepares its own statements on the
// store's connection and leaves the delivery path (outbox.ts, claim.ts) alone.

import type Database from 'better-sqlite3';
import type { PushAdminRepo } from '../types.js';
import { boundedCountSql, pushListSql } from '../sql/push-query.js';
import { statementCache } from './statement-cache.js';
import { deliverNowStatement } from './push-deliver-now.js';
import { replayer } from './push-replay.js';
import { retention } from './push-retention.js';
import { attemptsOfSql, toAttempt, toPush, type AttemptRow, type PushRow } from '../sql/push-rows.js';

export function sqlitePushAdmin(db: Database.Database): PushAdminRepo {
  const prepared = statementCache(db);
  const getPush = db.prepare<[string], PushRow>('SELECT * FROM pushes WHERE id = ?');
  const attempts = db.prepare<[string], AttemptRow>(attemptsOfSql('?'));
  const replay = replayer(db);
  const kept = retention(db);
  const deliverNow = deliverNowStatement(db);

  return {
    async list(q, after, limit) {
      // Newest first: an operator looks at what just went wrong; the keyset (created_at, id) is
      // stable while new pushes arrive at the top.
      const s = pushListSql(q, after, limit);
      return prepared<PushRow>(s.sql).all(s.params).map(toPush);
    },
    async count(q, max) {
      const c = boundedCountSql(q, max);
      return prepared<{ n: number }>(c.sql).get(c.params)!.n;
    },
    async show(id) {
      const row = getPush.get(id);
      if (!row) return undefined;
      return { push: toPush(row), attempts: attempts.all(id).map(toAttempt) };
    },
    async replay(ids, now) {
      return replay.byIds(ids, now);
    },
    async replayWhere(q, now, max, expected) {
      return replay.where(q, now, max, expected);
    },
    async deliverNow(id, now) {
      return deliverNow(id, now);
    },
    failedRecords: kept.failedRecords,
    prune: kept.prune,
  };
}
