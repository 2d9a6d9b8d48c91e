// Replay on PostgreSQL: a delivered or failed push is queued again under the same id, its attempt
// numbers continuing (see sqlite/push-replay.ts for the rules; they are the same here).
//
// Concurrency: a replayed push with an order key re-enters the queue through the order rule
// (enqueue.ts's enteringOrder), which reads and changes that key's queued pushes, so the
// transaction first takes the keys' advisory locks, as enqueue and the dispatcher's completion do
// (locks in one order everywhere: order keys sorted, then rows). A push's order key and seq never
// change, so reading them before the lock is safe. Then the target rows are locked FOR UPDATE (in
// id order, so two replays never wait on each other in a cycle) and their states checked: a
// dispatcher or another replay changing one of them waits for this transaction, or this one for
// it and then sees its outcome. The requeue UPDATE is guarded by state as well.

import type pg from 'pg';
import { whereOf } from '../sql/push-query.js';
import type { PushQuery, ReplayRefusal } from '../types.js';
import { enteringOrder, lockOrderKeys } from './enqueue.js';
import { named } from './params.js';
import { tx } from './pool.js';

interface Target {
  id: string;
  state: string;
  order_key: string | null;
  seq: number;
  merged_into: string | null;
  created_at: number;
}

const TARGET_COLUMNS = 'id, state, order_key, seq, merged_into, created_at';

// As SQLite's: the schedule starts over, attempts stays (the next attempt is n + 1), delivered_at
// and exported_at go, last_error stays; origin is filled for rows from before migration 009.
const REQUEUE = `UPDATE pushes SET state = 'queued', next_at = $2, step = 0, replays = replays + 1, blocked = $3,
         delivered_at = NULL, exported_at = NULL, origin = CASE WHEN origin = '' THEN url ELSE origin END
  WHERE id = $1 AND state IN ('delivered', 'failed')`;

/** Takes the order keys' locks, then locks and re-reads the rows (a missing id is simply absent). */
async function lockTargets(c: pg.PoolClient, ids: string[]): Promise<Map<string, Target>> {
  const keys = await c.query<{ order_key: string | null }>('SELECT order_key FROM pushes WHERE id = ANY($1)', [ids]);
  await lockOrderKeys(c, keys.rows.map((r) => r.order_key));
  const rows = await c.query<Target>(
    `SELECT ${TARGET_COLUMNS} FROM pushes WHERE id = ANY($1) ORDER BY id COLLATE "C" FOR UPDATE`, [ids],
  );
  return new Map(rows.rows.map((r) => [r.id, r]));
}

/** Requeues the locked rows (their keys' locks held), in the order given. */
async function requeueAll(c: pg.PoolClient, rows: Target[], now: number): Promise<number> {
  let n = 0;
  for (const r of rows) {
    const blocked = r.order_key !== null && (await enteringOrder(c, r.order_key, r.seq)) ? 1 : 0;
    n += (await c.query(REQUEUE, [r.id, now, blocked])).rowCount ?? 0;
  }
  return n;
}

export async function replayByIds(pool: pg.Pool, ids: string[], now: number): Promise<{ replayed: number } | ReplayRefusal> {
  const unique = [...new Set(ids)];
  return tx(pool, async (c) => {
    const found = await lockTargets(c, unique);
    const rows: Target[] = [];
    for (const id of unique) {
      const r = found.get(id);
      if (!r) return { reason: 'not_found', id };
      if (r.state === 'merged') return { reason: 'merged', id, mergedInto: r.merged_into ?? '' };
      if (r.state === 'queued') return { reason: 'queued', id };
      rows.push(r);
    }
    return { replayed: await requeueAll(c, rows, now) };
  });
}

export async function replayWhere(pool: pg.Pool, q: PushQuery, now: number, max: number): Promise<{ matched: number; replayed: number }> {
  const state = q.state ?? 'failed';
  // Queued ones are on their way already; merged ones travel inside another push.
  if (state !== 'failed' && state !== 'delivered') throw new RangeError(`only delivered or failed pushes can be replayed, not ${state}`);
  const w = whereOf({ ...q, state });
  return tx(pool, async (c) => {
    const count = named(`SELECT COUNT(*) AS n FROM pushes ${w.sql}`, w.params);
    const matched = (await c.query<{ n: number }>(count.text, count.values)).rows[0]!.n;
    if (matched === 0 || matched > max) return { matched, replayed: 0 };
    const ids = named(`SELECT id FROM pushes ${w.sql}`, w.params);
    const found = await lockTargets(c, (await c.query<{ id: string }>(ids.text, ids.values)).rows.map((r) => r.id));
    // Only rows still in the replayed state once locked: one a concurrent replay queued is skipped.
    const rows = [...found.values()]
      .filter((r) => r.state === state)
      .sort((a, b) => a.created_at - b.created_at || a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { matched, replayed: await requeueAll(c, rows, now) };
  });
}
