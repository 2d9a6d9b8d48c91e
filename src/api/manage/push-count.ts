// GET /v1/pushes/count: how many pushes a filter matches, so a replay by filter can be confirmed
// with its number before anything is queued again (the console asks this, then POST /pushes/replay).
// One bounded count in the store, stopping past the most one replay takes: a filter over a larger
// backlog answers "more than", never a walk of the whole table.

import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/types.js';
import { MAX_REPLAY } from './pushes.js';
import { filterFields, toPushQuery } from './push-views.js';
import { answers } from './schemas.js';

export interface PushCountDeps {
  store: Pick<Store, 'pushAdmin' | 'endpoints'>;
}

const Query = Type.Object(
  { ...filterFields, state: Type.Optional(Type.Union([Type.Literal('queued'), Type.Literal('delivered'), Type.Literal('failed'), Type.Literal('merged')])) },
  { additionalProperties: false },
);
const Answer = Type.Object({
  count: Type.Integer({ description: `matching pushes, counted up to ${MAX_REPLAY + 1}` }),
  capped: Type.Boolean({ description: `true: more than ${MAX_REPLAY} match (more than one replay by filter takes); count is then ${MAX_REPLAY + 1}` }),
});

export function registerPushCountRoute(app: FastifyInstance, deps: PushCountDeps): void {
  app.get('/pushes/count', {
    schema: { querystring: Query, tags: ['pushes'], summary: `How many pushes match the filter (up to ${MAX_REPLAY + 1}), to confirm a replay by filter`, response: answers(200, Answer, 404) },
  }, async (request) => {
    const q = await toPushQuery(request.query as Parameters<typeof toPushQuery>[0], deps.store.endpoints);
    const count = await deps.store.pushAdmin.count(q, MAX_REPLAY + 1);
    return { count, capped: count > MAX_REPLAY };
  });
}
