// The pull API (a voxcall extension, docs/api.md): an application reads its own status events and
// CDRs since a cursor, in the order they were stored, authenticated with AK/SK like the call APIs.
// It is the way back for an application whose push receiver was down longer than the retries.

import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CallRecord } from '../../domain/call.js';
import type { FeedEntry, FeedRepo } from '../../store/types.js';
import { apiError } from '../errors.js';
import { RESULT } from '../result-codes.js';
import { JSON_UTF8, type AuthenticateFn } from '../server.js';
import { authHook } from './calls.js';

export interface FeedRouteDeps {
  authenticate: AuthenticateFn;
  /** Absent: the route answers like an unknown API (a store without a feed). */
  feed?: Pick<FeedRepo, 'since'>;
}

export const FEED_PATH = '/rest/voxcall/v1/records';
export const FEED_MAX_LIMIT = 500;
const DEFAULT_LIMIT = 100;

// Strings, as query strings are: the server does not coerce types (docs/api.md).
const FeedQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 32 })),
  limit: Type.Optional(Type.String({ maxLength: 8 })),
});
type FeedQuery = Static<typeof FeedQuery>;

function cursorOf(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  if (!/^[0-9]{1,15}$/.test(raw)) throw apiError(RESULT.invalidRequest, 'cursor must be the nextCursor of an earlier answer (or empty to start).');
  return Number(raw);
}

function limitOf(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_LIMIT;
  const n = /^[0-9]{1,4}$/.test(raw) ? Number(raw) : 0;
  if (n < 1 || n > FEED_MAX_LIMIT) throw apiError(RESULT.invalidRequest, `limit must be 1 to ${FEED_MAX_LIMIT}.`);
  return n;
}

/** The record as pushed data: the recording's place on this node's disk is never shown. */
function publicRecord(r: CallRecord): CallRecord {
  if (!r.recording) return r;
  const { path: _path, ...recording } = r.recording;
  return { ...r, recording: recording as CallRecord['recording'] };
}

function item(e: FeedEntry): Record<string, unknown> {
  const base = { cursor: String(e.id), type: e.kind, sessionId: e.sessionId, at: new Date(e.at).toISOString() };
  return e.kind === 'status' ? { ...base, event: e.body } : { ...base, record: publicRecord(e.body as CallRecord) };
}

export function registerFeedRoutes(app: FastifyInstance, deps: FeedRouteDeps): void {
  const feed = deps.feed;
  if (!feed) return;
  app.get(FEED_PATH, { onRequest: authHook(deps.authenticate), schema: { querystring: FeedQuery } }, async (request, reply) => {
    const sp = request.spApp;
    if (!sp) throw apiError(RESULT.authFailed);
    const q = request.query as FeedQuery;
    const after = cursorOf(q.cursor);
    const entries = await feed.since(sp.appKey, after, limitOf(q.limit));
    reply.type(JSON_UTF8);
    return {
      resultcode: RESULT.success.code,
      resultdesc: RESULT.success.desc,
      records: entries.map(item),
      // Always given: an empty page answers the same cursor, to poll with again later.
      nextCursor: entries.length ? String(entries.at(-1)!.id) : String(after),
    };
  });
}
