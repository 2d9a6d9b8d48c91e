// Claiming due pushes on PostgreSQL: the walk of sqlite/claim.ts (apps in turn, each app's
// origins in turn, each origin's URLs, as far as the ClaimGate allows; batch partners merged into
// first-attempt records) in one transaction on one connection.
//
// Several nodes claim at once, and SQLite's single writer no longer keeps them apart. The due
// scan and the partner scan lock the rows they return (FOR UPDATE SKIP LOCKED): a row another
// claimer holds is passed over rather than waited for, and a row another claimer leased and
// committed since this statement's snapshot is re-checked on its newest version (READ COMMITTED
// re-evaluates the WHERE of a locked row), where its next_at is in the future. The lease and the
// merge are UPDATEs of rows this transaction holds, so no push is ever leased twice, and since a
// claimer never waits for a row lock it can take no part in a deadlock. Completions and enqueues
// change `blocked` under the order key's advisory lock (enqueue.ts), so a row that is not the
// head of its key is never `blocked = 0` in a committed state the due scan could see.

import type pg from 'pg';
import type { Push } from '../../domain/push.js';
import { toPush, type PushRow } from '../sql/push-rows.js';
import type { ClaimGate } from '../types.js';
import { receiverScan } from './claim-scan.js';
import { tx } from './pool.js';

export type PgClaimFn = (
  now: number, limit: number, leaseMs: number, maxBatch: (dialect: string) => number, gate?: ClaimGate,
) => Promise<Push[]>;

// The columns of PushRow, named: a prepared `SELECT *` fails ("cached plan must not change result
// type") on every connection that prepared it once another node's migration adds a column.
const COLUMNS = (['id', 'app_key', 'session_id', 'dialect', 'kind', 'url', 'origin', 'order_key', 'seq', 'batch_key',
  'items', 'item_count', 'schedule', 'timeout_ms', 'state', 'blocked', 'attempts', 'next_at', 'created_at',
  'delivered_at', 'last_error', 'merged_into', 'subscription_id', 'step', 'replays', 'exported_at',
] satisfies Array<keyof PushRow>).map((c) => `p.${c}`).join(', ');
// `blocked` already excludes rows waiting behind an earlier push of their order key; the
// NOT EXISTS guard keeps the rule true even for rows edited by hand (a manual replay).
const DUE = `SELECT ${COLUMNS} FROM pushes p
  WHERE p.app_key = $1 AND p.origin = $2 AND p.url = $3
    AND p.state = 'queued' AND p.blocked = 0 AND p.next_at <= $4
    AND (p.order_key IS NULL OR NOT EXISTS (
          SELECT 1 FROM pushes q
          WHERE q.order_key = p.order_key AND q.state = 'queued' AND q.seq < p.seq))
  ORDER BY p.next_at, p.created_at
  LIMIT $5
  FOR UPDATE OF p SKIP LOCKED`;
const PARTNERS = `SELECT id, items, item_count FROM pushes
  WHERE state = 'queued' AND attempts = 0 AND batch_key = $1 AND url = $2
    AND dialect = $3 AND next_at <= $4 AND blocked = 0 AND order_key IS NULL
    AND id <> $5
  ORDER BY next_at, created_at
  LIMIT $6
  FOR UPDATE SKIP LOCKED`;
const LEASE = 'UPDATE pushes SET next_at = $1 WHERE id = ANY($2::text[])';
const ABSORB = "UPDATE pushes SET state = 'merged', merged_into = $1 WHERE id = ANY($2::text[])";
const SET_ITEMS = 'UPDATE pushes SET items = $1, item_count = $2 WHERE id = $3';

interface Partner {
  id: string;
  items: string;
  item_count: number;
}

export function pgClaim(pool: pg.Pool): PgClaimFn {
  // Which app goes first rotates from claim to claim, so none is always served last; within an
  // app its origins, and within an origin its URLs, go on after the last one served. Per process,
  // as on SQLite: each node rotates on its own.
  let turn = 0;
  const originAfter = new Map<string, string>();
  const urlAfter = new Map<string, string>();
  const remember = (m: Map<string, string>, k: string, v: string) => {
    if (m.size >= 10_000 && !m.has(k)) m.clear(); // cursors of receivers long gone; losing them costs only fairness of one turn
    m.set(k, v);
  };

  const walk = async (c: pg.PoolClient, now: number, limit: number, leaseMs: number, maxBatch: (d: string) => number,
    gate: ClaimGate): Promise<Push[]> => {
    const appRoom = (app: string) => gate.app?.(app) ?? Infinity;
    const room = (app: string, originOrUrl: string) => gate.room?.(app, originOrUrl) ?? Infinity;
    const absorbed = new Set<string>();
    const out: Push[] = [];
    const scan = receiverScan(c);
    const { paused: held, apps } = await scan.start();
    const start = apps.length > 0 ? turn++ % apps.length : 0;
    for (let i = 0; i < apps.length && out.length < limit; i++) {
      const app = apps[(start + i) % apps.length]!;
      if (appRoom(app) <= 0) continue;
      for await (const origin of scan.origins(app, originAfter.get(app))) {
        if (out.length >= limit || appRoom(app) <= 0) break;
        if (room(app, origin) <= 0) continue;
        const key = `${app}\n${origin}`;
        for await (const url of scan.urls(app, origin, urlAfter.get(key))) {
          if (held.has(url)) continue;
          // The origin's gate, asked by URL: the same gate, unless the row predates the origin column.
          let left = Math.min(room(app, url), appRoom(app), limit - out.length);
          // Rescan while there is room: rows absorbed into a batch free slots. Each round leases at
          // least one row, or stops (the rest of the receiver's due rows are other claimers').
          while (left > 0) {
            const due = await c.query<PushRow>({ name: 'claim_due', text: DUE, values: [app, origin, url, now, left] });
            const rows = due.rows;
            if (rows.length === 0) break;
            const before = out.length;
            await claimRows(c, rows, now, leaseMs, maxBatch, absorbed, out, gate);
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
  };

  async function claimRows(
    c: pg.PoolClient, rows: PushRow[], now: number, leaseMs: number, maxBatch: (d: string) => number,
    absorbed: Set<string>, out: Push[], gate: ClaimGate,
  ): Promise<void> {
    const leasedUntil = now + leaseMs;
    // Leases are written in one UPDATE per run of rows, and always before a partner scan: that
    // scan must not find a row this claim already took (its own locks do not hide it).
    let pending: string[] = [];
    const flush = async () => {
      if (pending.length === 0) return;
      await c.query({ name: 'claim_lease', text: LEASE, values: [leasedUntil, pending] });
      pending = [];
    };
    for (const row of rows) {
      if (absorbed.has(row.id)) continue;
      pending.push(row.id);
      row.next_at = leasedUntil;
      const max = maxBatch(row.dialect);
      if (row.batch_key !== null && row.attempts === 0 && row.order_key === null && row.item_count < max) {
        await flush();
        const items = JSON.parse(row.items) as unknown[];
        const found = await c.query<Partner>({
          name: 'claim_partners', text: PARTNERS,
          values: [row.batch_key, row.url, row.dialect, now, row.id, max - items.length],
        });
        const taken: string[] = [];
        for (const f of found.rows) {
          if (absorbed.has(f.id) || items.length + f.item_count > max) continue;
          items.push(...(JSON.parse(f.items) as unknown[]));
          taken.push(f.id);
          absorbed.add(f.id);
        }
        if (taken.length > 0) {
          await c.query({ name: 'claim_absorb', text: ABSORB, values: [row.id, taken] });
          row.items = JSON.stringify(items);
          row.item_count = items.length;
          await c.query({ name: 'claim_set_items', text: SET_ITEMS, values: [row.items, row.item_count, row.id] });
        }
      }
      const claimed = toPush(row);
      out.push(claimed);
      gate.took?.(claimed);
    }
    await flush();
  }

  return async (now, limit, leaseMs, maxBatch, gate = {}) => {
    // A lease must end in the future, or the rescan above would claim the same row again.
    if (!(leaseMs > 0)) throw new RangeError(`leaseMs must be > 0, got ${leaseMs}`);
    return limit > 0 ? tx(pool, (c) => walk(c, now, limit, leaseMs, maxBatch, gate)) : [];
  };
}
