// Completing pushes on PostgreSQL, in batches: the attempts, the advance of each push and the
// unblock of each finished push's order-key successor, for every completion asked for while the
// previous batch was committing, in one transaction of four round trips (BEGIN, key locks, one
// statement, COMMIT). One push per transaction cost a dispatcher four round trips and a commit per
// push, most of the dispatcher's and the server's CPU per push (docs/postgres.md, "Measured").
// Each caller's promise settles once its batch has committed, so "resolved" still means "durable".

import type pg from 'pg';
import type { PushAttempt, PushNext } from '../../domain/push.js';
import { isStoreUnreachable } from '../unreachable.js';
import { tx } from './pool.js';

/** Responses are stored up to this many characters (about the first KiB the design asks for). */
const RESPONSE_HEAD_CHARS = 1024;
/** Completions per transaction at most: bounds a statement's arrays and a batch's lock count. */
const MAX_BATCH = 500;

// The order keys of the batch's pushes, locked in the sorted order of enqueue.ts's lockOrderKeys
// (the same hashtextextended(key, 0)), before any row lock of this transaction, so a batch and an
// enqueue never wait for each other's keys in opposite orders. Keys are "<session id> <url>" or
// "<session id> sub:<id>": two keys first differ at an ASCII character, where COLLATE "C" (UTF-8
// bytes) and JavaScript's sort (UTF-16 code units) agree. The outer SELECT takes the locks in the
// order the sorted subquery yields them. Each push's key comes back with it. Plain read:
// order_key never changes.
const KEY_LOCKS = `WITH k AS (SELECT id, order_key FROM pushes WHERE id = ANY($1::text[])),
  l AS (SELECT pg_advisory_xact_lock(hashtextextended(s.key, 0)) FROM (
    SELECT DISTINCT order_key COLLATE "C" AS key FROM k WHERE order_key IS NOT NULL ORDER BY 1) s)
  SELECT k.id, k.order_key, (SELECT COUNT(*) FROM l) AS locks FROM k`;

// One statement for the whole batch. Each push's advance is guarded by attempts = first - 1: a
// late completion from a node whose lease expired (and whose push someone else already moved on)
// changes nothing; a concurrent completion of the same push waits for the row's lock and then
// finds the guard false on the row's new version. For each push that advanced and left the queue,
// the earliest queued push of its key is unblocked. That head scan reads the statement's snapshot,
// where the statement's pushes are still queued, hence id <> ALL(statement's pushes). A statement
// holds one push per key (completeMany): two pushes of one key can be in flight at once (a replay
// of an earlier push re-blocks a later one already sent), and the second one's head scan must see
// the first one's advance. The key locks (KEY_LOCKS, earlier in
// the transaction) keep enqueues of those keys out until COMMIT, and this statement's snapshot,
// taken after the locks were granted, sees every enqueue that committed before.
const COMPLETE = `WITH c AS (
    SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::bigint[], $6::bool[], $7::bigint[], $8::text[], $9::int[])
      AS c(id, attempts, step_inc, state, next_at, done, delivered_at, last_error, first_n)),
  attempt AS (
    INSERT INTO push_attempts (push_id, n, at, latency_ms, ok, http_status, response_head, error_class, error, url)
    SELECT u.push_id, u.n, u.at, u.latency_ms, u.ok, u.http_status, u.response_head, u.error_class, u.error, COALESCE(u.url, p.url)
    FROM unnest($10::text[], $11::int[], $12::bigint[], $13::int[], $14::int[], $15::int[], $16::text[], $17::text[], $18::text[], $19::text[])
      AS u(push_id, n, at, latency_ms, ok, http_status, response_head, error_class, error, url)
    LEFT JOIN pushes p ON p.id = u.push_id
    ON CONFLICT (push_id, n) DO NOTHING),
  advanced AS (
    UPDATE pushes p SET attempts = c.attempts, step = p.step + c.step_inc, state = c.state, next_at = c.next_at,
           delivered_at = c.delivered_at, last_error = COALESCE(c.last_error, p.last_error)
    FROM c WHERE p.id = c.id AND p.state = 'queued' AND p.attempts = c.first_n - 1
    RETURNING p.order_key, c.done)
  UPDATE pushes SET blocked = 0 WHERE id IN (
    SELECT DISTINCT ON (q.order_key) q.id FROM pushes q
    WHERE q.order_key IN (SELECT order_key FROM advanced WHERE done AND order_key IS NOT NULL)
      AND q.state = 'queued' AND q.id <> ALL($1::text[])
    ORDER BY q.order_key, q.seq)`;

export interface Completion {
  attempts: PushAttempt[];
  next: PushNext;
}

// PostgreSQL text cannot hold NUL, which a receiver's answer may (SQLite stores it): replaced, or
// the attempt could never be recorded and the push would be sent again at every lease's end.
const text = (v: string | undefined): string | null => (v === undefined ? null : v.replace(/\u0000/g, '\uFFFD'));

/** The statement's parameters: one row per completion, one per attempt. */
function params(list: Completion[]): unknown[] {
  const push = { id: [] as string[], attempts: [] as number[], stepInc: [] as number[], state: [] as string[], nextAt: [] as number[],
    done: [] as boolean[], deliveredAt: [] as Array<number | null>, lastError: [] as Array<string | null>, firstN: [] as number[] };
  const att = { pushId: [] as string[], n: [] as number[], at: [] as number[], latency: [] as number[], ok: [] as number[],
    status: [] as Array<number | null>, head: [] as Array<string | null>, errorClass: [] as Array<string | null>,
    error: [] as Array<string | null>, url: [] as Array<string | null> };
  for (const { attempts: all, next } of list) {
    const a = all[all.length - 1]!;
    push.id.push(a.pushId);
    push.attempts.push(a.n);
    push.stepInc.push(next.state === 'queued' && next.keepStep ? 0 : 1);
    push.state.push(next.state);
    push.nextAt.push(next.state === 'queued' ? next.nextAt : a.at);
    push.done.push(next.state !== 'queued');
    push.deliveredAt.push(next.state === 'delivered' ? a.at : null);
    push.lastError.push(a.ok ? null : text(a.error ?? a.errorClass ?? 'failed'));
    push.firstN.push(all[0]!.n);
    for (const x of all) {
      att.pushId.push(x.pushId);
      att.n.push(x.n);
      att.at.push(x.at);
      att.latency.push(Math.round(x.latencyMs));
      att.ok.push(x.ok ? 1 : 0);
      att.status.push(x.httpStatus ?? null);
      att.head.push(text(x.responseHead?.slice(0, RESPONSE_HEAD_CHARS)));
      att.errorClass.push(x.errorClass ?? null);
      att.error.push(text(x.error));
      att.url.push(text(x.url));
    }
  }
  return [push.id, push.attempts, push.stepInc, push.state, push.nextAt, push.done, push.deliveredAt, push.lastError, push.firstN,
    att.pushId, att.n, att.at, att.latency, att.ok, att.status, att.head, att.errorClass, att.error, att.url];
}

/**
 * Completes `list` (distinct pushes) in one transaction: one statement per round, a round holding
 * at most one push of each order key (almost always a single round).
 */
export async function completeMany(pool: pg.Pool, list: Completion[]): Promise<void> {
  if (list.length === 0) return;
  const ids = list.map((x) => x.attempts[0]!.pushId);
  await tx(pool, async (c) => {
    const keys = await c.query<{ id: string; order_key: string | null }>({ name: 'outbox_key_locks', text: KEY_LOCKS, values: [ids] });
    const keyOf = new Map(keys.rows.map((r) => [r.id, r.order_key]));
    const rounds: Completion[][] = [];
    const roundOfKey = new Map<string, number>();
    for (const x of list) {
      const key = keyOf.get(x.attempts[0]!.pushId) ?? null;
      const r = key === null ? 0 : (roundOfKey.get(key) ?? -1) + 1;
      if (key !== null) roundOfKey.set(key, r);
      (rounds[r] ??= []).push(x);
    }
    for (const round of rounds) await c.query({ name: 'outbox_complete_many', text: COMPLETE, values: params(round) });
  });
}

interface Waiting extends Completion {
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * complete() of the outbox: completions asked for while a batch commits wait for the next one
 * (group commit, as sqlite/group-commit.ts; one batch in flight per process, so a batch never
 * waits on another's key locks from this node). A batch that fails for another reason than the
 * server being unreachable is retried one completion at a time, so one bad completion fails
 * only its own caller.
 */
export function batchedComplete(pool: pg.Pool): (attempts: PushAttempt[], next: PushNext) => Promise<void> {
  let waiting: Waiting[] = [];
  let running = false;

  const settle = async (batch: Waiting[]): Promise<void> => {
    try {
      await completeMany(pool, batch);
      for (const w of batch) w.resolve();
    } catch (err) {
      if (batch.length === 1 || isStoreUnreachable(err)) {
        for (const w of batch) w.reject(err);
        return;
      }
      for (let i = 0; i < batch.length; i++) {
        const w = batch[i]!;
        try {
          await completeMany(pool, [w]);
          w.resolve();
        } catch (e) {
          w.reject(e);
          // The database went away meanwhile: the rest would each wait for a connection in vain.
          if (isStoreUnreachable(e)) {
            for (const rest of batch.slice(i + 1)) rest.reject(e);
            return;
          }
        }
      }
    }
  };

  const drain = async (): Promise<void> => {
    running = true;
    try {
      while (waiting.length > 0) {
        // A push appears once per batch: a second completion of it (a stale one) goes in the
        // next batch, where its guard decides, as it would have one transaction later.
        const batch: Waiting[] = [];
        const later: Waiting[] = [];
        const ids = new Set<string>();
        for (const w of waiting) {
          const id = w.attempts[0]!.pushId;
          if (batch.length < MAX_BATCH && !ids.has(id)) {
            ids.add(id);
            batch.push(w);
          } else later.push(w);
        }
        waiting = later;
        await settle(batch);
      }
    } finally {
      running = false;
    }
  };

  return (attempts, next) => {
    if (attempts.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      waiting.push({ attempts, next, resolve, reject });
      // The first completion of a turn starts a batch after the turn, so the others the same
      // turn's answers complete join it.
      if (!running) {
        running = true;
        setImmediate(() => void drain());
      }
    });
  };
}
