// The binding routes, once, for both APIs: the application API mounts them at
// /rest/voxcall/v1/bindings (AK/SK, Huawei-shaped answers) and the management API at
// /v1/apps/:appKey/bindings (bearer token, VX errors). Each mount says whose app a request acts
// for, how a success is wrapped and how a PrivacyRefusal is answered.

import { Type, type TObject, type TProperties } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PrivacyRefusal } from '../../privacy/refusals.js';
import { BindBody, BindingListQuery, ModifyBody, SubscriptionParam } from '../../privacy/schemas.js';
import type { PrivacyService } from '../../privacy/service.js';
import { bindingView } from '../../privacy/views.js';

export interface BindingMount {
  service: PrivacyService;
  base: string;
  params?: TProperties;
  tags: string[];
  now(): number;
  appKeyOf(request: FastifyRequest): Promise<string> | string;
  answer(body: Record<string, unknown>, reply: FastifyReply): Record<string, unknown>;
  refuse(err: PrivacyRefusal): Error;
  onRequest?: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
}

export function mountBindingRoutes(parent: FastifyInstance, m: BindingMount): void {
  parent.register(async (app) => {
    const params = (extra: TProperties = {}): TObject => Type.Object({ ...(m.params ?? {}), ...extra });
    const withId = params(SubscriptionParam);
    const opts = (summary: string, schema: Record<string, unknown> = {}) => ({
      ...(m.onRequest ? { onRequest: m.onRequest } : {}),
      schema: { tags: m.tags, summary, ...schema },
    });
    type Handler = (request: FastifyRequest, reply: FastifyReply, appKey: string) => Promise<Record<string, unknown>>;
    const run = (h: Handler) => async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        return m.answer(await h(request, reply, await m.appKeyOf(request)), reply);
      } catch (err) {
        if (err instanceof PrivacyRefusal) throw m.refuse(err);
        throw err;
      }
    };
    const idOf = (request: FastifyRequest) => (request.params as { subscriptionId: string }).subscriptionId;
    const view = (b: Parameters<typeof bindingView>[0]) => bindingView(b, m.now());

    app.post(m.base, opts('Bind A and B (AXB) or A (AX) to an X of a pool (docs/privacy-numbers.md)', { params: params(), body: BindBody }),
      run(async (request, reply, appKey) => {
        const { binding, repeated } = await m.service.bind(appKey, request.body as BindBody);
        reply.code(repeated ? 200 : 201);
        return { subscriptionId: binding.subscriptionId, phoneNoX: binding.x, repeated, binding: view(binding) };
      }));

    app.get(m.base, opts("The app's active bindings, by subscriptionId", { params: params(), querystring: BindingListQuery }),
      run(async (request, _reply, appKey) => {
        const { bindings, next } = await m.service.list(appKey, request.query as BindingListQuery);
        return { bindings: bindings.map(view), ...(next !== undefined ? { nextAfter: next } : {}) };
      }));

    app.get(`${m.base}/:subscriptionId`, opts('A binding, in any state', { params: withId }),
      run(async (request, _reply, appKey) => ({ binding: view(await m.service.get(appKey, idOf(request))) })));

    app.put(`${m.base}/:subscriptionId`, opts('Change an active binding without rebinding (its X stays): new A or B, expiry, recording, ...', { params: withId, body: ModifyBody }),
      run(async (request, _reply, appKey) => ({ binding: view(await m.service.modify(appKey, idOf(request), request.body as ModifyBody)) })));

    app.delete(`${m.base}/:subscriptionId`, opts('Unbind: its X is free for its parties at once (calls in progress go on)', { params: withId }),
      run(async (request, _reply, appKey) => ({ binding: view(await m.service.unbind(appKey, idOf(request))) })));
  });
}
