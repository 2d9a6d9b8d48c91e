// The outbox repository: enqueue (also used inside the calls' transactions), claim, complete and
// the read side for the management API.

import type Database from 'better-sqlite3';
import type { NewPush, PushAttempt, PushNext, PushState } from '../../domain/push.js';
import type { ClaimGate, OutboxRepo, PushFilter } from '../types.js';
import { claimStatement, receiverScan } from './claim.js';
import type { GroupCommit } from './group-commit.js';
import { orderRule } from './order-rule.js';
import { attemptsOfSql, newPushParams, toAttempt, toPush, type AttemptRow, type PushRow } from '../sql/push-rows.js';
import { pushFilterSql } from '../sql/push-query.js';

export interface SqliteOutbox {
  repo: OutboxRepo;
  /** Inserts pushes; the caller provides the transaction. */
  enqueueSync(pushes: NewPush[]): void;
}

/** Responses are stored up to this many characters (about the first KiB the design asks for). */
const RESPONSE_HEAD_CHARS = 1024;

export function sqliteOutbox(
  db: Database.Database, ensureEndpoint: (url: string, now: number) => void, group: GroupCommit,
): SqliteOutbox {
  const entering = orderRule(db);
  const insert = db.prepare(
    `INSERT INTO pushes (id, app_key, session_id, dialect, kind, url, origin, order_key, seq, batch_key,
                         items, item_count, schedule, timeout_ms, state, blocked, attempts, next_at, created_at, subscription_id)
     VALUES (@id, @appKey, @sessionId, @dialect, @kind, @url, @origin, @orderKey, @seq, @batchKey,
             @items, 1, @schedule, @timeoutMs, 'queued', @blocked, 0, @nextAt, @createdAt, @subscriptionId)`,
  );
  const insertAttempt = db.prepare(
    `INSERT INTO push_attempts (push_id, n, at, latency_ms, ok, http_status, response_head, error_class, error, url)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, (SELECT url FROM pushes WHERE id = ?)))
     ON CONFLICT (push_id, n) DO NOTHING`,
  );
  // Guarded by attempts = first - 1: a late completion from a node whose lease expired (and whose
  // push someone else already moved on) changes nothing.
  const advance = db.prepare(
    `UPDATE pushes SET attempts = @n, step = step + @steps, state = @state, next_at = @nextAt,
            delivered_at = @deliveredAt, last_error = COALESCE(@error, last_error)
     WHERE id = @id AND state = 'queued' AND attempts = @first - 1
     RETURNING order_key`,
  ).pluck();
  const unblockHead = db.prepare(
    `UPDATE pushes SET blocked = 0 WHERE id = (
       SELECT id FROM pushes WHERE order_key = ? AND state = 'queued' ORDER BY seq LIMIT 1)`,
  );
  const nextDue = db.prepare<[], number | null>(
    "SELECT MIN(next_at) FROM pushes WHERE state = 'queued' AND blocked = 0",
  ).pluck();
  const getPush = db.prepare<[string], PushRow>('SELECT * FROM pushes WHERE id = ?');
  const attempts = db.prepare<[string], AttemptRow>(attemptsOfSql('?'));
  const counts = db.prepare<[], { state: PushState; n: number }>('SELECT state, COUNT(*) AS n FROM pushes GROUP BY state');
  const depth = db.prepare<[number], { queued: number; due: number | null; oldest: number | null }>(
    `SELECT COUNT(*) AS queued, SUM(CASE WHEN next_at <= ? THEN 1 ELSE 0 END) AS due, MIN(next_at) AS oldest
     FROM pushes WHERE state = 'queued' AND blocked = 0`,
  );
  const listCache = new Map<string, Database.Statement<unknown[], PushRow>>();
  const scan = receiverScan(db);

  const enqueueSync = (pushes: NewPush[]): void => {
    for (const p of pushes) {
      const blocked = p.orderKey !== undefined && entering(p.orderKey, p.seq);
      insert.run(newPushParams(p, blocked));
      ensureEndpoint(p.url, p.createdAt);
    }
  };
  const enqueueTx = db.transaction(enqueueSync);

  const completeOne = (all: PushAttempt[], next: PushNext): void => {
    if (all.length === 0) return;
    for (const a of all) {
      const head = a.responseHead === undefined ? null : a.responseHead.slice(0, RESPONSE_HEAD_CHARS);
      insertAttempt.run(a.pushId, a.n, a.at, Math.round(a.latencyMs), a.ok ? 1 : 0, a.httpStatus ?? null,
        head, a.errorClass ?? null, a.error ?? null, a.url ?? null, a.pushId);
    }
    const a = all[all.length - 1]!;
    // A row back only when the guard let the update through: its order key, whose next push
    // (if any) may now run. RETURNING saves reading the key again.
    const moved = advance.all({
      id: a.pushId,
      n: a.n,
      first: all[0]!.n,
      steps: next.state === 'queued' && next.keepStep ? 0 : 1,
      state: next.state,
      nextAt: next.state === 'queued' ? next.nextAt : a.at,
      deliveredAt: next.state === 'delivered' ? a.at : null,
      error: a.ok ? null : (a.error ?? a.errorClass ?? 'failed'),
    }) as Array<string | null>;
    const key = moved[0];
    if (key != null && next.state !== 'queued') unblockHead.run(key);
  };
  const completeTx = db.transaction(completeOne);

  const repo: OutboxRepo = {
    async enqueue(pushes) {
      enqueueTx.immediate(pushes);
    },
    // A claim joins the group commit too: its leases and the completions of the same turn share
    // one commit (one WAL write of the due indexes' pages both touch, half the commits of a
    // busy drain). It resolves once that commit is durable, so a push is only sent leased.
    claim: (() => {
      const claim = claimStatement(db, scan);
      return (now: number, limit: number, leaseMs: number, maxBatch: (d: string) => number, gate?: ClaimGate) =>
        limit > 0
          ? group.run(() => claim(now, limit, leaseMs, maxBatch, gate))
          : (async () => claim(now, limit, leaseMs, maxBatch, gate))();
    })(),
    // Completions of the same turn of the event loop share a commit (group-commit.ts).
    complete(attempts, next) {
      return group.run(() => completeTx(attempts, next));
    },
    async depth(now) {
      const r = depth.get(now)!;
      return r.oldest !== null && (r.due ?? 0) > 0
        ? { queued: r.queued, due: r.due ?? 0, oldestDueAt: r.oldest }
        : { queued: r.queued, due: r.due ?? 0 };
    },
    async nextDueAt(skip) {
      return skip ? scan.nextDueAt(skip) : (nextDue.get() ?? undefined);
    },
    async get(id) {
      const r = getPush.get(id);
      return r && toPush(r);
    },
    async list(filter: PushFilter) {
      const { sql, params } = pushFilterSql(filter);
      let stmt = listCache.get(sql);
      if (!stmt) {
        stmt = db.prepare<unknown[], PushRow>(sql);
        listCache.set(sql, stmt);
      }
      return stmt.all(...params).map(toPush);
    },
    async attempts(pushId) {
      return attempts.all(pushId).map(toAttempt);
    },
    async counts() {
      const out: Record<PushState, number> = { queued: 0, delivered: 0, failed: 0, merged: 0 };
      for (const r of counts.all()) out[r.state] = r.n;
      return out;
    },
  };
  return { repo, enqueueSync };
}
