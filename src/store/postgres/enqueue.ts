// Inserting pushes inside a caller's transaction (a call's event or end, a plain enqueue), with
// per-call order (the order rule of sqlite/order-rule.ts) and the endpoint row of each URL.
//
// SQLite has one writer, so "is an earlier push of this key queued?" and "unblock the next one"
// never interleave. Here two nodes can: a completion unblocking the head while an enqueue decides
// to block behind it would leave the new push blocked with nothing ahead of it, forever. Every
// transaction that reads or changes the queued pushes of an order key first takes that key's
// transaction-scoped advisory lock; keys are locked in sorted order so two transactions never
// wait on each other in a cycle.

import type pg from 'pg';
import { endpointId } from '../../domain/endpoint.js';
import { originOf } from '../../domain/receiver.js';
import type { NewPush } from '../../domain/push.js';
import { newPushParams } from '../sql/push-rows.js';
import { named } from './params.js';

/** Locks the order keys (distinct, sorted) until the transaction ends. */
export async function lockOrderKeys(c: pg.PoolClient, keys: Iterable<string | null | undefined>): Promise<void> {
  const sorted = [...new Set([...keys].filter((k): k is string => typeof k === 'string'))].sort();
  for (const k of sorted) await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [k]);
}

/**
 * Whether a push of (orderKey, seq) entering the queue must wait (its `blocked` value); blocks the
 * later-seq queued ones. The caller holds the key's lock.
 */
export async function enteringOrder(c: pg.PoolClient, orderKey: string, seq: number): Promise<boolean> {
  const earlier = await c.query("SELECT 1 FROM pushes WHERE order_key = $1 AND state = 'queued' AND seq < $2 LIMIT 1", [orderKey, seq]);
  await c.query("UPDATE pushes SET blocked = 1 WHERE order_key = $1 AND state = 'queued' AND seq > $2 AND blocked = 0", [orderKey, seq]);
  return earlier.rowCount !== 0;
}

const INSERT = `INSERT INTO pushes (id, app_key, session_id, dialect, kind, url, origin, order_key, seq, batch_key,
                     items, item_count, schedule, timeout_ms, state, blocked, attempts, next_at, created_at, subscription_id)
  VALUES (@id, @appKey, @sessionId, @dialect, @kind, @url, @origin, @orderKey, @seq, @batchKey,
          @items, 1, @schedule, @timeoutMs, 'queued', @blocked, 0, @nextAt, @createdAt, @subscriptionId)`;

/**
 * Makes sure the URL has its endpoint row (the caller's transaction). ON CONFLICT with no target:
 * two nodes inserting one new URL at once collide on the primary key (the id derives from the
 * URL) as well as on url, and a conflict target names only one of them.
 */
export async function ensureEndpoint(c: pg.PoolClient, url: string, now: number): Promise<void> {
  await c.query(
    'INSERT INTO endpoints (id, url, origin, paused, created_at, updated_at) VALUES ($1, $2, $3, 0, $4, $4) ON CONFLICT DO NOTHING',
    [endpointId(url), url, originOf(url), now],
  );
}

/** Inserts the pushes in the caller's transaction. */
export async function enqueueIn(c: pg.PoolClient, pushes: NewPush[]): Promise<void> {
  if (pushes.length === 0) return;
  await lockOrderKeys(c, pushes.map((p) => p.orderKey));
  const urls = new Map<string, number>();
  for (const p of pushes) {
    const blocked = p.orderKey !== undefined && (await enteringOrder(c, p.orderKey, p.seq));
    const q = named(INSERT, newPushParams(p, blocked));
    await c.query(q.text, q.values);
    if (!urls.has(p.url)) urls.set(p.url, p.createdAt);
  }
  for (const [url, at] of urls) await ensureEndpoint(c, url, at);
}
