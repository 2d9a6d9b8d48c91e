// Pushes on the management API: list (newest first, keyset pages), one push with its attempts,
// replay one, replay by filter (docs/delivery.md, operator controls).

import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../lib/clock.js';
import type { DeliverNowResult, Store } from '../../store/types.js';
import { decodeCursor, nextCursor } from './cursor.js';
import { manageError, notFound } from './errors.js';
import { pageLimit } from './paging.js';
import { attemptView, ListQuery, pushView, ReplayFilterBody, toPushQuery } from './push-views.js';
import type { DispatcherView } from './types.js';

export interface PushRouteDeps {
  store: Pick<Store, 'pushAdmin' | 'endpoints'>;
  /** Wall clock (the management API's); replayed pushes are due at once. */
  clock: Clock;
  /** Called after pushes were queued again, so the dispatcher looks at once. */
  onPushesReplayed?: () => void;
  /** Deliver-now asks it whether the push is being attempted; without it, nothing is in flight. */
  dispatcher?: Pick<DispatcherView, 'isInFlight' | 'between'>;
}

/** Why a deliver-now changed nothing, as the operator reads it (409 unless the push is unknown). */
function deliverRefusal(id: string, r: Exclude<DeliverNowResult, { push: unknown }> | { reason: 'in_flight' }): Error {
  switch (r.reason) {
    case 'not_found':
      return notFound(`push ${id}`);
    case 'in_flight':
      return manageError('conflict', `push ${id} is being attempted now: its answer decides what happens next (look again with pushes show)`);
    case 'delivered':
      return manageError('conflict', `push ${id} is delivered: replay it to deliver it again`);
    case 'failed':
      return manageError('conflict', `push ${id} failed (its schedule is exhausted): replay it to deliver it again`);
    case 'merged':
      return manageError('conflict', `push ${id} was merged into push ${r.mergedInto}, which carries its record: deliver ${r.mergedInto} now`);
    case 'paused':
      return manageError('conflict', `push ${id} waits for a paused endpoint (${r.url}): resume the endpoint, then its pushes go at once`);
    case 'waiting':
      return manageError('conflict', `push ${id} waits behind push ${r.behind}, an earlier event of the same call to the same URL: deliver ${r.behind} now`);
  }
}

export const MAX_PAGE = 500;
/** One replay-by-filter request queues at most this many, in one transaction of bounded length. */
export const MAX_REPLAY = 10_000;

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });
const tags = ['pushes'];
const FILTER_FIELDS = ['appKey', 'sessionId', 'endpoint', 'format', 'kind', 'state', 'from', 'to'] as const;

export function registerPushRoutes(app: FastifyInstance, deps: PushRouteDeps): void {
  const { store, clock } = deps;

  app.get('/pushes', { schema: { querystring: ListQuery, tags, summary: 'Pushes, newest first, filtered; page with nextCursor' } }, async (request) => {
    const q = request.query as ListQuery;
    const limit = pageLimit(q.limit, MAX_PAGE);
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

  app.post('/pushes/:id/deliver', { schema: { params: IdParams, tags, summary: 'Makes a queued push due now (its attempts and schedule go on)' } }, async (request) => {
    const { id } = request.params as { id: string };
    // Between two ticks, the in-flight check and the move see the same state: a push the
    // dispatcher claimed is in flight by then, never leased but not yet launched.
    const run = async (): Promise<DeliverNowResult | { reason: 'in_flight' }> =>
      deps.dispatcher?.isInFlight(id) ? { reason: 'in_flight' } : store.pushAdmin.deliverNow(id, clock.now());
    const done = deps.dispatcher ? await deps.dispatcher.between(run) : await run();
    if ('reason' in done) throw deliverRefusal(id, done);
    deps.onPushesReplayed?.();
    return { push: pushView(done.push) };
  });

  app.post('/pushes/replay', { schema: { body: ReplayFilterBody, tags, summary: `Replays every failed (or delivered) push matching the filter, at most ${MAX_REPLAY}` } }, async (request) => {
    const body = request.body as ReplayFilterBody;
    const filtered = FILTER_FIELDS.some((f) => body[f] !== undefined);
    // An empty body replaying every failed push of the platform is too easy to send by mistake.
    if (!filtered && body.all !== true) {
      throw manageError('invalid', `give at least one of ${FILTER_FIELDS.join(', ')}, or "all": true to replay every failed push`);
    }
    const q = await toPushQuery(body, store.endpoints);
    const done = await store.pushAdmin.replayWhere(q, clock.now(), MAX_REPLAY, body.expectedCount);
    if (done.matched > MAX_REPLAY) {
      throw manageError('invalid', `${done.matched} pushes match; one request replays at most ${MAX_REPLAY}: narrow the filter (from/to, appKey, endpoint)`);
    }
    if (body.expectedCount !== undefined && done.matched !== body.expectedCount) {
      throw manageError('conflict', `${done.matched} pushes match now, not the ${body.expectedCount} confirmed: nothing was replayed; count again (GET /v1/pushes/count) and confirm that number`);
    }
    if (done.replayed > 0) deps.onPushesReplayed?.();
    return done;
  });
}
