// Deliver now on PostgreSQL: a queued push's due time becomes now, nothing else changes (see
// sqlite/push-deliver-now.ts).
//
// Concurrency: "is an earlier push of its key still queued?" reads the key's queued pushes, so the
// transaction takes the order key's advisory lock first (as enqueue, replay and completion do;
// a push's key never changes, so it is read before the lock), then locks the push row: a
// completion or replay of it cannot change its state between the checks and the move. A pause
// committed after the paused check orders after this call, as it would on SQLite; the
// dispatcher's claim honours it.

import type pg from 'pg';
import { toPush, type PushRow } from '../sql/push-rows.js';
import type { DeliverNowResult } from '../types.js';
import { lockOrderKeys } from './enqueue.js';
import { tx } from './pool.js';

export function deliverNow(pool: pg.Pool, id: string, now: number): Promise<DeliverNowResult> {
  return tx(pool, async (c): Promise<DeliverNowResult> => {
    const key = await c.query<{ order_key: string | null }>('SELECT order_key FROM pushes WHERE id = $1', [id]);
    if (key.rowCount === 0) return { reason: 'not_found' };
    await lockOrderKeys(c, [key.rows[0]!.order_key]);
    const row = (await c.query<PushRow>('SELECT * FROM pushes WHERE id = $1 FOR UPDATE', [id])).rows[0];
    if (!row) return { reason: 'not_found' };
    if (row.state === 'merged') return { reason: 'merged', mergedInto: row.merged_into ?? '' };
    if (row.state === 'delivered' || row.state === 'failed') return { reason: row.state };
    const paused = await c.query('SELECT 1 FROM endpoints WHERE url = $1 AND paused = 1', [row.url]);
    if (paused.rowCount !== 0) return { reason: 'paused', url: row.url };
    if (row.order_key !== null) {
      const ahead = await c.query<{ id: string }>(
        "SELECT id FROM pushes WHERE order_key = $1 AND state = 'queued' AND seq < $2 ORDER BY seq LIMIT 1",
        [row.order_key, row.seq],
      );
      if (ahead.rows[0]) return { reason: 'waiting', behind: ahead.rows[0].id };
    }
    // Only forward: a push due already keeps its place among the due ones.
    const moved = await c.query<PushRow>(
      "UPDATE pushes SET next_at = $1 WHERE id = $2 AND state = 'queued' AND next_at > $1 RETURNING *", [now, id],
    );
    return { push: toPush(moved.rows[0] ?? row) };
  });
}
