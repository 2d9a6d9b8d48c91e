// Dialogue flows of an app (/v1/apps/:appKey/flows, docs/flows.md): create, list, show (newest or
// ?version=), versions (list, add), delete when nothing uses it; and /v1/flows/validate, which
// checks a flow without storing it. A stored flow has passed validateFlow and, against its app,
// checkFlowAgainstApp; a refusal lists every error with its node (VX.FLOW_INVALID).

import { randomBytes } from 'node:crypto';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { App } from '../../domain/app.js';
import type { FlowDefinition, FlowError } from '../../domain/flow.js';
import { checkFlowAgainstApp, flowVariables, validateFlow } from '../../flows/index.js';
import { StoreMediaCatalog } from '../../platform/media-catalog.js';
import { appOr404 } from './apps.js';
import { decodeCursor, nextCursor } from './cursor.js';
import { manageError, notFound } from './errors.js';
import {
  CreateBody, FlowErrorBody, FlowInUse, FlowInvalid, FlowParams, FlowView, MAX_LISTED_ERRORS, SummaryView, ValidateBody,
  ValidationView, VersionBody, VersionView, flowView, summaryView, versionView,
} from './flow-views.js';
import { pageLimit } from './paging.js';
import { AppParams } from './schemas.js';
import type { ManageDeps } from './types.js';

/** The flows routes take bodies up to this: a flow over its own 64 KiB limit gets the validator's error list, not a bare VX.TOO_LARGE. */
export const FLOW_BODY_LIMIT = 256 * 1024;
export const MAX_FLOW_PAGE = 500;

const tags = ['flows'];
const ListQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 256 })),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: `1-${MAX_FLOW_PAGE}, default 100` })),
}, { additionalProperties: false });
const ShowQuery = Type.Object({ version: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,8}$', description: 'a stored version; default the newest' })) }, { additionalProperties: false });

/** The response schemas: the success answer and the flows' error body for every refusal. */
function answers(status: number, body: TSchema, ...errors: number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = { [status]: body };
  for (const e of [400, 401, 413, ...errors]) out[e] = FlowErrorBody;
  return out;
}

/**
 * Every error of the definition: its own, then (when it is sound and an app is given) the app's.
 * `sound` is the definition once its own checks pass (its variables can be told), app errors or not.
 */
async function flowErrors(deps: ManageDeps, definition: unknown, app: App | undefined): Promise<{ errors: FlowError[]; sound?: FlowDefinition }> {
  const checked = validateFlow(definition);
  if (!checked.ok) return { errors: checked.errors };
  if (!app) return { errors: [], sound: checked.flow };
  const media = new StoreMediaCatalog(deps.store.apps);
  await media.refresh();
  const numbers = (await deps.store.apps.numbers(app.appKey)).map((n) => n.number);
  return { errors: checkFlowAgainstApp(checked.flow, { appKey: app.appKey, media, numbers, recordingEnabled: app.recordingEnabled }), sound: checked.flow };
}

async function validOrRefuse(deps: ManageDeps, definition: unknown, app: App): Promise<FlowDefinition> {
  const { errors, sound } = await flowErrors(deps, definition, app);
  if (errors.length > 0 || !sound) throw new FlowInvalid(errors);
  return sound;
}

export function registerFlowRoutes(app: FastifyInstance, deps: ManageDeps): void {
  const flows = deps.store.flows;
  const base = '/apps/:appKey/flows';
  const shown = async (appKey: string, id: string, version?: number) => {
    const flow = await flows.get(appKey, id, version);
    if (!flow) throw notFound(version === undefined ? `flow ${id} of app ${appKey}` : `version ${version} of flow ${id} of app ${appKey}`);
    return flowView(flow, await flows.uses(appKey, id));
  };

  app.post(base, {
    bodyLimit: FLOW_BODY_LIMIT,
    schema: { tags, summary: 'Create a flow (version 1); refused with every error when it does not validate', params: AppParams, body: CreateBody, response: answers(201, FlowView, 404, 409) },
  }, async (request, reply) => {
    const { appKey } = request.params as Static<typeof AppParams>;
    const body = request.body as CreateBody;
    const owner = await appOr404(deps, appKey);
    const definition = await validOrRefuse(deps, body.flow, owner);
    const id = body.id ?? `flw_${randomBytes(6).toString('hex')}`;
    const created = await flows.create({ id, appKey, name: body.name ?? id, definition, ...(body.note === undefined ? {} : { note: body.note }), createdAt: deps.clock.now() });
    if (!created) throw manageError('conflict', `app ${appKey} already has a flow ${id}: add a version (POST ${request.url}/${id}/versions) or choose another id`);
    return reply.code(201).send(await shown(appKey, id));
  });

  app.get(base, {
    schema: { tags, summary: "The app's flows, oldest first; page with nextCursor", params: AppParams, querystring: ListQuery, response: answers(200, Type.Object({ flows: Type.Array(SummaryView), nextCursor: Type.Optional(Type.String()) }), 404) },
  }, async (request) => {
    const { appKey } = request.params as Static<typeof AppParams>;
    const q = request.query as Static<typeof ListQuery>;
    const limit = pageLimit(q.limit, MAX_FLOW_PAGE);
    const after = decodeCursor(q.cursor);
    await appOr404(deps, appKey);
    const page = await flows.list(appKey, after, limit);
    return { flows: page.map(summaryView), nextCursor: nextCursor(page, limit) };
  });

  app.get(`${base}/:id`, {
    schema: { tags, summary: 'A flow: its newest version, or ?version=n', params: FlowParams, querystring: ShowQuery, response: answers(200, FlowView, 404) },
  }, async (request) => {
    const { appKey, id } = request.params as Static<typeof FlowParams>;
    const { version } = request.query as Static<typeof ShowQuery>;
    await appOr404(deps, appKey);
    return shown(appKey, id, version === undefined ? undefined : Number(version));
  });

  app.get(`${base}/:id/versions`, {
    schema: { tags, summary: "A flow's versions, newest first", params: FlowParams, response: answers(200, Type.Object({ versions: Type.Array(VersionView) }), 404) },
  }, async (request) => {
    const { appKey, id } = request.params as Static<typeof FlowParams>;
    await appOr404(deps, appKey);
    const versions = await flows.versions(appKey, id);
    if (versions.length === 0) throw notFound(`flow ${id} of app ${appKey}`);
    return { versions: versions.map(versionView) };
  });

  app.post(`${base}/:id/versions`, {
    bodyLimit: FLOW_BODY_LIMIT,
    schema: { tags, summary: 'Store a new version (the newest + 1); earlier versions never change', params: FlowParams, body: VersionBody, response: answers(201, FlowView, 404, 409) },
  }, async (request, reply) => {
    const { appKey, id } = request.params as Static<typeof FlowParams>;
    const body = request.body as VersionBody;
    const owner = await appOr404(deps, appKey);
    if (!(await flows.get(appKey, id))) throw notFound(`flow ${id} of app ${appKey}`);
    const definition = await validOrRefuse(deps, body.flow, owner);
    const added = await flows.addVersion(appKey, id, { definition, at: deps.clock.now(), ...(body.note === undefined ? {} : { note: body.note }), ...(body.expectedVersion === undefined ? {} : { expectedVersion: body.expectedVersion }) });
    if ('reason' in added) {
      if (added.reason === 'not_found') throw notFound(`flow ${id} of app ${appKey}`);
      throw manageError('conflict', `expectedVersion is ${String(body.expectedVersion)}, but the newest version of flow ${id} is ${added.latest}: read it and try again`);
    }
    return reply.code(201).send(flowView(added.flow, await flows.uses(appKey, id)));
  });

  app.delete(`${base}/:id`, {
    schema: { tags, summary: 'Delete a flow and all its versions; refused (VX.FLOW_IN_USE) while a task uses it', params: FlowParams, response: answers(204, Type.Null(), 404, 409) },
  }, async (request, reply) => {
    const { appKey, id } = request.params as Static<typeof FlowParams>;
    await appOr404(deps, appKey);
    const done = await flows.delete(appKey, id);
    if (!done.deleted && done.reason === 'not_found') throw notFound(`flow ${id} of app ${appKey}`);
    if (!done.deleted && done.reason === 'in_use') throw new FlowInUse(appKey, id, done.uses);
    return reply.code(204).send();
  });

  app.post('/flows/validate', {
    bodyLimit: FLOW_BODY_LIMIT,
    schema: { tags, summary: "Validate a flow without storing it (with appKey: against the app's media, numbers and recording too)", body: ValidateBody, response: answers(200, ValidationView, 404) },
  }, async (request) => {
    const body = request.body as ValidateBody;
    const owner = body.appKey === undefined ? undefined : await appOr404(deps, body.appKey);
    const { errors, sound } = await flowErrors(deps, body.flow, owner);
    return { valid: errors.length === 0, errors: errors.slice(0, MAX_LISTED_ERRORS), errorCount: errors.length, variables: sound ? flowVariables(sound) : [] };
  });
}
