// A feed row as the pull API reads it. The tables differ (PostgreSQL numbers rows in a column pos,
// see postgres/feed.ts), so its reader selects pos AS id to give this same shape.

import type { CallEvent, CallRecord } from '../../domain/call.js';
import type { FeedEntry } from '../types.js';

export interface FeedRow {
  id: number;
  app_key: string;
  session_id: string;
  kind: 'status' | 'record';
  at: number;
  body: string;
}

export const toFeedEntry = (r: FeedRow): FeedEntry => ({
  id: r.id,
  appKey: r.app_key,
  sessionId: r.session_id,
  kind: r.kind,
  at: r.at,
  body: JSON.parse(r.body) as CallEvent | CallRecord,
});
