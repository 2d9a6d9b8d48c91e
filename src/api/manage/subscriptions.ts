// Push subscriptions of an app (/v1/apps/:appKey/subscriptions): create, list, show, change,
// pause/resume, delete. The store's subscription repository drops its per-app cache on every
// change, so the next call event is fanned out to the new set (docs/push-formats.md).

import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Subscription } from '../../domain/subscription.js';
import type { Clock } from '../../lib/clock.js';
import type { Store } from '../../store/types.js';
import { manageError, notFound } from './errors.js';
import type { ManageDeps } from './types.js';
import { CreateBody, newSubscription, PatchBody, patched, view } from './subscription-body.js';
import { checkPushUrls } from './push-urls.js';

export interface SubscriptionRouteDeps {
  store: Pick<Store, 'apps' | 'subscriptions'>;
  clock: Clock;
  /** config.push.allowPrivateTargets; absent = allowed. */
  allowPrivatePushUrls?: boolean;
  sendTestPush?: ManageDeps['sendTestPush'];
}

/** The test push's optional body: {"kind":"status"|"record"}. Checked by hand: a POST without a body must work too. */
function testKind(body: unknown): 'status' | 'record' | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body !== 'object' || Array.isArray(body)) throw manageError('invalid', 'the body, when given, is a JSON object');
  const { kind, ...rest } = body as { kind?: unknown };
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) throw manageError('invalid', `${extra} is not a field of a test push (only kind)`);
  if (kind === undefined || kind === 'status' || kind === 'record') return kind;
  throw manageError('invalid', 'kind must be status or record');
}

const AppParams = Type.Object({ appKey: Type.String({ minLength: 1, maxLength: 64 }) });
const SubParams = Type.Object({ appKey: Type.String({ minLength: 1, maxLength: 64 }), id: Type.String({ minLength: 1, maxLength: 64 }) });
const tags = ['subscriptions'];

export function registerSubscriptionRoutes(app: FastifyInstance, deps: SubscriptionRouteDeps): void {
  const { store, clock } = deps;
  const allowPrivate = deps.allowPrivatePushUrls ?? true;
  const appOf = async (request: FastifyRequest): Promise<string> => {
    const { appKey } = request.params as { appKey: string };
    if (!(await store.apps.get(appKey))) throw notFound(`app ${appKey}`);
    return appKey;
  };
  /** The subscription addressed by the path; it must belong to the path's app. */
  const subOf = async (request: FastifyRequest): Promise<Subscription> => {
    const appKey = await appOf(request);
    const { id } = request.params as Static<typeof SubParams>;
    const s = await store.subscriptions.get(id);
    if (!s || s.appKey !== appKey) throw notFound(`subscription ${id} of app ${appKey}`);
    return s;
  };
  const save = async (s: Subscription) => {
    if (!(await store.subscriptions.update(s))) throw notFound(`subscription ${s.id}`);
    return { subscription: view(s) };
  };

  const base = '/apps/:appKey/subscriptions';
  app.get(base, { schema: { params: AppParams, tags, summary: "The app's push subscriptions" } }, async (request) => ({
    subscriptions: (await store.subscriptions.forApp(await appOf(request))).map(view),
  }));

  app.post(base, { schema: { params: AppParams, body: CreateBody, tags, summary: 'Adds a push subscription (a generated secret is shown once, here)' } }, async (request, reply) => {
    const appKey = await appOf(request);
    const body = request.body as CreateBody;
    await checkPushUrls({ url: body.url, failoverUrl: body.failoverUrl }, allowPrivate);
    const s = newSubscription(appKey, body, clock.now());
    await store.subscriptions.create(s);
    reply.code(201);
    // The one time a secret is shown: when voxcall generated it, so the receiver can be given it.
    const generated = body.secret === true;
    return { subscription: view(s), ...(generated ? { secret: s.secret } : {}) };
  });

  app.get(`${base}/:id`, { schema: { params: SubParams, tags, summary: 'One subscription' } }, async (request) => ({ subscription: view(await subOf(request)) }));

  app.patch(`${base}/:id`, { schema: { params: SubParams, body: PatchBody, tags, summary: 'Changes the fields given; null removes an override or the secret' } }, async (request) => {
    const body = request.body as PatchBody;
    const current = await subOf(request);
    await checkPushUrls({ url: body.url, failoverUrl: body.failoverUrl }, allowPrivate);
    const next = patched(current, body, clock.now());
    const answer = await save(next);
    return body.secret === true ? { ...answer, secret: next.secret } : answer;
  });

  for (const [verb, enabled] of [['pause', false], ['resume', true]] as const) {
    app.post(`${base}/:id/${verb}`, { schema: { params: SubParams, tags, summary: enabled ? 'Resumes a paused subscription' : 'Pauses: no new pushes until resumed' } }, async (request) =>
      save({ ...(await subOf(request)), enabled, updatedAt: clock.now() }),
    );
  }

  app.post(`${base}/:id/test`, { schema: { params: SubParams, tags, summary: 'Sends one signed sample push in its format and returns the answer (nothing stored). Optional body {"kind":"status"|"record"}' } }, async (request) => {
    const s = await subOf(request);
    const app = (await store.apps.get(s.appKey))!;
    if (!deps.sendTestPush) throw manageError('invalid', 'test pushes are not available on this node');
    const done = await deps.sendTestPush(s, app, testKind(request.body));
    if ('refused' in done) throw manageError('invalid', done.refused);
    const a = done.attempt;
    return {
      test: {
        subscriptionId: s.id, url: s.url, format: s.format, kind: done.kind, messageId: done.messageId, signed: done.signed,
        ok: a.ok, httpStatus: a.httpStatus, latencyMs: a.latencyMs, errorClass: a.errorClass, error: a.error, responseHead: a.responseHead,
        body: done.body,
      },
    };
  });

  app.delete(`${base}/:id`, { schema: { params: SubParams, tags, summary: 'Deletes a subscription (pushes already queued still go)' } }, async (request, reply) => {
    const s = await subOf(request);
    await store.subscriptions.delete(s.id);
    return reply.code(204).send();
  });
}
