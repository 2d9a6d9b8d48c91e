// The outbox repository on PostgreSQL: enqueue (enqueue.ts, in a transaction of its own here),
// claim (claim.ts), complete, and the read side for the management API, behaving like
// sqlite/outbox.ts.

import type pg from 'pg';
import type { PushAttempt, PushNext, PushState } from '../../domain/push.js';
import { toAttempt, toPush, type AttemptRow, type PushRow } from '../sql/push-rows.js';
import type { OutboxRepo, PushFilter } from '../types.js';
import { pgClaim } from './claim.js';
import { receiverScan } from './claim-scan.js';
import { enqueueIn, lockOrderKeys } from './enqueue.js';
import { named, positional } from './params.js';
import { tx } from './pool.js';

/** Responses are stored up to this many characters (about the first KiB the design asks for). */
const RESPONSE_HEAD_CHARS = 1024;

const INSERT_ATTEMPT = `INSERT INTO push_attempts (push_id, n, at, latency_ms, ok, http_status, response_head, error_class, error, url)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
  ON CONFLICT (push_id, n) DO NOTHING`;
// Guarded by attempts = first - 1: a late completion from a node whose lease expired (and whose
// push someone else already moved on) changes nothing. A concurrent completion of the same push
// waits for this row's lock, then finds the guard false on the row's new version.
const ADVANCE = `UPDATE pushes SET attempts = @n, step = step + @steps, state = @state, next_at = @nextAt,
         delivered_at = @deliveredAt, last_error = COALESCE(@error, last_error)
  WHERE id = @id AND state = 'queued' AND attempts = @first - 1`;
const UNBLOCK_HEAD = `UPDATE pushes SET blocked = 0 WHERE id = (
    SELECT id FROM pushes WHERE order_key = $1 AND state = 'queued' ORDER BY seq LIMIT 1)`;
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
    const key = await c.query<{ order_key: string | null }>('SELECT order_key FROM pushes WHERE id = $1', [a.pushId]);
    const orderKey = key.rows[0]?.order_key ?? null;
    if (orderKey !== null) await lockOrderKeys(c, [orderKey]);
    for (const x of all) {
      const head = x.responseHead === undefined ? null : x.responseHead.slice(0, RESPONSE_HEAD_CHARS);
      await c.query({
        name: 'outbox_attempt', text: INSERT_ATTEMPT,
        values: [x.pushId, x.n, x.at, Math.round(x.latencyMs), x.ok ? 1 : 0, x.httpStatus ?? null,
          head, x.errorClass ?? null, x.error ?? null, x.url ?? null],
      });
    }
    const q = named(ADVANCE, {
      id: a.pushId,
      n: a.n,
      first: all[0]!.n,
      steps: next.state === 'queued' && next.keepStep ? 0 : 1,
      state: next.state,
      nextAt: next.state === 'queued' ? next.nextAt : a.at,
      deliveredAt: next.state === 'delivered' ? a.at : null,
      error: a.ok ? null : (a.error ?? a.errorClass ?? 'failed'),
    });
    const changed = await c.query({ name: 'outbox_advance', text: q.text, values: q.values });
    if (changed.rowCount === 1 && next.state !== 'queued' && orderKey !== null) {
      await c.query({ name: 'outbox_unblock', text: UNBLOCK_HEAD, values: [orderKey] });
    }
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
      const where: string[] = [];
      const params: unknown[] = [];
      const cols: [keyof PushFilter, string][] = [
        ['appKey', 'app_key'], ['sessionId', 'session_id'], ['state', 'state'], ['kind', 'kind'],
      ];
      for (const [k, col] of cols) {
        if (filter[k] !== undefined) {
          where.push(`${col} = ?`);
          params.push(filter[k]);
        }
      }
      const sql = `SELECT * FROM pushes ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                   ORDER BY created_at, seq, id LIMIT ?`;
      return (await pool.query<PushRow>(positional(sql), [...params, filter.limit ?? 100])).rows.map(toPush);
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
