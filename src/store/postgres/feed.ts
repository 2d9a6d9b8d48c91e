// The feed of the pull API on PostgreSQL (migration 006): rows are written with pos NULL inside the
// calls' own transactions (calls.ts); a reader numbers the final ones, then reads by pos.
//
// Why a reader never skips a row. A cursor is a pos the reader has seen; it can only skip a row
// that gets a pos <= its cursor after it read past that pos. That cannot happen: only committed
// rows are numbered (a numbering transaction sees no one else's uncommitted rows), and numbering is
// serialised: one transaction at a time holds the feed's advisory lock and takes fresh values from
// the sequence, so every numbering transaction gives larger positions than all that committed
// before it. A snapshot sees a numbering transaction only with every earlier one, so the numbered
// rows any reader sees are all the numbered rows up to the largest pos it sees (gaps are only
// pruned rows or a rolled-back block). A row whose transaction commits late (after rows written
// after it were numbered) is numbered by the next reader, after them: it is never lost, and the
// feed's order is the order in which rows became visible, as SQLite's commit order is.
// Per-session order holds because a call's events are written by successive transactions (each
// commits before the next event is written) and the rows of one transaction by increasing id.
// feed_pos must keep CACHE 1 (its default): a per-connection cache would hand out old values.
//
// Not waiting for older transactions (numbering only rows with tx < xmin of the snapshot would
// order the feed by transaction start instead) is deliberate: any transaction left open anywhere
// on the server would then hold back every later row of every app's feed.

import type pg from 'pg';
import type { CallEvent, CallRecord } from '../../domain/call.js';
import { toFeedEntry, type FeedRow } from '../sql/feed-rows.js';
import type { FeedRepo } from '../types.js';
import { tx } from './pool.js';

/** The first key of the feed's advisory lock (the two-key form, apart from enqueue's bigint keys); the schema's hash is the second. */
const FEED_LOCK = 6_006_006;
/** Rows numbered per transaction (the lock is held that long); a since() numbers up to MAX_BATCHES of them. */
const BATCH = 1000;
const MAX_BATCHES = 10;

/** Rows not numbered yet (all committed: a numbering transaction sees no one else's uncommitted rows). */
const FINAL = 'pos IS NULL';

/** A status event's feed row, in the caller's transaction; the app is read from the call's row. */
export async function feedEventIn(c: pg.PoolClient, e: CallEvent, json: string): Promise<void> {
  await c.query(
    `INSERT INTO feed (app_key, session_id, kind, at, body)
     SELECT app_key, session_id, 'status', $1, $2 FROM calls WHERE session_id = $3`,
    [e.at, json, e.sessionId],
  );
}

/** A CDR's feed row, in the caller's transaction. */
export async function feedRecordIn(c: pg.PoolClient, r: CallRecord, json: string): Promise<void> {
  await c.query(
    "INSERT INTO feed (app_key, session_id, kind, at, body) VALUES ($1, $2, 'record', $3, $4)",
    [r.appKey, r.sessionId, r.callEndAt, json],
  );
}

/**
 * Numbers up to BATCH rows in id order, in one transaction under the lock; resolves how
 * many. The lock is taken in its own statement, so the statements after it have snapshots taken
 * once the previous numbering transaction committed (they never see its rows as unnumbered).
 * Positions come as one block of the sequence (only numbering, under the lock, draws from it) and
 * are given by WITH ORDINALITY, whose order is the array's: nextval in an UPDATE would follow the
 * join's row order, which the planner chooses.
 */
async function numberBatch(pool: pg.Pool): Promise<number> {
  return tx(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [FEED_LOCK]);
    const todo = await c.query<{ id: number }>(`SELECT id FROM feed WHERE ${FINAL} ORDER BY id LIMIT $1`, [BATCH]);
    const ids = todo.rows.map((r) => r.id);
    if (ids.length === 0) return 0;
    const block = await c.query<{ last: number }>("SELECT setval('feed_pos', nextval('feed_pos') + $1 - 1) AS last", [ids.length]);
    const first = block.rows[0]!.last - ids.length + 1;
    await c.query(
      `UPDATE feed f SET pos = $2 + u.ord - 1
       FROM unnest($1::bigint[]) WITH ORDINALITY AS u(id, ord) WHERE f.id = u.id`,
      [ids, first],
    );
    return ids.length;
  });
}

export function pgFeed(pool: pg.Pool): FeedRepo {
  return {
    async since(appKey, afterId, limit) {
      // The lock is taken only when there is something to number: idle readers do not queue.
      const pending = await pool.query(`SELECT 1 FROM feed WHERE ${FINAL} LIMIT 1`);
      if (pending.rowCount !== 0) {
        for (let i = 0; i < MAX_BATCHES && (await numberBatch(pool)) === BATCH; i++);
      }
      const r = await pool.query<FeedRow>(
        'SELECT pos AS id, app_key, session_id, kind, at, body FROM feed WHERE app_key = $1 AND pos > $2 ORDER BY pos LIMIT $3',
        [appKey, afterId, limit],
      );
      return r.rows.map(toFeedEntry);
    },
    async prune(olderThan, batchSize) {
      // SKIP LOCKED: two nodes pruning at once delete different rows instead of queueing on the same ones.
      const r = await pool.query(
        'DELETE FROM feed WHERE id IN (SELECT id FROM feed WHERE at < $1 ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED)',
        [olderThan, batchSize],
      );
      return r.rowCount ?? 0;
    },
  };
}
