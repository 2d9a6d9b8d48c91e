// Display numbers of an app: add, list, suspend/resume, remove. A number belongs to one app at a
// time; adding one another app holds is a conflict. Calls naming a suspended number go out on an
// active one of the app (reference, displayNbr), so suspending is the gentle way to retire one.

import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { DisplayNumber } from '../../domain/app.js';
import { appOr404 } from './apps.js';
import { manageError, notFound } from './errors.js';
import { AppKey, PhoneNumber, answers } from './schemas.js';
import type { ManageDeps } from './types.js';

const Status = Type.Union([Type.Literal('active'), Type.Literal('suspended')]);
const NumberView = Type.Object({ number: Type.String(), appKey: Type.String(), status: Status });
const NumberParams = Type.Object({ appKey: AppKey, number: PhoneNumber });
const AddBody = Type.Object({ number: PhoneNumber, status: Type.Optional(Status) }, { additionalProperties: false });

export function registerNumberRoutes(app: FastifyInstance, deps: ManageDeps): void {
  const tags = ['display numbers'];
  const apps = deps.store.apps;

  /** The app's number, or 404 (the app first, so the message says which is missing). */
  async function ownNumber(params: Static<typeof NumberParams>): Promise<DisplayNumber> {
    await appOr404(deps, params.appKey);
    const n = await apps.number(params.number);
    if (!n || n.appKey !== params.appKey) throw notFound(`number ${params.number} of app ${params.appKey}`);
    return n;
  }

  app.post(
    '/apps/:appKey/numbers',
    { schema: { tags, summary: 'Give an app a display number', params: Type.Object({ appKey: AppKey }), body: AddBody, response: answers(201, NumberView, 404, 409) } },
    async (request, reply) => {
      const { appKey } = request.params as { appKey: string };
      const body = request.body as Static<typeof AddBody>;
      await appOr404(deps, appKey);
      const n: DisplayNumber = { number: body.number, appKey, status: body.status ?? 'active' };
      if (!(await apps.addNumber(n))) {
        const holder = await apps.number(body.number);
        const whose = holder?.appKey === appKey ? 'this app already has it' : 'it belongs to another app';
        throw manageError('conflict', `number ${body.number} cannot be added: ${whose}`);
      }
      return reply.code(201).send(n);
    },
  );

  app.get(
    '/apps/:appKey/numbers',
    { schema: { tags, summary: "List an app's display numbers", params: Type.Object({ appKey: AppKey }), response: answers(200, Type.Object({ numbers: Type.Array(NumberView) }), 404) } },
    async (request) => {
      const { appKey } = request.params as { appKey: string };
      await appOr404(deps, appKey);
      return { numbers: await apps.numbers(appKey) };
    },
  );

  for (const [verb, status] of [['suspend', 'suspended'], ['resume', 'active']] as const) {
    app.post(
      `/apps/:appKey/numbers/:number/${verb}`,
      { schema: { tags, summary: `${verb === 'suspend' ? 'Suspend' : 'Resume'} a display number`, params: NumberParams, response: answers(200, NumberView, 404) } },
      async (request) => {
        const n = { ...(await ownNumber(request.params as Static<typeof NumberParams>)), status };
        await apps.putNumber(n);
        return n;
      },
    );
  }

  app.delete(
    '/apps/:appKey/numbers/:number',
    { schema: { tags, summary: 'Take a display number from an app', params: NumberParams, response: answers(204, Type.Null(), 404, 409) } },
    async (request, reply) => {
      const params = request.params as Static<typeof NumberParams>;
      await ownNumber(params);
      // An X of a privacy pool keeps its pool row (and bindings) past its removal: given to another
      // app later, it would route that app's calls by this app's bindings. It leaves its pool first.
      const x = await deps.store.privacy.number(params.number);
      if (x) throw manageError('conflict', `number ${params.number} is an X of privacy pool ${x.poolId}: remove it from the pool first (DELETE /v1/apps/${params.appKey}/pools/${x.poolId}/numbers/${params.number})`);
      if (!(await apps.removeNumber(params.appKey, params.number))) throw notFound(`number ${params.number} of app ${params.appKey}`);
      return reply.code(204).send();
    },
  );
}
