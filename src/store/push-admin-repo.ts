// The operator's controls over the outbox (PushAdminRepo): listing, replay, deliver-now, the
// failed-CDR export and retention, and the values they take and answer. Part of the repository
// interface (types.ts re-exports it).

import type { Push, PushAttempt, PushKind, PushState } from '../domain/push.js';

/** What the operator lists and replays pushes by (all optional, combined with AND). */
export interface PushQuery {
  appKey?: string;
  sessionId?: string;
  /** The endpoint's URL (the API resolves an endpoint id to it). */
  url?: string;
  /** The push format (the dialect column). */
  dialect?: string;
  kind?: PushKind;
  state?: PushState;
  /** created_at >= createdFrom (ms). */
  createdFrom?: number;
  /** created_at < createdTo (ms). */
  createdTo?: number;
}

/** A position in a newest-first listing: the last push of the previous page. */
export interface PushKey {
  createdAt: number;
  id: string;
}

/** Why a replay by ids changed nothing (one refusal refuses the whole request). */
export type ReplayRefusal =
  | { reason: 'not_found'; id: string }
  | { reason: 'queued'; id: string }
  | { reason: 'merged'; id: string; mergedInto: string };

/** What a deliver-now did: the push as it is now (due at once), or why nothing changed. */
export type DeliverNowResult =
  | { push: Push }
  | { reason: 'not_found' | 'delivered' | 'failed' }
  | { reason: 'merged'; mergedInto: string }
  /** Its endpoint is paused: resume it first. */
  | { reason: 'paused'; url: string }
  /** An earlier event of the same call to the same URL is still queued: that one goes first. */
  | { reason: 'waiting'; behind: string };

/** A failed CDR push as the export writes it. */
export interface FailedRecordRow {
  pushId: string;
  appKey: string;
  sessionId: string;
  url: string;
  format: string;
  attempts: number;
  lastError?: string;
  createdAt: number;
  exportedAt?: number;
  items: unknown[];
}

/** Operator controls over the outbox: listing, replay, export of failed CDRs, retention. */
export interface PushAdminRepo {
  /** Newest first (created_at, id descending); `after` is the last push of the previous page. */
  list(q: PushQuery, after: PushKey | undefined, limit: number): Promise<Push[]>;
  /**
   * How many pushes match, counted up to `max`: an answer of `max` means `max` or more. Reads at
   * most `max` index entries, however many match.
   */
  count(q: PushQuery, max: number): Promise<number>;
  /** The push and every attempt of its history, oldest first. */
  show(id: string): Promise<{ push: Push; attempts: PushAttempt[] } | undefined>;
  /**
   * Queues delivered or failed pushes again under the same id, in one transaction; per-call
   * order holds as on enqueue. Nothing changes when any id is refused.
   */
  replay(ids: string[], now: number): Promise<{ replayed: number } | ReplayRefusal>;
  /**
   * Replays every delivered or failed push matching the query (state defaults to failed), in one
   * transaction, when at most `max` match; otherwise changes nothing (replayed 0). With `expected`,
   * also changes nothing unless exactly that many match (what an operator confirmed).
   */
  replayWhere(q: PushQuery, now: number, max: number, expected?: number): Promise<{ matched: number; replayed: number }>;
  /**
   * Makes a queued push due at `now` (never later than it was), keeping its attempts and schedule
   * step. Refused for pushes not queued, behind a paused endpoint or behind an earlier queued
   * push of their order key. Whether an attempt of it is in flight is the dispatcher's to say.
   */
  deliverNow(id: string, now: number): Promise<DeliverNowResult>;
  /**
   * One page of failed record pushes, oldest first, after `after`. With `markAt` they are marked
   * exported at that time in the same transaction (they may then be pruned).
   */
  failedRecords(
    q: Pick<PushQuery, 'appKey' | 'createdFrom' | 'createdTo'> & { unexportedOnly?: boolean },
    after: PushKey | undefined, limit: number, markAt?: number,
  ): Promise<FailedRecordRow[]>;
  /**
   * Deletes up to batchSize pushes (with their attempts), in one transaction: delivered and merged
   * ones created before olderThan, failed ones exported before olderThan. Never queued ones, never
   * failed ones not exported. Resolves how many were deleted.
   */
  prune(olderThan: number, batchSize: number): Promise<number>;
}
