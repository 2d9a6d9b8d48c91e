// Claiming due pushes: one IMMEDIATE transaction that picks due rows endpoint by endpoint, leases
// them and merges batch partners into first-attempt records. Per endpoint, because a global
// next_at scan would have to walk past a held endpoint's whole backlog to find another's due push;
// per endpoint each lookup is one index probe whatever the backlog. SQLite's single writer keeps
// two claimers apart; a PostgreSQL store will need FOR UPDATE SKIP LOCKED on the due scan.

import type Database from 'better-sqlite3';
import type { Push } from '../../domain/push.js';
import { toPush, type PushRow } from './push-rows.js';

export type ClaimFn = (
  now: number, limit: number, leaseMs: number, maxBatch: (dialect: string) => number, room?: (url: string) => number,
) => Push[];

/** The endpoints with runnable queued pushes, walked one index probe at a time. */
export interface EndpointScan {
  /** URLs with runnable queued pushes, paused endpoints left out. */
  urls(): string[];
  /** The earliest next_at of the URL's runnable queued pushes. */
  minDue(url: string): number | undefined;
}

export function endpointScan(db: Database.Database): EndpointScan {
  // The URLs with runnable queued pushes, one index probe each (a loose index scan; SQLite has no
  // skip scan without ANALYZE, PostgreSQL runs the same recursive query).
  const urls = db.prepare<[], string>(
    `WITH RECURSIVE u(url) AS (
       SELECT MIN(url) FROM pushes WHERE state = 'queued' AND blocked = 0
       UNION ALL
       SELECT (SELECT MIN(url) FROM pushes WHERE state = 'queued' AND blocked = 0 AND url > u.url)
       FROM u WHERE u.url IS NOT NULL)
     SELECT url FROM u WHERE url IS NOT NULL`,
  ).pluck();
  const paused = db.prepare<[], string>('SELECT url FROM endpoints WHERE paused = 1').pluck();
  const minDue = db.prepare<[string], number | null>(
    "SELECT MIN(next_at) FROM pushes WHERE url = ? AND state = 'queued' AND blocked = 0",
  ).pluck();
  return {
    urls() {
      const held = new Set(paused.all());
      return urls.all().filter((u) => !held.has(u));
    },
    minDue: (url) => minDue.get(url) ?? undefined,
  };
}

export function claimStatement(db: Database.Database, scan: EndpointScan): ClaimFn {
  // `blocked` already excludes rows waiting behind an earlier push of their order key; the
  // NOT EXISTS guard keeps the rule true even for rows edited by hand (a manual replay).
  const due = db.prepare<{ url: string; now: number; limit: number }, PushRow>(
    `SELECT * FROM pushes p
     WHERE p.url = @url AND p.state = 'queued' AND p.blocked = 0 AND p.next_at <= @now
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

  // Which endpoint goes first rotates from claim to claim, so none is always served last.
  let turn = 0;
  const tx = db.transaction((now: number, limit: number, leaseMs: number, maxBatch: (d: string) => number,
    room: (url: string) => number) => {
    const absorbed = new Set<string>();
    const out: Push[] = [];
    const all = scan.urls();
    const start = all.length > 0 ? turn++ % all.length : 0;
    for (let i = 0; i < all.length && out.length < limit; i++) {
      const url = all[(start + i) % all.length]!;
      let left = Math.min(room(url), limit - out.length);
      // Rescan while this endpoint has room: rows absorbed into a batch free slots. Each round
      // leases at least one row (the first row of a fresh scan cannot have been absorbed).
      while (left > 0) {
        const rows = due.all({ url, now, limit: left });
        if (rows.length === 0) break;
        const before = out.length;
        claimRows(rows, now, leaseMs, maxBatch, absorbed, out);
        left -= out.length - before;
        if (rows.length < left + (out.length - before)) break;
      }
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

  return (now, limit, leaseMs, maxBatch, room = () => Infinity) => {
    // A lease must end in the future, or the rescan above would claim the same row again.
    if (!(leaseMs > 0)) throw new RangeError(`leaseMs must be > 0, got ${leaseMs}`);
    return limit > 0 ? tx.immediate(now, limit, leaseMs, maxBatch, room) : [];
  };
}
