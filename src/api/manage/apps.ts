// Apps: create (the secret is answered once), list, show, update, suspend/resume, rotate the secret
// with a grace period during which the old one still authenticates requests.

import { randomBytes } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { App } from '../../domain/app.js';
import { isIpOrCidr } from '../../policy/client-ip.js';
import { AppView, AppWithSecret, Capability, appView } from './app-views.js';
import { manageError, notFound } from './errors.js';
import { checkPushUrls } from './push-urls.js';
import { AppParams, answers } from './schemas.js';
import type { ManageDeps } from './types.js';

export const DEFAULT_GRACE_S = 24 * 3600;
const MAX_GRACE_S = 30 * 86400;
const DEFAULT_PORT_QUOTA = 10;

const Name = Type.String({ minLength: 1, maxLength: 64 });
const SpId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$', description: 'groups apps for per-SP limits; default: a new id of its own' });
const Url = Type.String({ minLength: 1, maxLength: 1024, description: 'plain http(s) URL (not Base64)' });
const settable = {
  capabilities: Type.Optional(Type.Array(Capability, { uniqueItems: true, maxItems: 3 })),
  recordingEnabled: Type.Optional(Type.Boolean()),
  portQuota: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, description: 'concurrent calls' })),
  allowedClientIps: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 256, description: 'IPs or CIDR blocks; empty = any' })),
};

const CreateBody = Type.Object(
  { name: Name, spId: Type.Optional(SpId), statusUrl: Type.Optional(Url), feeUrl: Type.Optional(Url), ...settable },
  { additionalProperties: false },
);
const UpdateBody = Type.Object(
  {
    name: Type.Optional(Name),
    spId: Type.Optional(SpId),
    statusUrl: Type.Optional(Type.Union([Url, Type.Null()], { description: 'null removes the default' })),
    feeUrl: Type.Optional(Type.Union([Url, Type.Null()], { description: 'null removes the default' })),
    ...settable,
  },
  { additionalProperties: false },
);
const RotateBody = Type.Object(
  { graceSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_GRACE_S, description: `how long the old secret keeps working; default ${DEFAULT_GRACE_S}` })) },
  { additionalProperties: false },
);

// Never a leading '-': keys are typed on command lines (the CLI), where one would read as an option.
const token = (bytes: number) => randomBytes(bytes).toString('base64url').replace(/^-/, 'A');

function checkIps(ips: string[] | undefined): void {
  const bad = ips?.find((ip) => !isIpOrCidr(ip));
  if (bad !== undefined) throw manageError('invalid', `allowedClientIps: "${bad}" is not an IP address or CIDR block`);
}

export async function appOr404(deps: ManageDeps, appKey: string): Promise<App> {
  const app = await deps.store.apps.get(appKey);
  if (!app) throw notFound(`app ${appKey}`);
  return app;
}

export function registerAppRoutes(app: FastifyInstance, deps: ManageDeps): void {
  const tags = ['apps'];
  const now = () => deps.clock.now();
  const allowPrivate = deps.allowPrivatePushUrls ?? true;

  app.post('/apps', { schema: { tags, summary: 'Create an app', body: CreateBody, response: answers(201, AppWithSecret) } }, async (request, reply) => {
    const body = request.body as Static<typeof CreateBody>;
    await checkPushUrls({ statusUrl: body.statusUrl, feeUrl: body.feeUrl }, allowPrivate);
    checkIps(body.allowedClientIps);
    const created: App = {
      appKey: token(21),
      appSecret: token(24),
      spId: body.spId ?? `sp_${token(9)}`,
      name: body.name,
      status: 'active',
      capabilities: body.capabilities ?? ['callback', 'notify', 'verify'],
      recordingEnabled: body.recordingEnabled ?? false,
      portQuota: body.portQuota ?? DEFAULT_PORT_QUOTA,
      createdAt: now(),
    };
    if (body.statusUrl !== undefined) created.statusUrl = body.statusUrl;
    if (body.feeUrl !== undefined) created.feeUrl = body.feeUrl;
    if (body.allowedClientIps !== undefined) created.allowedClientIps = body.allowedClientIps;
    await deps.store.apps.put(created);
    return reply.code(201).send({ ...appView(created, now()), appSecret: created.appSecret });
  });

  app.get('/apps', { schema: { tags, summary: 'List the apps', response: answers(200, Type.Object({ apps: Type.Array(AppView) })) } }, async () => ({
    apps: (await deps.store.apps.list()).map((a) => appView(a, now())),
  }));

  app.get('/apps/:appKey', { schema: { tags, summary: 'Show an app', params: AppParams, response: answers(200, AppView, 404) } }, async (request) => {
    const { appKey } = request.params as Static<typeof AppParams>;
    return appView(await appOr404(deps, appKey), now());
  });

  app.patch(
    '/apps/:appKey',
    { schema: { tags, summary: 'Change an app', params: AppParams, body: UpdateBody, response: answers(200, AppView, 404) } },
    async (request) => {
      const { appKey } = request.params as Static<typeof AppParams>;
      const body = request.body as Static<typeof UpdateBody>;
      await checkPushUrls({ statusUrl: body.statusUrl, feeUrl: body.feeUrl }, allowPrivate);
      checkIps(body.allowedClientIps);
      const { statusUrl, feeUrl, ...rest } = body;
      const next: App = { ...(await appOr404(deps, appKey)), ...rest };
      if (statusUrl === null) delete next.statusUrl;
      else if (statusUrl !== undefined) next.statusUrl = statusUrl;
      if (feeUrl === null) delete next.feeUrl;
      else if (feeUrl !== undefined) next.feeUrl = feeUrl;
      await deps.store.apps.put(next);
      return appView(next, now());
    },
  );

  for (const [verb, status] of [['suspend', 'suspended'], ['resume', 'active']] as const) {
    app.post(
      `/apps/:appKey/${verb}`,
      { schema: { tags, summary: verb === 'suspend' ? 'Suspend an app (its requests get 1010008)' : 'Resume a suspended app', params: AppParams, response: answers(200, AppView, 404) } },
      async (request) => {
        const { appKey } = request.params as Static<typeof AppParams>;
        const next: App = { ...(await appOr404(deps, appKey)), status };
        await deps.store.apps.put(next);
        return appView(next, now());
      },
    );
  }

  app.post(
    '/apps/:appKey/rotate-secret',
    {
      schema: {
        tags,
        summary: 'Give an app a new secret; the old one authenticates requests during the grace period, pushes are signed with the new one',
        params: AppParams,
        body: Type.Optional(RotateBody),
        response: answers(200, AppWithSecret, 404),
      },
    },
    async (request) => {
      const { appKey } = request.params as Static<typeof AppParams>;
      const body = (request.body ?? {}) as Static<typeof RotateBody>;
      const current = await appOr404(deps, appKey);
      const graceMs = (body.graceSeconds ?? DEFAULT_GRACE_S) * 1000;
      const next: App = { ...current, appSecret: token(24) };
      // A second rotation within the grace replaces the older secret: only one previous one is kept.
      if (graceMs > 0) {
        next.previousSecret = current.appSecret;
        next.previousSecretUntil = now() + graceMs;
      } else {
        delete next.previousSecret;
        delete next.previousSecretUntil;
      }
      await deps.store.apps.put(next);
      return { ...appView(next, now()), appSecret: next.appSecret };
    },
  );
}
