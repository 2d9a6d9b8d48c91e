// Inbound routes of an app's numbers (docs/inbound.md): put, show, remove one, list the app's.
// A route is checked before it is stored: its schema, then the flow it names exists, a recorded
// forward is allowed to the app, the URL is an http(s) URL a push could go to.

import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { InboundRoute, RouteAction } from '../../domain/inbound.js';
import { INBOUND_DEFAULTS } from '../../domain/inbound.js';
import { actionProblem, routeShapeProblem, type RouteBody } from '../../inbound/actions.js';
import { appOr404 } from './apps.js';
import { manageError, notFound } from './errors.js';
import { checkPushUrls } from './push-urls.js';
import { AppKey, PhoneNumber, answers } from './schemas.js';
import type { ManageDeps } from './types.js';

const NumberParams = Type.Object({ appKey: AppKey, number: PhoneNumber });
const RouteView = Type.Object({
  number: Type.String(), appKey: Type.String(), action: Type.Unknown({ description: 'the route body as stored, with its defaults' }),
  createdAt: Type.Integer(), updatedAt: Type.Integer(),
});

// Fastify checks only that the body is an object with a known type; routeShapeProblem checks the
// rest by type, so a message names the field of that type (Ajv's union errors would not).
const RouteBodyDoc = Type.Object({ type: Type.Union([Type.Literal('flow'), Type.Literal('forward'), Type.Literal('url')]) }, {
  additionalProperties: true, description: 'flow {flowId, flowVersion?}, forward {to, record?, display?, ringTimeoutS?, maxDurationS?} or url {url, timeoutMs?, fallback}: docs/inbound.md',
});

/** The body with its defaults filled: what is stored and shown. */
function stored(b: RouteBody): RouteAction {
  return b.type === 'url' ? { ...b, timeoutMs: b.timeoutMs ?? INBOUND_DEFAULTS.urlTimeoutMs } : b;
}

export function registerInboundRouteRoutes(app: FastifyInstance, deps: ManageDeps): void {
  const tags = ['inbound routes'];
  const routes = deps.store.inboundRoutes;

  async function ownNumber(p: Static<typeof NumberParams>): Promise<void> {
    await appOr404(deps, p.appKey);
    const n = await deps.store.apps.number(p.number);
    if (!n || n.appKey !== p.appKey) throw notFound(`number ${p.number} of app ${p.appKey}`);
  }

  app.put(
    '/apps/:appKey/numbers/:number/inbound',
    { schema: { tags, summary: 'Set the inbound route of an app\'s number (a flow, a forward, or the app\'s URL)', params: NumberParams, body: RouteBodyDoc, response: answers(200, RouteView, 404) } },
    async (request) => {
      const p = request.params as Static<typeof NumberParams>;
      const shape = routeShapeProblem(request.body);
      if (shape) throw manageError('invalid', `body${shape}`);
      const body = request.body as RouteBody;
      await ownNumber(p);
      const a = (await deps.store.apps.get(p.appKey))!;
      const action = stored(body);
      // A privacy pool's X routes its calls by their bindings: only an AX binding's calls from A read
      // the route (a url or forward names their callee), so a flow there would never run.
      const x = await deps.store.privacy.number(p.number);
      if (x && action.type === 'flow') {
        throw manageError('invalid', `${p.number} is an X of privacy pool ${x.poolId}: its calls follow their bindings, and only an AX binding's calls read a url or forward route; remove it from the pool to give it a flow`);
      }
      const problem = await actionProblem({ app: a, flows: deps.store.flows }, action, 'route');
      if (problem) throw manageError('invalid', problem);
      if (action.type === 'url') await checkPushUrls({ url: action.url }, deps.allowPrivatePushUrls ?? true);
      const now = deps.clock.now();
      const route: InboundRoute = { number: p.number, appKey: p.appKey, action, createdAt: now, updatedAt: now };
      // The number may have been taken away meanwhile: the store writes only on the app's number.
      if (!(await routes.put(route))) throw notFound(`number ${p.number} of app ${p.appKey}`);
      return (await routes.get(p.number)) ?? route;
    },
  );

  app.get(
    '/apps/:appKey/numbers/:number/inbound',
    { schema: { tags, summary: 'The inbound route of an app\'s number', params: NumberParams, response: answers(200, RouteView, 404) } },
    async (request) => {
      const p = request.params as Static<typeof NumberParams>;
      await ownNumber(p);
      const r = await routes.get(p.number);
      if (!r || r.appKey !== p.appKey) throw notFound(`the inbound route of number ${p.number}`);
      return r;
    },
  );

  app.delete(
    '/apps/:appKey/numbers/:number/inbound',
    { schema: { tags, summary: 'Remove the inbound route of an app\'s number (its calls are then refused)', params: NumberParams, response: answers(204, Type.Null(), 404) } },
    async (request, reply) => {
      const p = request.params as Static<typeof NumberParams>;
      await ownNumber(p);
      if (!(await routes.delete(p.appKey, p.number))) throw notFound(`the inbound route of number ${p.number}`);
      return reply.code(204).send();
    },
  );

  app.get(
    '/apps/:appKey/inbound',
    { schema: { tags, summary: 'The inbound routes of an app\'s numbers', params: Type.Object({ appKey: AppKey }), response: answers(200, Type.Object({ routes: Type.Array(RouteView) }), 404) } },
    async (request) => {
      const { appKey } = request.params as { appKey: string };
      await appOr404(deps, appKey);
      return { routes: await routes.forApp(appKey) };
    },
  );
}
