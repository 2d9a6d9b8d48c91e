// Replay: a delivered or failed push is queued again under the same id (the receiver's
// de-duplication key), its attempt numbers continuing, so its history shows every delivery.
// Per-call order is kept with the rule enqueue uses (order-rule.ts): a replayed push with an order key
// is blocked while an earlier-seq push of its key is queued, and it blocks the later-seq queued
// ones. The rule does not depend on the order rows are requeued in, and the claim's own guard
// (claim.ts) delivers the head of each key first, so several replayed events of one call go out
// in seq order.

import type Database from 'better-sqlite3';
import type { PushQuery, ReplayRefusal } from '../types.js';
import { orderRule } from './order-rule.js';
import { whereOf } from '../sql/push-query.js';
import { statementCache } from './statement-cache.js';

interface Target {
  id: string;
  state: string;
  order_key: string | null;
  seq: number;
  merged_into: string | null;
}

export interface Replayer {
  byIds(ids: string[], now: number): { replayed: number } | ReplayRefusal;
  where(q: PushQuery, now: number, max: number): { matched: number; replayed: number };
}

const TARGET_COLUMNS = 'id, state, order_key, seq, merged_into';

export function replayer(db: Database.Database): Replayer {
  const prepared = statementCache(db);
  const target = db.prepare<[string], Target>(`SELECT ${TARGET_COLUMNS} FROM pushes WHERE id = ?`);
  const entering = orderRule(db);
  // step 0: the schedule starts over; attempts is untouched, so the next attempt is n + 1.
  // delivered_at goes (it is queued again); exported_at goes so that, should it fail again, it
  // is exported again before retention may delete it. last_error stays: the history's last word.
  // origin: rows that left the queue before migration 009 have none; their URL names the same gate.
  const requeue = db.prepare(
    `UPDATE pushes SET state = 'queued', next_at = @now, step = 0, replays = replays + 1, blocked = @blocked,
            delivered_at = NULL, exported_at = NULL, origin = CASE WHEN origin = '' THEN url ELSE origin END
     WHERE id = @id AND state IN ('delivered', 'failed')`,
  );

  const requeueAll = (rows: Target[], now: number): number => {
    let n = 0;
    for (const r of rows) {
      const blocked = r.order_key !== null && entering(r.order_key, r.seq) ? 1 : 0;
      n += requeue.run({ id: r.id, now, blocked }).changes;
    }
    return n;
  };

  const byIdsTx = db.transaction((ids: string[], now: number): { replayed: number } | ReplayRefusal => {
    const rows: Target[] = [];
    for (const id of new Set(ids)) {
      const r = target.get(id);
      if (!r) return { reason: 'not_found', id };
      if (r.state === 'merged') return { reason: 'merged', id, mergedInto: r.merged_into ?? '' };
      if (r.state === 'queued') return { reason: 'queued', id };
      rows.push(r);
    }
    return { replayed: requeueAll(rows, now) };
  });

  const whereTx = db.transaction((q: PushQuery, now: number, max: number) => {
    const w = whereOf(q);
    const matched = prepared<number>(`SELECT COUNT(*) FROM pushes ${w.sql}`).pluck().get(w.params) as number;
    if (matched === 0 || matched > max) return { matched, replayed: 0 };
    const rows = prepared<Target>(`SELECT ${TARGET_COLUMNS} FROM pushes ${w.sql} ORDER BY created_at, seq, id`).all(w.params);
    return { matched, replayed: requeueAll(rows, now) };
  });

  return {
    byIds: (ids, now) => byIdsTx.immediate(ids, now),
    where(q, now, max) {
      const state = q.state ?? 'failed';
      // Queued ones are on their way already; merged ones travel inside another push.
      if (state !== 'failed' && state !== 'delivered') throw new RangeError(`only delivered or failed pushes can be replayed, not ${state}`);
      return whereTx.immediate({ ...q, state }, now, max);
    },
  };
}
