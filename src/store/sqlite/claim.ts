// Claiming due pushes: one IMMEDIATE transaction that picks due rows, leases them and merges
// batch partners into first-attempt records. SQLite's single writer keeps two claimers apart; a
// PostgreSQL store (not written yet) will need FOR UPDATE SKIP LOCKED on the due scan for that.

import type Database from 'better-sqlite3';
import type { Push } from '../../domain/push.js';
import { toPush, type PushRow } from './push-rows.js';

export type ClaimFn = (now: number, limit: number, leaseMs: number, maxBatch: (dialect: string) => number) => Push[];

export function claimStatement(db: Database.Database): ClaimFn {
  // `blocked` already excludes rows waiting behind an earlier push of their order key; the
  // NOT EXISTS guard keeps the rule true even for rows edited by hand (a manual replay).
  const due = db.prepare<{ now: number; limit: number }, PushRow>(
    `SELECT * FROM pushes p
     WHERE p.state = 'queued' AND p.blocked = 0 AND p.next_at <= @now
       AND (p.order_key IS NULL OR NOT EXISTS (
             SELECT 1 FROM pushes q
             WHERE q.order_key = p.order_key AND q.state = 'queued' AND q.seq < p.seq))
     ORDER BY p.next_at, p.created_at
     LIMIT @limit`,
  );
  const lease = db.prepare('UPDATE pushes SET next_at = ? WHERE id = ?');
  const partners = db.prepare<
    { batchKey: string; url: string; dialect: string; now: number; id: string; limit: number },
    { id: string; items: string; item_count: number }
  >(
    `SELECT id, items, item_count FROM pushes
     WHERE state = 'queued' AND attempts = 0 AND batch_key = @batchKey AND url = @url
       AND dialect = @dialect AND next_at <= @now AND blocked = 0 AND order_key IS NULL
       AND id <> @id
     ORDER BY next_at, created_at
     LIMIT @limit`,
  );
  const absorb = db.prepare("UPDATE pushes SET state = 'merged', merged_into = ? WHERE id = ?");
  const setItems = db.prepare('UPDATE pushes SET items = ?, item_count = ? WHERE id = ?');

  const tx = db.transaction((now: number, limit: number, leaseMs: number, maxBatch: (d: string) => number) => {
    const absorbed = new Set<string>();
    const out: Push[] = [];
    // Rescan while slots remain: rows absorbed into a batch free slots for other due pushes. Each
    // round leases at least one row (the first row of a fresh scan cannot have been absorbed), so
    // this ends.
    for (;;) {
      const rows = due.all({ now, limit: limit - out.length });
      if (rows.length === 0) break;
      claimRows(rows, now, leaseMs, maxBatch, absorbed, out);
      if (out.length >= limit) break;
    }
    return out;
  });

  function claimRows(
    rows: PushRow[], now: number, leaseMs: number, maxBatch: (d: string) => number, absorbed: Set<string>, out: Push[],
  ): void {
    for (const row of rows) {
      if (absorbed.has(row.id)) continue;
      const leasedUntil = now + leaseMs;
      lease.run(leasedUntil, row.id);
      row.next_at = leasedUntil;
      const max = maxBatch(row.dialect);
      if (row.batch_key !== null && row.attempts === 0 && row.order_key === null && row.item_count < max) {
        const items = JSON.parse(row.items) as unknown[];
        const found = partners.all({
          batchKey: row.batch_key, url: row.url, dialect: row.dialect, now, id: row.id, limit: max - items.length,
        });
        for (const f of found) {
          if (absorbed.has(f.id) || items.length + f.item_count > max) continue;
          items.push(...(JSON.parse(f.items) as unknown[]));
          absorb.run(row.id, f.id);
          absorbed.add(f.id);
        }
        if (items.length !== row.item_count) {
          row.items = JSON.stringify(items);
          row.item_count = items.length;
          setItems.run(row.items, row.item_count, row.id);
        }
      }
      out.push(toPush(row));
    }
  }

  return (now, limit, leaseMs, maxBatch) => {
    // A lease must end in the future, or the rescan above would claim the same row again.
    if (!(leaseMs > 0)) throw new RangeError(`leaseMs must be > 0, got ${leaseMs}`);
    return limit > 0 ? tx.immediate(now, limit, leaseMs, maxBatch) : [];
  };
}
