// Fixed-window counters taken inside a transaction of the caller's choosing. A call and the
// counters it takes commit together: one write transaction per call instead of two (the separate
// counter transaction and its WAL frames were most of the policy's cost), and a refusal rolls the
// call back with the counters, so nothing is half-written.

import type Database from 'better-sqlite3';
import type { CounterTake } from '../types.js';

/** Thrown inside the transaction to roll back every take (and the write they guard). */
class CounterRefused extends Error {
  constructor(readonly index: number) {
    super('counter limit');
  }
}

export interface CounterWriter {
  /**
   * Takes the counters and runs `write` in one IMMEDIATE transaction. Returns the index of the
   * first take that would pass its max (then neither the counters nor the write are kept).
   */
  takeWith(takes: CounterTake[], write: () => void): number | undefined;
}

const writers = new WeakMap<Database.Database, CounterWriter>();

/** The counter writer of this connection; its statements are prepared once per connection. */
export function counterWriter(db: Database.Database): CounterWriter {
  let w = writers.get(db);
  if (!w) writers.set(db, (w = prepare(db)));
  return w;
}

function prepare(db: Database.Database): CounterWriter {
  // The guard in DO UPDATE replaces RETURNING: a full counter is left unchanged and reports no
  // change, so a take is one statement without a result row to read back. PostgreSQL's UPSERT
  // has the same WHERE and row count, so several nodes still count into one row atomically.
  const incr = db.prepare<[string, string, number, number, number]>(
    `INSERT INTO policy_counters (scope, key, window_start, count, expires_at) VALUES (?, ?, ?, 1, ?)
     ON CONFLICT (scope, key, window_start) DO UPDATE SET count = policy_counters.count + 1
     WHERE policy_counters.count < ?`,
  );
  const takeAll = (takes: CounterTake[]): void => {
    takes.forEach((t, i) => {
      // A max below 1 admits nothing, not even the first call of a window (the INSERT would).
      if (t.max < 1 || incr.run(t.scope, t.key, t.windowStart, t.expiresAt, t.max).changes !== 1) throw new CounterRefused(i);
    });
  };
  const tx = db.transaction((takes: CounterTake[], write: () => void) => {
    takeAll(takes);
    write();
  });
  return {
    takeWith(takes, write) {
      try {
        tx.immediate(takes, write);
        return undefined;
      } catch (err) {
        if (err instanceof CounterRefused) return err.index;
        throw err;
      }
    },
  };
}
