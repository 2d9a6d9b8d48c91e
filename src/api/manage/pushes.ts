// Pushes on the management API: list (newest first, keyset pages), one push with its attempts,
// replay one, replay by filter (docs/delivery.md, operator controls).

import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../lib/clock.js';
import type { Store } from '../../store/types.js';
import { decodeCursor, nextCursor } from './cursor.js';
import { manageError, notFound } from './errors.js';
import { attemptView, ListQuery, pushView, ReplayFilterBody, toPushQuery } from './push-views.js';

export interface PushRouteDeps {
  store: Pick<Store, 'pushAdmin' | 'endpoints'>;
  /** Wall clock (the management API's); replayed pushes are due at once. */
  clock: Clock;
  /** Called after pushes were queued again, so the dispatcher looks at once. */
  onPushesReplayed?: () => void;
}

export const MAX_PAGE = 500;
const DEFAULT_PAGE = 100;
/** One replay-by-filter request queues at most this many, in one transaction of bounded length. */
export const MAX_REPLAY = 10_000;

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });
const tags = ['pushes'];
const FILTER_FIELDS = ['appKey', 'sessionId', 'endpoint', 'format', 'kind', 'state', 'from', 'to'] as const;

export function registerPushRoutes(app: FastifyInstance, deps: PushRouteDeps): void {
  const { store, clock } = deps;

  app.get('/pushes', { schema: { querystring: ListQuery, tags, summary: 'Pushes, newest first, filtered; page with nextCursor' } }, async (request) => {
    const q = request.query as ListQuery;
    const limit = q.limit === undefined ? DEFAULT_PAGE : Number(q.limit);
    if (limit < 1 || limit > MAX_PAGE) throw manageError('invalid', `query parameter limit must be 1 to ${MAX_PAGE}`);
    const after = decodeCursor(q.cursor);
    const pushes = await store.pushAdmin.list(await toPushQuery(q, store.endpoints), after, limit);
    return { pushes: pushes.map((p) => pushView(p)), nextCursor: nextCursor(pushes, limit) };
  });

  app.get('/pushes/:id', { schema: { params: IdParams, tags, summary: 'One push, its items and every attempt' } }, async (request) => {
    const { id } = request.params as { id: string };
    const found = await store.pushAdmin.show(id);
    if (!found) throw notFound(`push ${id}`);
    return { push: pushView(found.push, true), attempts: found.attempts.map(attemptView) };
  });

  app.post('/pushes/:id/replay', { schema: { params: IdParams, tags, summary: 'Delivers a delivered or failed push again, under the same message id' } }, async (request) => {
    const { id } = request.params as { id: string };
    const done = await store.pushAdmin.replay([id], clock.now());
    if ('reason' in done) {
      switch (done.reason) {
        case 'not_found':
          throw notFound(`push ${id}`);
        case 'merged':
          throw manageError('conflict', `push ${id} was merged into push ${done.mergedInto}, which carried its record: replay ${done.mergedInto}`);
        case 'queued':
          throw manageError('conflict', `push ${id} is queued already: it will be delivered without a replay`);
      }
    }
    deps.onPushesReplayed?.();
    const found = await store.pushAdmin.show(id);
    return { push: found ? pushView(found.push) : undefined };
  });

  app.post('/pushes/replay', { schema: { body: ReplayFilterBody, tags, summary: `Replays every failed (or delivered) push matching the filter, at most ${MAX_REPLAY}` } }, async (request) => {
    const body = request.body as ReplayFilterBody;
    const filtered = FILTER_FIELDS.some((f) => body[f] !== undefined);
    // An empty body replaying every failed push of the platform is too easy to send by mistake.
    if (!filtered && body.all !== true) {
      throw manageError('invalid', `give at least one of ${FILTER_FIELDS.join(', ')}, or "all": true to replay every failed push`);
    }
    const q = await toPushQuery(body, store.endpoints);
    const done = await store.pushAdmin.replayWhere(q, clock.now(), MAX_REPLAY);
    if (done.matched > MAX_REPLAY) {
      throw manageError('invalid', `${done.matched} pushes match; one request replays at most ${MAX_REPLAY}: narrow the filter (from/to, appKey, endpoint)`);
    }
    if (done.replayed > 0) deps.onPushesReplayed?.();
    return done;
  });
}
