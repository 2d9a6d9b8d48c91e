// The outbox repository on PostgreSQL: enqueue (enqueue.ts, in a transaction of its own here),
// claim (claim.ts), complete, and the read side for the management API, behaving like
// sqlite/outbox.ts.

import type pg from 'pg';
import type { PushAttempt, PushNext, PushState } from '../../domain/push.js';
import { toAttempt, toPush, type AttemptRow, type PushRow } from '../sql/push-rows.js';
import { pushFilterSql } from '../sql/push-query.js';
import type { OutboxRepo, PushFilter } from '../types.js';
import { pgClaim } from './claim.js';
import { receiverScan } from './claim-scan.js';
import { enqueueIn } from './enqueue.js';
import { positional } from './params.js';
import { tx } from './pool.js';

/** Responses are stored up to this many characters (about the first KiB the design asks for). */
const RESPONSE_HEAD_CHARS = 1024;

// The push's order key, and the key's advisory lock taken in the same round trip: the lock of
// enqueue.ts's lockOrderKeys (the same hashtextextended(key, 0)), before any row lock of this
// transaction. Plain read, no row lock: order_key never changes.
const KEY_LOCK = `SELECT order_key, CASE WHEN order_key IS NOT NULL THEN pg_advisory_xact_lock(hashtextextended(order_key, 0)) END AS locked
  FROM pushes WHERE id = $1`;
// The attempts, the advance and the unblock of the key's next head in one statement (one round
// trip where they were three or more). Guarded by attempts = first - 1: a late completion from a
// node whose lease expired (and whose push someone else already moved on) changes nothing. A
// concurrent completion of the same push waits for this row's lock, then finds the guard false on
// the row's new version. The unblock runs only when the advance changed the row and the push
// left the queue ($15); its head scan reads the statement's snapshot, where this push is still
// queued, hence id <> $1. The key's advisory lock (KEY_LOCK, earlier in the transaction) keeps
// enqueues of the key out until COMMIT, and this statement's snapshot, taken after the lock was
// granted, sees every enqueue that committed before it.
const COMPLETE = `WITH attempt AS (
    INSERT INTO push_attempts (push_id, n, at, latency_ms, ok, http_status, response_head, error_class, error, url)
    SELECT $1, a.n, a.at, a.latency_ms, a.ok, a.http_status, a.response_head, a.error_class, a.error, a.url
    FROM unnest($2::int[], $3::bigint[], $4::int[], $5::int[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[])
      AS a(n, at, latency_ms, ok, http_status, response_head, error_class, error, url)
    ON CONFLICT (push_id, n) DO NOTHING),
  advanced AS (
    UPDATE pushes SET attempts = $11, step = step + $12, state = $13, next_at = $14,
           delivered_at = $16, last_error = COALESCE($17, last_error)
    WHERE id = $1 AND state = 'queued' AND attempts = $18 - 1
    RETURNING order_key)
  UPDATE pushes SET blocked = 0 WHERE $15 AND id = (
    SELECT q.id FROM pushes q, advanced a
    WHERE q.order_key = a.order_key AND q.state = 'queued' AND q.id <> $1 ORDER BY q.seq LIMIT 1)`;
// As the probes of claim-scan.ts: the first row of pushes_due.
const NEXT_DUE = "SELECT next_at AS v FROM pushes WHERE state = 'queued' AND blocked = 0 ORDER BY next_at LIMIT 1";
const DEPTH = `SELECT COUNT(*) AS queued, SUM(CASE WHEN next_at <= $1 THEN 1 ELSE 0 END) AS due, MIN(next_at) AS oldest
  FROM pushes WHERE state = 'queued' AND blocked = 0`;

export function pgOutbox(pool: pg.Pool): OutboxRepo {
  const complete = async (c: pg.PoolClient, all: PushAttempt[], next: PushNext): Promise<void> => {
    const a = all[all.length - 1]!;
    // The key's advisory lock comes first, before this push's row lock, as in every transaction
    // that touches the key's queued pushes (enqueue.ts): an enqueue deciding to block behind this
    // push then either runs wholly before (and the unblock below frees its push) or wholly after
    // (and finds this push no longer queued). Taking it after the row lock could deadlock with an
    // enqueue that holds the key and blocks this (still queued, later-seq) push. order_key never
    // changes, so reading it unlocked is safe.
    await c.query({ name: 'outbox_key_lock', text: KEY_LOCK, values: [a.pushId] });
    const heads = all.map((x) => (x.responseHead === undefined ? null : x.responseHead.slice(0, RESPONSE_HEAD_CHARS)));
    await c.query({
      name: 'outbox_complete', text: COMPLETE,
      values: [
        a.pushId, all.map((x) => x.n), all.map((x) => x.at), all.map((x) => Math.round(x.latencyMs)), all.map((x) => (x.ok ? 1 : 0)),
        all.map((x) => x.httpStatus ?? null), heads, all.map((x) => x.errorClass ?? null), all.map((x) => x.error ?? null), all.map((x) => x.url ?? null),
        a.n, next.state === 'queued' && next.keepStep ? 0 : 1, next.state, next.state === 'queued' ? next.nextAt : a.at,
        next.state !== 'queued', next.state === 'delivered' ? a.at : null, a.ok ? null : (a.error ?? a.errorClass ?? 'failed'), all[0]!.n,
      ],
    });
  };

  return {
    async enqueue(pushes) {
      if (pushes.length > 0) await tx(pool, (c) => enqueueIn(c, pushes));
    },
    claim: pgClaim(pool),
    async complete(attempts, next) {
      if (attempts.length > 0) await tx(pool, (c) => complete(c, attempts, next));
    },
    async depth(now) {
      const r = (await pool.query<{ queued: number; due: number | null; oldest: number | null }>(DEPTH, [now])).rows[0]!;
      const due = r.due ?? 0;
      return r.oldest !== null && due > 0 ? { queued: r.queued, due, oldestDueAt: r.oldest } : { queued: r.queued, due };
    },
    async nextDueAt(skip) {
      if (skip) return receiverScan(pool).nextDueAt(skip);
      return (await pool.query<{ v: number | null }>(NEXT_DUE)).rows[0]?.v ?? undefined;
    },
    async get(id) {
      const r = (await pool.query<PushRow>('SELECT * FROM pushes WHERE id = $1', [id])).rows[0];
      return r && toPush(r);
    },
    async list(filter: PushFilter) {
      const { sql, params } = pushFilterSql(filter);
      return (await pool.query<PushRow>(positional(sql), params)).rows.map(toPush);
    },
    async attempts(pushId) {
      return (await pool.query<AttemptRow>('SELECT * FROM push_attempts WHERE push_id = $1 ORDER BY n', [pushId])).rows.map(toAttempt);
    },
    async counts() {
      const out: Record<PushState, number> = { queued: 0, delivered: 0, failed: 0, merged: 0 };
      for (const r of (await pool.query<{ state: PushState; n: number }>('SELECT state, COUNT(*) AS n FROM pushes GROUP BY state')).rows) {
        out[r.state] = r.n;
      }
      return out;
    },
  };
}
