// Deliver now: a queued push's due time becomes now. Nothing else changes: attempts, step and
// the schedule go on, so the attempt it makes is the one it would have made at its due time, only
// sooner. One transaction: the checks (paused endpoint, an earlier event of the call still queued)
// and the move see the same rows.

import type Database from 'better-sqlite3';
import type { DeliverNowResult } from '../types.js';
import { toPush, type PushRow } from '../sql/push-rows.js';

export function deliverNowStatement(db: Database.Database): (id: string, now: number) => DeliverNowResult {
  const get = db.prepare<[string], PushRow>('SELECT * FROM pushes WHERE id = ?');
  const ahead = db.prepare<[string, number], string>(
    "SELECT id FROM pushes WHERE order_key = ? AND state = 'queued' AND seq < ? ORDER BY seq LIMIT 1",
  ).pluck();
  const paused = db.prepare<[string], number>('SELECT 1 FROM endpoints WHERE url = ? AND paused = 1').pluck();
  // Only forward: a push due already keeps its place among the due ones.
  const move = db.prepare("UPDATE pushes SET next_at = ? WHERE id = ? AND state = 'queued' AND next_at > ?");

  const tx = db.transaction((id: string, now: number): DeliverNowResult => {
    const row = get.get(id);
    if (!row) return { reason: 'not_found' };
    if (row.state === 'merged') return { reason: 'merged', mergedInto: row.merged_into ?? '' };
    if (row.state === 'delivered' || row.state === 'failed') return { reason: row.state };
    if (paused.get(row.url) !== undefined) return { reason: 'paused', url: row.url };
    if (row.order_key !== null) {
      const first = ahead.get(row.order_key, row.seq);
      if (first !== undefined) return { reason: 'waiting', behind: first };
    }
    move.run(now, id, now);
    return { push: toPush(get.get(id)!) };
  });
  return (id, now) => tx.immediate(id, now);
}
