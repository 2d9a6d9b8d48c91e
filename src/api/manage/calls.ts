// Calls on the management API: list (newest first, keyset pages), one call in full (legs, events,
// media, digits, record, hangup reason, recording link, its pushes with their attempts), and stop.

import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/types.js';
import type { CallEngine } from '../../calls/types.js';
import {
  CallDetail, CallListQuery, CallSummary, callSummary, dialogOf, eventView, hangupOf, legsOf, mediaOf, recordView, toCallQuery,
} from './call-views.js';
import { decodeCursor, nextCursor } from './cursor.js';
import { manageError, notFound } from './errors.js';
import { pageLimit } from './paging.js';
import { attemptView, pushView } from './push-views.js';
import { answers, iso } from './schemas.js';

export interface CallRouteDeps {
  store: Pick<Store, 'calls' | 'pushAdmin'>;
  engine: Pick<CallEngine, 'stop'>;
  /**
   * A recording's signed link, absolute: VOXCALL_PUBLIC_URL, else this node's local URL (never
   * built from a Host header; src/platform/link-base.ts).
   */
  recordingLink: (appKey: string, objectName: string) => string | undefined;
}

export const MAX_CALL_PAGE = 500;
/** A call causes a handful of pushes (events x subscriptions); more than this are left out of one answer. */
const MAX_CALL_PUSHES = 500;

const SessionParams = Type.Object({ sessionId: Type.String({ minLength: 1, maxLength: 256 }) });
const ListAnswer = Type.Object({ calls: Type.Array(CallSummary), nextCursor: Type.Optional(Type.String()) });
const StopAnswer = Type.Object({ sessionId: Type.String(), state: Type.Literal('stopping') });
const tags = ['calls'];

export function registerCallRoutes(app: FastifyInstance, deps: CallRouteDeps): void {
  const { store } = deps;

  app.get('/calls', {
    schema: { querystring: CallListQuery, tags, summary: 'Calls, newest first, filtered; page with nextCursor', response: answers(200, ListAnswer) },
  }, async (request) => {
    const q = request.query as CallListQuery;
    const limit = pageLimit(q.limit, MAX_CALL_PAGE);
    const after = decodeCursor(q.cursor);
    const calls = await store.calls.list(toCallQuery(q), after, limit);
    const keys = calls.map((c) => ({ createdAt: c.call.createdAt, id: c.call.sessionId }));
    return { calls: calls.map(callSummary), nextCursor: nextCursor(keys, limit) };
  });

  app.get('/calls/:sessionId', {
    schema: { params: SessionParams, tags, summary: 'One call: legs, events, media, digits, record, hangup reason, recording link, pushes and their attempts', response: answers(200, CallDetail, 404) },
  }, async (request): Promise<CallDetail> => {
    const { sessionId } = request.params as { sessionId: string };
    const stored = await store.calls.get(sessionId);
    if (!stored) throw notFound(`call ${sessionId}`);
    const { call, record, events } = stored;
    // In the order the call caused them: by time, then a disconnect's status push before the
    // record written in the same transaction, then by their per-URL sequence.
    const pushes = (await store.pushAdmin.list({ sessionId }, undefined, MAX_CALL_PUSHES))
      .sort((a, b) => a.createdAt - b.createdAt || Number(a.kind === 'record') - Number(b.kind === 'record') || a.seq - b.seq);
    const withAttempts = await Promise.all(pushes.map(async (p) => ({
      ...pushView(p),
      attempts: ((await store.pushAdmin.show(p.id))?.attempts ?? []).map(attemptView),
    })));
    const rec = record?.recording;
    const digits = record?.digits ?? events.flatMap((e) => (e.type === 'collectInfo' && e.digitInfo !== undefined ? [e.digitInfo] : []));
    return {
      call: callSummary(stored),
      userData: call.userData,
      statusUrl: call.statusUrl,
      feeUrl: call.feeUrl,
      privacy: call.privacy,
      legs: legsOf(call, events, record),
      events: events.map(eventView),
      media: mediaOf(call),
      digits,
      hangup: record ? hangupOf(record) : undefined,
      dialog: dialogOf(call, record),
      record: record ? recordView(record) : undefined,
      recording: rec && {
        objectName: rec.objectName,
        recordDomain: rec.domain,
        startAt: iso(rec.startAt),
        endAt: iso(rec.endAt),
        link: deps.recordingLink(call.appKey, rec.objectName),
      },
      pushes: withAttempts,
    };
  });

  app.post('/calls/:sessionId/stop', {
    schema: { params: SessionParams, tags, summary: 'Ends a call in progress, as callStop does (hangup reason 8017)', response: answers(202, StopAnswer, 404, 409) },
  }, async (request, reply) => {
    const { sessionId } = request.params as { sessionId: string };
    const stored = await store.calls.get(sessionId);
    if (!stored) throw notFound(`call ${sessionId}`);
    if (stored.state === 'ended' || deps.engine.stop(sessionId) === 'not_active') {
      throw manageError('conflict', `call ${sessionId} has ended already (or is being stopped)`);
    }
    return reply.code(202).send({ sessionId, state: 'stopping' });
  });
}
