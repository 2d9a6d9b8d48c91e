// Fixed-window counters taken inside the caller's transaction (a call and the counters it takes
// commit together, as on SQLite: sqlite/counters.ts).
//
// Concurrency: each take is one guarded UPSERT. Two nodes taking the same counter serialise on its
// row (ON CONFLICT DO UPDATE locks it and re-checks the guard against the newest committed count,
// also in READ COMMITTED), so the count never passes max. Rows are taken in one sorted order
// (scope, key, window) whatever order the caller lists them in, so two transactions taking the
// same counters never wait on each other in a cycle (a deadlock would abort one of them).

import type pg from 'pg';
import type { CounterTake } from '../types.js';

/** Thrown inside a transaction to roll back every take (and the write they guard). */
export class CounterRefused extends Error {
  constructor(readonly index: number) {
    super('counter limit');
  }
}

const INCR = `INSERT INTO policy_counters (scope, key, window_start, count, expires_at) VALUES ($1, $2, $3, 1, $4)
  ON CONFLICT (scope, key, window_start) DO UPDATE SET count = policy_counters.count + 1
  WHERE policy_counters.count < $5`;

// Every take of a create in one statement, rows inserted (and so locked) in the lock order. The
// guard reads each row's max from the statement's own list. One round trip where there was one
// per counter: the counter rows are the hottest rows of the API (every call of an app takes the
// app's), and each round trip made while holding them is one every other request of the app waits.
const INCR_ALL = `WITH t AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[]) AS t(scope, key, window_start, expires_at, max))
  INSERT INTO policy_counters AS pc (scope, key, window_start, count, expires_at)
  SELECT scope, key, window_start, 1, expires_at FROM t WHERE max >= 1 ORDER BY scope COLLATE "C", key COLLATE "C", window_start
  ON CONFLICT (scope, key, window_start) DO UPDATE SET count = pc.count + 1
    WHERE pc.count < (SELECT t.max FROM t WHERE t.scope = pc.scope AND t.key = pc.key AND t.window_start = pc.window_start)
  RETURNING scope, key, window_start`;

const DECR = 'UPDATE policy_counters SET count = count - 1 WHERE scope = $1 AND key = $2 AND window_start = $3 AND count > 0';

/** The takes with their positions, in the one lock order (stable: repeats keep their order). */
export function lockOrder(takes: CounterTake[]): Array<[CounterTake, number]> {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return takes
    .map((t, i): [CounterTake, number] => [t, i])
    .sort(([a], [b]) => cmp(a.scope, b.scope) || cmp(a.key, b.key) || a.windowStart - b.windowStart);
}

/**
 * Takes every counter in the caller's transaction; throws CounterRefused with the index of the
 * first take (in the caller's order, as SQLite reports it) that would pass its max. The caller's
 * transaction must then roll back. After a refusal the remaining takes are still tried, so the
 * lowest refused index is known although the rows are visited in lock order.
 */
export async function takeIn(c: pg.PoolClient, takes: CounterTake[]): Promise<void> {
  if (takes.length === 0) return;
  const id = (t: { scope: string; key: string; windowStart: number }) => `${t.scope}\n${t.key}\n${t.windowStart}`;
  const ids = takes.map(id);
  // One statement cannot update a row twice: a counter listed twice takes the loop below.
  if (new Set(ids).size === ids.length) {
    const r = await c.query<{ scope: string; key: string; window_start: number }>({
      name: 'counters_take_all', text: INCR_ALL,
      values: [takes.map((t) => t.scope), takes.map((t) => t.key), takes.map((t) => t.windowStart), takes.map((t) => t.expiresAt), takes.map((t) => t.max)],
    });
    const taken = new Set(r.rows.map((x) => id({ scope: x.scope, key: x.key, windowStart: x.window_start })));
    const refused = ids.findIndex((k) => !taken.has(k));
    if (refused >= 0) throw new CounterRefused(refused);
    return;
  }
  let refused: number | undefined;
  for (const [t, i] of lockOrder(takes)) {
    // A max below 1 admits nothing, not even the first call of a window (the INSERT would).
    const ok = t.max >= 1 && (await c.query(INCR, [t.scope, t.key, t.windowStart, t.expiresAt, t.max])).rowCount === 1;
    if (!ok && (refused === undefined || i < refused)) refused = i;
  }
  if (refused !== undefined) throw new CounterRefused(refused);
}

/** Gives one of each back in the caller's transaction (never below zero), in lock order. */
export async function giveIn(c: pg.PoolClient, takes: CounterTake[]): Promise<void> {
  for (const [t] of lockOrder(takes)) await c.query(DECR, [t.scope, t.key, t.windowStart]);
}

/** Runs `work` (the transaction) and turns a refusal into its index; other errors pass on. */
export async function refusalIndex(work: () => Promise<unknown>): Promise<number | undefined> {
  try {
    await work();
    return undefined;
  } catch (err) {
    if (err instanceof CounterRefused) return err.index;
    throw err;
  }
}
