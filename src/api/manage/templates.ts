// TTS templates of an app: add (content checked for its typed variables, docs/templates.md), list,
// approve, reject. Only approved templates are used by calls; the media catalog is refreshed after
// each change.

import { randomBytes } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ReviewState, TtsTemplate } from '../../domain/app.js';
import { checkTemplateContent, checkTemplateParas, fillTemplate, templateVariables } from '../../domain/template.js';
import { appOr404 } from './apps.js';
import { manageError, notFound } from './errors.js';
import { AppKey, Instant, Review, ReviewBody, answers, iso } from './schemas.js';
import type { ManageDeps } from './types.js';

export const MAX_TEMPLATE_CHARS = 500;

/** templateId in the call API is 1-32 characters (table 5-5). */
const TemplateId = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' });
const TemplateParams = Type.Object({ appKey: AppKey, id: TemplateId });
const AddBody = Type.Object(
  {
    id: Type.Optional(Type.String({ ...TemplateId, description: 'the templateId calls name; default: a new tpl_ id' })),
    content: Type.String({ minLength: 1, maxLength: MAX_TEMPLATE_CHARS, description: 'text with ${NUM_n}, ${TXT_n}, ${MONEY_n}, ${DATE}, ${TIME}, ${PHONE_n}, ${CODE_n}, ${CHN_n}' }),
  },
  { additionalProperties: false },
);
const TemplateView = Type.Object({
  id: Type.String(),
  appKey: Type.String(),
  content: Type.String(),
  variables: Type.Array(Type.Object({ name: Type.String(), type: Type.String(), maxLength: Type.Integer() })),
  review: Review,
  reviewNote: Type.Optional(Type.String()),
  createdAt: Type.Optional(Instant),
});
type TemplateView = Static<typeof TemplateView>;

function view(t: TtsTemplate): TemplateView {
  const v: TemplateView = { id: t.id, appKey: t.appKey ?? '', content: t.content, variables: templateVariables(t.content), review: t.review };
  if (t.reviewNote !== undefined) v.reviewNote = t.reviewNote;
  if (t.createdAt !== undefined) v.createdAt = iso(t.createdAt);
  return v;
}

export function registerTemplateRoutes(app: FastifyInstance, deps: ManageDeps): void {
  const tags = ['TTS templates'];
  const apps = deps.store.apps;
  const own = async (appKey: string) => (await apps.templates()).filter((t) => t.appKey === appKey);

  app.post(
    '/apps/:appKey/templates',
    { schema: { tags, summary: 'Add a TTS template; it waits for review', params: Type.Object({ appKey: AppKey }), body: AddBody, response: answers(201, TemplateView, 404, 409) } },
    async (request, reply) => {
      const { appKey } = request.params as { appKey: string };
      const body = request.body as Static<typeof AddBody>;
      await appOr404(deps, appKey);
      const problem = checkTemplateContent(body.content);
      if (problem) throw manageError('invalid', `content: ${problem}`);
      const template: TtsTemplate = {
        id: body.id ?? `tpl_${randomBytes(6).toString('hex')}`,
        appKey,
        content: body.content,
        review: 'pending',
        createdAt: deps.clock.now(),
      };
      if (!(await apps.addTemplate(template))) throw manageError('conflict', `app ${appKey} already has a template ${template.id}`);
      await deps.media.refresh();
      return reply.code(201).send(view(template));
    },
  );

  const ListQuery = Type.Object({ review: Type.Optional(Review) });
  app.get(
    '/apps/:appKey/templates',
    { schema: { tags, summary: "List an app's TTS templates", params: Type.Object({ appKey: AppKey }), querystring: ListQuery, response: answers(200, Type.Object({ templates: Type.Array(TemplateView) }), 404) } },
    async (request) => {
      const { appKey } = request.params as { appKey: string };
      const { review } = request.query as Static<typeof ListQuery>;
      await appOr404(deps, appKey);
      return { templates: (await own(appKey)).filter((t) => review === undefined || t.review === review).map(view) };
    },
  );

  // What a call would speak with these values: the same check and filling the call path uses
  // (domain/template.ts), any review state (so a template can be heard before it is approved).
  const PreviewBody = Type.Object({ params: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 10, description: 'one value per variable, in order' }) }, { additionalProperties: false });
  const PreviewView = Type.Object({ text: Type.String(), variables: TemplateView.properties.variables });
  app.post(
    '/apps/:appKey/templates/:id/preview',
    { schema: { tags, summary: 'The text a call speaks with these values (checked as a call checks them); nothing is stored', params: TemplateParams, body: PreviewBody, response: answers(200, PreviewView, 404) } },
    async (request) => {
      const { appKey, id } = request.params as Static<typeof TemplateParams>;
      const { params } = request.body as Static<typeof PreviewBody>;
      await appOr404(deps, appKey);
      const template = (await own(appKey)).find((t) => t.id === id);
      if (!template) throw notFound(`template ${id} of app ${appKey}`);
      const checked = checkTemplateParas(template.content, params);
      if (!checked.ok) throw manageError('invalid', `params[${checked.index}]: ${checked.reason}`);
      return { text: fillTemplate(template.content, params), variables: templateVariables(template.content) };
    },
  );

  for (const [verb, review] of [['approve', 'approved'], ['reject', 'rejected']] as const satisfies ReadonlyArray<readonly [string, ReviewState]>) {
    app.post(
      `/apps/:appKey/templates/:id/${verb}`,
      { schema: { tags, summary: verb === 'approve' ? 'Approve a template: calls may use it' : 'Reject a template: calls naming it are refused', params: TemplateParams, body: Type.Optional(ReviewBody), response: answers(200, TemplateView, 404) } },
      async (request) => {
        const { appKey, id } = request.params as Static<typeof TemplateParams>;
        const note = (request.body as Static<typeof ReviewBody> | undefined)?.note;
        await appOr404(deps, appKey);
        if (!(await apps.reviewTemplate(appKey, id, review, note))) throw notFound(`template ${id} of app ${appKey}`);
        await deps.media.refresh();
        const template = (await own(appKey)).find((t) => t.id === id);
        if (!template) throw notFound(`template ${id} of app ${appKey}`);
        return view(template);
      },
    );
  }
}
