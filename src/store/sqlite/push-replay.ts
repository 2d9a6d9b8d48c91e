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
import { replayedState, replayTargets, REQUEUE, TARGET_COLUMNS, type ReplayTarget } from '../sql/push-replay.js';
import { statementCache } from './statement-cache.js';

export interface Replayer {
  byIds(ids: string[], now: number): { replayed: number } | ReplayRefusal;
  where(q: PushQuery, now: number, max: number, expected?: number): { matched: number; replayed: number };
}

export function replayer(db: Database.Database): Replayer {
  const prepared = statementCache(db);
  const target = db.prepare<[string], ReplayTarget>(`SELECT ${TARGET_COLUMNS} FROM pushes WHERE id = ?`);
  const entering = orderRule(db);
  const requeue = db.prepare(REQUEUE);

  const requeueAll = (rows: ReplayTarget[], now: number): number => {
    let n = 0;
    for (const r of rows) {
      const blocked = r.order_key !== null && entering(r.order_key, r.seq) ? 1 : 0;
      n += requeue.run({ id: r.id, now, blocked }).changes;
    }
    return n;
  };

  const byIdsTx = db.transaction((ids: string[], now: number): { replayed: number } | ReplayRefusal => {
    const t = replayTargets(ids, (id) => target.get(id));
    return 'rows' in t ? { replayed: requeueAll(t.rows, now) } : t;
  });

  const whereTx = db.transaction((q: PushQuery, now: number, max: number, expected: number | undefined) => {
    const w = whereOf(q);
    const matched = prepared<number>(`SELECT COUNT(*) FROM pushes ${w.sql}`).pluck().get(w.params) as number;
    if (matched === 0 || matched > max || (expected !== undefined && matched !== expected)) return { matched, replayed: 0 };
    const rows = prepared<ReplayTarget>(`SELECT ${TARGET_COLUMNS} FROM pushes ${w.sql} ORDER BY created_at, seq, id`).all(w.params);
    return { matched, replayed: requeueAll(rows, now) };
  });

  return {
    byIds: (ids, now) => byIdsTx.immediate(ids, now),
    where(q, now, max, expected) {
      return whereTx.immediate({ ...q, state: replayedState(q) }, now, max, expected);
    },
  };
}
