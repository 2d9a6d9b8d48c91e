// The feed table (migration 006): every status event and CDR in commit order, read by the pull
// API. Written inside the calls' own transactions (calls.ts), so the feed never misses nor
// invents an event whatever crashes.

import type Database from 'better-sqlite3';
import type { CallEvent, CallRecord } from '../../domain/call.js';
import { toFeedEntry, type FeedRow } from '../sql/feed-rows.js';
import type { FeedRepo } from '../types.js';

export interface FeedWriter {
  /** The caller provides the transaction. The app is read from the call's row (events do not carry it). */
  event(e: CallEvent, json: string): void;
  record(r: CallRecord, json: string): void;
}

export function feedWriter(db: Database.Database): FeedWriter {
  const insertEvent = db.prepare(
    `INSERT INTO feed (app_key, session_id, kind, at, body)
     SELECT app_key, session_id, 'status', ?, ? FROM calls WHERE session_id = ?`,
  );
  const insertRecord = db.prepare(
    "INSERT INTO feed (app_key, session_id, kind, at, body) VALUES (?, ?, 'record', ?, ?)",
  );
  return {
    event(e, json) {
      insertEvent.run(e.at, json, e.sessionId);
    },
    record(r, json) {
      insertRecord.run(r.appKey, r.sessionId, r.callEndAt, json);
    },
  };
}

export function sqliteFeed(db: Database.Database): FeedRepo {
  const since = db.prepare<[string, number, number], FeedRow>(
    'SELECT * FROM feed WHERE app_key = ? AND id > ? ORDER BY id LIMIT ?',
  );
  const prune = db.prepare<[number, number]>(
    'DELETE FROM feed WHERE id IN (SELECT id FROM feed WHERE at < ? ORDER BY at LIMIT ?)',
  );
  // One short IMMEDIATE transaction per batch: the call path's writers wait at most this long.
  const pruneTx = db.transaction((olderThan: number, batchSize: number) => prune.run(olderThan, batchSize).changes);
  return {
    async since(appKey, afterId, limit) {
      return since.all(appKey, afterId, limit).map(toFeedEntry);
    },
    async prune(olderThan, batchSize) {
      return pruneTx.immediate(olderThan, batchSize);
    },
  };
}
