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
