// Per-call order in the outbox: pushes sharing an order key go one at a time, in seq order. A
// push (re)entering the queue is blocked while an earlier-seq push of its key is queued, and it
// blocks the later-seq queued ones. Enqueue and replay both apply it; the caller provides the
// transaction.

import type Database from 'better-sqlite3';

/** Returns whether a push of (orderKey, seq) entering the queue must wait (its `blocked` value). */
export type OrderRule = (orderKey: string, seq: number) => boolean;

export function orderRule(db: Database.Database): OrderRule {
  const hasEarlier = db.prepare<[string, number], number>(
    "SELECT 1 FROM pushes WHERE order_key = ? AND state = 'queued' AND seq < ? LIMIT 1",
  ).pluck();
  const blockLater = db.prepare(
    "UPDATE pushes SET blocked = 1 WHERE order_key = ? AND state = 'queued' AND seq > ? AND blocked = 0",
  );
  return (orderKey, seq) => {
    const blocked = hasEarlier.get(orderKey, seq) !== undefined;
    blockLater.run(orderKey, seq);
    return blocked;
  };
}
