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
import { replayedState, replayTargets, REQUEUE, TARGET_COLUMNS, type ReplayTarget } from '../sql/push-replay.js';
import type { PushQuery, ReplayRefusal } from '../types.js';
import { enteringOrder, lockOrderKeys } from './enqueue.js';
import { named } from './params.js';
import { tx } from './pool.js';

/** Takes the order keys' locks, then locks and re-reads the rows (a missing id is simply absent). */
async function lockTargets(c: pg.PoolClient, ids: string[]): Promise<Map<string, ReplayTarget>> {
  const keys = await c.query<{ order_key: string | null }>('SELECT order_key FROM pushes WHERE id = ANY($1)', [ids]);
  await lockOrderKeys(c, keys.rows.map((r) => r.order_key));
  const rows = await c.query<ReplayTarget>(
    `SELECT ${TARGET_COLUMNS} FROM pushes WHERE id = ANY($1) ORDER BY id COLLATE "C" FOR UPDATE`, [ids],
  );
  return new Map(rows.rows.map((r) => [r.id, r]));
}

/** Requeues the locked rows (their keys' locks held), in the order given. */
async function requeueAll(c: pg.PoolClient, rows: ReplayTarget[], now: number): Promise<number> {
  let n = 0;
  for (const r of rows) {
    const blocked = r.order_key !== null && (await enteringOrder(c, r.order_key, r.seq)) ? 1 : 0;
    const q = named(REQUEUE, { id: r.id, now, blocked });
    n += (await c.query(q.text, q.values)).rowCount ?? 0;
  }
  return n;
}

export async function replayByIds(pool: pg.Pool, ids: string[], now: number): Promise<{ replayed: number } | ReplayRefusal> {
  const unique = [...new Set(ids)];
  return tx(pool, async (c) => {
    const found = await lockTargets(c, unique);
    const t = replayTargets(unique, (id) => found.get(id));
    return 'rows' in t ? { replayed: await requeueAll(c, t.rows, now) } : t;
  });
}

export async function replayWhere(pool: pg.Pool, q: PushQuery, now: number, max: number, expected?: number): Promise<{ matched: number; replayed: number }> {
  const state = replayedState(q);
  const w = whereOf({ ...q, state });
  return tx(pool, async (c) => {
    const count = named(`SELECT COUNT(*) AS n FROM pushes ${w.sql}`, w.params);
    const matched = Number((await c.query<{ n: string }>(count.text, count.values)).rows[0]!.n);
    if (matched === 0 || matched > max || (expected !== undefined && matched !== expected)) return { matched, replayed: 0 };
    const ids = named(`SELECT id FROM pushes ${w.sql}`, w.params);
    const found = await lockTargets(c, (await c.query<{ id: string }>(ids.text, ids.values)).rows.map((r) => r.id));
    // Only rows still in the replayed state once locked: one a concurrent replay queued is skipped.
    const rows = [...found.values()]
      .filter((r) => r.state === state)
      .sort((a, b) => a.created_at - b.created_at || a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    // Read committed: a push may have failed (or been replayed) between the count and the locks;
    // what is replayed is what is locked, and it must be what the operator confirmed.
    if (expected !== undefined && rows.length !== expected) return { matched: rows.length, replayed: 0 };
    return { matched, replayed: await requeueAll(c, rows, now) };
  });
}
