// Privacy-number pools on the management API (docs/privacy-numbers.md): an operator gives an app
// pools of X numbers (display numbers of the app, with an area code each) under
// /v1/apps/:appKey/pools, and sees or ends the app's bindings under /v1/apps/:appKey/bindings (the
// application API's operations). A refusal answers the VX code of its kind with `reason`, the
// privacy code's name.

import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PrivacyRefusal } from '../../privacy/refusals.js';
import { PoolBody, PoolNumberBody } from '../../privacy/schemas.js';
import { PrivacyService } from '../../privacy/service.js';
import { poolNumberView, poolView } from '../../privacy/views.js';
import { mountBindingRoutes } from '../routes/bindings-core.js';
import { appOr404 } from './apps.js';
import { RefusalManageError } from './errors.js';
import { AppKey } from './schemas.js';
import type { ManageDeps } from './types.js';

const PoolParams = Type.Object({ appKey: AppKey, poolId: Type.String({ minLength: 1, maxLength: 64 }) });
const PoolNumberParams = Type.Object({ appKey: AppKey, poolId: Type.String({ minLength: 1, maxLength: 64 }), number: Type.String({ minLength: 1, maxLength: 32 }) });

export function registerPoolRoutes(app: FastifyInstance, deps: ManageDeps): void {
  const service = new PrivacyService({ repo: deps.store.privacy, apps: deps.store.apps, now: () => deps.clock.now() });
  const tags = ['privacy numbers'];
  type P = { appKey: string; poolId: string; number: string };
  const run = (h: (p: P, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => async (request: FastifyRequest, reply: FastifyReply) => {
    const p = request.params as P;
    await appOr404(deps, p.appKey);
    try {
      return await h(p, request, reply);
    } catch (err) {
      if (err instanceof PrivacyRefusal) throw new RefusalManageError(err);
      throw err;
    }
  };

  app.post('/apps/:appKey/pools', { schema: { tags, summary: 'Create a number pool for privacy-number bindings', params: Type.Object({ appKey: AppKey }), body: PoolBody } },
    run(async (p, request, reply) => reply.code(201).send(poolView(await service.createPool(p.appKey, request.body as PoolBody), []))));

  app.get('/apps/:appKey/pools', { schema: { tags, summary: "The app's number pools", params: Type.Object({ appKey: AppKey }) } },
    run(async (p) => ({ pools: (await service.pools(p.appKey)).map((pool) => poolView(pool)) })));

  app.get('/apps/:appKey/pools/:poolId', { schema: { tags, summary: 'A pool with its numbers and how many active bindings each carries', params: PoolParams } },
    run(async (p) => {
      const { pool, numbers } = await service.pool(p.appKey, p.poolId);
      return poolView(pool, numbers);
    }));

  app.delete('/apps/:appKey/pools/:poolId', { schema: { tags, summary: 'Delete a pool without active bindings (its ended bindings are kept)', params: PoolParams } },
    run(async (p, _request, reply) => {
      await service.deletePool(p.appKey, p.poolId);
      return reply.code(204).send();
    }));

  app.post('/apps/:appKey/pools/:poolId/numbers', { schema: { tags, summary: 'Add an X: a display number of the app, with its area code', params: PoolParams, body: PoolNumberBody } },
    run(async (p, request, reply) => reply.code(201).send(poolNumberView(await service.addNumber(p.appKey, p.poolId, request.body as PoolNumberBody)))));

  app.delete('/apps/:appKey/pools/:poolId/numbers/:number', { schema: { tags, summary: 'Remove an X that carries no active binding', params: PoolNumberParams } },
    run(async (p, _request, reply) => {
      await service.removeNumber(p.appKey, p.poolId, p.number);
      return reply.code(204).send();
    }));

  mountBindingRoutes(app, {
    service,
    base: '/apps/:appKey/bindings',
    params: { appKey: AppKey },
    tags,
    now: () => deps.clock.now(),
    appKeyOf: async (request) => (await appOr404(deps, (request.params as { appKey: string }).appKey)).appKey,
    answer: (body) => body,
    refuse: (err) => new RefusalManageError(err),
  });
}
