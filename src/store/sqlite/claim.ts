// Claiming due pushes: one IMMEDIATE transaction that picks due rows receiver by receiver, leases
// them and merges batch partners into first-attempt records. It walks apps in turn, then each
// app's origins in turn, then each origin's URLs (pauses are per URL), asking the dispatcher's
// gate how much each app and each receiver may take (ClaimGate). Each step is one index probe on
// pushes_receiver_due, so an app at its share, or an origin whose gate is full or open, is passed
// over in one probe however many paths it was given; a global next_at scan would have to walk
// past a held receiver's whole backlog. SQLite's single writer keeps two claimers apart; a
// PostgreSQL store will need FOR UPDATE SKIP LOCKED on the due scan.

import type Database from 'better-sqlite3';
import type { Push } from '../../domain/push.js';
import type { ClaimGate, ClaimSkip } from '../types.js';
import { toPush, type PushRow } from '../sql/push-rows.js';

export type ClaimFn = (
  now: number, limit: number, leaseMs: number, maxBatch: (dialect: string) => number, gate?: ClaimGate,
) => Push[];

/** The apps, origins and URLs with runnable queued pushes, walked one index probe at a time. */
export interface ReceiverScan {
  /** Apps with runnable queued pushes. */
  apps(): string[];
  /** The app's origins with runnable queued pushes: those after `after` first, then the rest. */
  origins(appKey: string, after?: string): Iterable<string>;
  /** The URLs of the app's pushes to the origin, likewise. */
  urls(appKey: string, origin: string, after?: string): Iterable<string>;
  /** URLs an operator (or a 410) paused. */
  paused(): Set<string>;
  /** The earliest next_at of the runnable queued pushes of the app to the URL. */
  minDue(appKey: string, origin: string, url: string): number | undefined;
  /** The earliest next_at among runnable pushes that are neither paused nor skipped. */
  nextDueAt(skip: ClaimSkip): number | undefined;
}

/** Values after `after`, then from the first up to `after`: a rotation over a loose index scan. */
function* ring(first: () => string | null, next: (v: string) => string | null, after?: string): Generator<string> {
  const seen = new Set<string>();
  if (after !== undefined) {
    for (let v = next(after); v !== null; v = next(v)) {
      seen.add(v);
      yield v;
    }
  }
  // JS and SQLite may order exotic strings differently: stop at the first value seen already.
  for (let v = first(); v !== null && !seen.has(v); v = next(v)) yield v;
}

export function receiverScan(db: Database.Database): ReceiverScan {
  const RUNNABLE = "state = 'queued' AND blocked = 0";
  // Apps: a loose index scan, one probe per app (SQLite has no skip scan without ANALYZE,
  // PostgreSQL runs the same recursive query).
  const apps = db.prepare<[], string>(
    `WITH RECURSIVE a(k) AS (
       SELECT MIN(app_key) FROM pushes WHERE ${RUNNABLE}
       UNION ALL
       SELECT (SELECT MIN(app_key) FROM pushes WHERE ${RUNNABLE} AND app_key > a.k)
       FROM a WHERE a.k IS NOT NULL)
     SELECT k FROM a WHERE k IS NOT NULL`,
  ).pluck();
  const firstOrigin = db.prepare<[string], string | null>(`SELECT MIN(origin) FROM pushes WHERE app_key = ? AND ${RUNNABLE}`).pluck();
  const nextOrigin = db.prepare<[string, string], string | null>(
    `SELECT MIN(origin) FROM pushes WHERE app_key = ? AND ${RUNNABLE} AND origin > ?`,
  ).pluck();
  const firstUrl = db.prepare<[string, string], string | null>(
    `SELECT MIN(url) FROM pushes WHERE app_key = ? AND origin = ? AND ${RUNNABLE}`,
  ).pluck();
  const nextUrl = db.prepare<[string, string, string], string | null>(
    `SELECT MIN(url) FROM pushes WHERE app_key = ? AND origin = ? AND ${RUNNABLE} AND url > ?`,
  ).pluck();
  const minDue = db.prepare<[string, string, string], number | null>(
    `SELECT MIN(next_at) FROM pushes WHERE app_key = ? AND origin = ? AND url = ? AND ${RUNNABLE}`,
  ).pluck();
  const paused = db.prepare<[], string>('SELECT url FROM endpoints WHERE paused = 1').pluck();

  const scan: ReceiverScan = {
    apps: () => apps.all(),
    origins: (appKey, after) => ring(() => firstOrigin.get(appKey) ?? null, (v) => nextOrigin.get(appKey, v) ?? null, after),
    urls: (appKey, origin, after) =>
      ring(() => firstUrl.get(appKey, origin) ?? null, (v) => nextUrl.get(appKey, origin, v) ?? null, after),
    paused: () => new Set(paused.all()),
    minDue: (appKey, origin, url) => minDue.get(appKey, origin, url) ?? undefined,
    nextDueAt(skip) {
      const held = scan.paused();
      let min: number | undefined;
      for (const app of scan.apps()) {
        if (skip(app)) continue;
        for (const origin of scan.origins(app)) {
          if (skip(app, origin)) continue;
          for (const url of scan.urls(app, origin)) {
            if (held.has(url) || skip(app, url)) continue;
            const m = scan.minDue(app, origin, url);
            if (m !== undefined && (min === undefined || m < min)) min = m;
          }
        }
      }
      return min;
    },
  };
  return scan;
}

export function claimStatement(db: Database.Database, scan: ReceiverScan): ClaimFn {
  // `blocked` already excludes rows waiting behind an earlier push of their order key; the
  // NOT EXISTS guard keeps the rule true even for rows edited by hand (a manual replay).
  const due = db.prepare<{ app: string; origin: string; url: string; now: number; limit: number }, PushRow>(
    `SELECT * FROM pushes p
     WHERE p.app_key = @app AND p.origin = @origin AND p.url = @url
       AND p.state = 'queued' AND p.blocked = 0 AND p.next_at <= @now
       AND (p.order_key IS NULL OR NOT EXISTS (
             SELECT 1 FROM pushes q
             WHERE q.order_key = p.order_key AND q.state = 'queued' AND q.seq < p.seq))
     ORDER BY p.next_at, p.created_at
     LIMIT @limit`,
  );
  const lease = db.prepare('UPDATE pushes SET next_at = ? WHERE id = ?');
  // The leases of a scan's rows in one statement (ids as a JSON array): one statement run per
  // claim rather than one per push.
  const leaseMany = db.prepare('UPDATE pushes SET next_at = ? WHERE id IN (SELECT value FROM json_each(?))');
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

  // Which app goes first rotates from claim to claim, so none is always served last; within an
  // app its origins, and within an origin its URLs, go on after the last one served.
  let turn = 0;
  const originAfter = new Map<string, string>();
  const urlAfter = new Map<string, string>();
  const remember = (m: Map<string, string>, k: string, v: string) => {
    if (m.size >= 10_000 && !m.has(k)) m.clear(); // cursors of receivers long gone; losing them costs only fairness of one turn
    m.set(k, v);
  };

  const tx = db.transaction((now: number, limit: number, leaseMs: number, maxBatch: (d: string) => number, gate: ClaimGate) => {
    const appRoom = (app: string) => gate.app?.(app) ?? Infinity;
    const room = (app: string, originOrUrl: string) => gate.room?.(app, originOrUrl) ?? Infinity;
    const absorbed = new Set<string>();
    const out: Push[] = [];
    const held = scan.paused();
    const apps = scan.apps();
    const start = apps.length > 0 ? turn++ % apps.length : 0;
    for (let i = 0; i < apps.length && out.length < limit; i++) {
      const app = apps[(start + i) % apps.length]!;
      for (const origin of appRoom(app) > 0 ? scan.origins(app, originAfter.get(app)) : []) {
        if (out.length >= limit || appRoom(app) <= 0) break;
        if (room(app, origin) <= 0) continue;
        const key = `${app}\n${origin}`;
        for (const url of scan.urls(app, origin, urlAfter.get(key))) {
          if (held.has(url)) continue;
          // The origin's gate, asked by URL: the same gate, unless the row predates the origin column.
          let left = Math.min(room(app, url), appRoom(app), limit - out.length);
          // Rescan while there is room: rows absorbed into a batch free slots. Each round leases at
          // least one row (the first row of a fresh scan cannot have been absorbed).
          while (left > 0) {
            const rows = due.all({ app, origin, url, now, limit: left });
            if (rows.length === 0) break;
            const before = out.length;
            claimRows(rows, now, leaseMs, maxBatch, absorbed, out, gate);
            if (out.length > before) {
              remember(originAfter, app, origin);
              remember(urlAfter, key, url);
            }
            if (rows.length < left) break;
            left = Math.min(room(app, url), appRoom(app), limit - out.length);
          }
          if (out.length >= limit || appRoom(app) <= 0 || room(app, origin) <= 0) break;
        }
      }
    }
    return out;
  });

  function claimRows(
    rows: PushRow[], now: number, leaseMs: number, maxBatch: (d: string) => number, absorbed: Set<string>, out: Push[],
    gate: ClaimGate,
  ): void {
    const leasedUntil = now + leaseMs;
    let pending: string[] = [];
    // Written before any partner scan: a row this claim took must already be leased there, so no
    // later row of the same claim can absorb it.
    const writeLeases = () => {
      if (pending.length === 1) lease.run(leasedUntil, pending[0]);
      else if (pending.length > 1) leaseMany.run(leasedUntil, JSON.stringify(pending));
      pending = [];
    };
    for (const row of rows) {
      if (absorbed.has(row.id)) continue;
      pending.push(row.id);
      row.next_at = leasedUntil;
      const max = maxBatch(row.dialect);
      if (row.batch_key !== null && row.attempts === 0 && row.order_key === null && row.item_count < max) {
        writeLeases();
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
      const claimed = toPush(row);
      out.push(claimed);
      gate.took?.(claimed);
    }
    writeLeases();
  }

  return (now, limit, leaseMs, maxBatch, gate = {}) => {
    // A lease must end in the future, or the rescan above would claim the same row again.
    if (!(leaseMs > 0)) throw new RangeError(`leaseMs must be > 0, got ${leaseMs}`);
    return limit > 0 ? tx.immediate(now, limit, leaseMs, maxBatch, gate) : [];
  };
}
