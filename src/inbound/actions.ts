// The shapes of inbound actions (docs/inbound.md): a route's body (management API) and the answer
// of the app's URL, as JSON Schema (TypeBox) for the API and for checking an answer at call time,
// then the checks a schema cannot make (the flow exists, the app may record, the URL is public).

import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { App } from '../domain/app.js';
import type { FlowDefinition } from '../domain/flow.js';
import type { CallAction, FallbackAction, RouteAction } from '../domain/inbound.js';
import { checkFlowAgainstApp, validateFlow } from '../flows/index.js';
import { describeFlowError } from '../flows/describe.js';
import type { MediaCatalog } from '../domain/media.js';
import type { FlowRepo } from '../store/flow-repo.js';

const NUMBER = '^\\+[1-9][0-9]{2,29}$';
const Phone = Type.String({ minLength: 4, maxLength: 31, pattern: NUMBER, description: '+{country code}{number}' });

export const FlowActionSchema = Type.Object({
  type: Type.Literal('flow'),
  flowId: Type.String({ minLength: 1, maxLength: 64, description: 'one of the app\'s flows' }),
  flowVersion: Type.Optional(Type.Integer({ minimum: 1, description: 'default: the newest when the call arrives' })),
}, { additionalProperties: false });

export const ForwardActionSchema = Type.Object({
  type: Type.Literal('forward'),
  to: Phone,
  record: Type.Optional(Type.Boolean({ description: 'record the talk (the app must have recording enabled)' })),
  display: Type.Optional(Type.Union([Type.Literal('caller'), Type.Literal('number')], { description: 'what the forwarded party sees: the caller\'s number (default) or the app\'s number called' })),
  ringTimeoutS: Type.Optional(Type.Integer({ minimum: 5, maximum: 120, description: 'default 30' })),
  maxDurationS: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400, description: 'default: no limit' })),
}, { additionalProperties: false });

const Reason = Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\x20-\\x7e]+$', description: 'kept on the call\'s record (printable ASCII)' });
export const RejectActionSchema = Type.Object({ type: Type.Literal('reject'), reason: Type.Optional(Reason) }, { additionalProperties: false });

export const FallbackSchema = Type.Union([FlowActionSchema, ForwardActionSchema, RejectActionSchema]);

export const UrlActionSchema = Type.Object({
  type: Type.Literal('url'),
  url: Type.String({ minLength: 1, maxLength: 512, description: 'http(s); checked like a push URL' }),
  timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 10_000, description: 'default 3000' })),
  fallback: FallbackSchema,
}, { additionalProperties: false });

export const RouteBodySchema = Type.Union([FlowActionSchema, ForwardActionSchema, UrlActionSchema]);
export type RouteBody = Static<typeof RouteBodySchema>;

const RelationId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7e]+$', description: 'the business id echoed in every push of the call' });

/** What the app's URL answers (docs/inbound.md, "The app's URL"). */
export const UrlAnswerSchema = Type.Union([
  Type.Object({
    type: Type.Literal('flow'),
    flowId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    flowVersion: Type.Optional(Type.Integer({ minimum: 1 })),
    flow: Type.Optional(Type.Unknown({ description: 'an inline flow definition (docs/flows.md), instead of flowId' })),
    callRelationId: Type.Optional(RelationId),
  }, { additionalProperties: false }),
  Type.Object({ ...ForwardActionSchema.properties, callRelationId: Type.Optional(RelationId) }, { additionalProperties: false }),
  Type.Object({ ...RejectActionSchema.properties, callRelationId: Type.Optional(RelationId) }, { additionalProperties: false }),
]);
export type UrlAnswer = Static<typeof UrlAnswerSchema>;

type Checker = ReturnType<typeof TypeCompiler.Compile>;

/** Checks by the `type` field first, so a message names the field of that type that is wrong (a union's would not). */
function byType(schemas: Record<string, Parameters<typeof TypeCompiler.Compile>[0]>, what: string): (body: unknown, at?: string) => string | undefined {
  const checks = new Map<string, Checker>(Object.entries(schemas).map(([k, v]) => [k, TypeCompiler.Compile(v)]));
  const kinds = [...checks.keys()].join(', ');
  const problem = (body: unknown, at = ''): string | undefined => {
    const type = typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;
    const check = typeof type === 'string' ? checks.get(type) : undefined;
    if (!check) return `${at}/type must be one of: ${kinds} (${what})`;
    if (check.Check(body)) return undefined;
    const e = check.Errors(body).First();
    return e ? `${at}${e.path || '/'}: ${e.message}` : `${at}: does not fit ${what}`;
  };
  return problem;
}

const answerProblem = byType({ flow: UrlAnswerSchema.anyOf[0], forward: UrlAnswerSchema.anyOf[1], reject: UrlAnswerSchema.anyOf[2] }, "the URL's answer");

/** The first schema error of a URL's answer, as one sentence; undefined when it fits. */
export function answerShapeProblem(body: unknown): string | undefined {
  return answerProblem(body);
}

const fallbackProblem = byType({ flow: FlowActionSchema, forward: ForwardActionSchema, reject: RejectActionSchema }, 'a fallback');
const routeProblem = byType({ flow: FlowActionSchema, forward: ForwardActionSchema, url: Type.Omit(UrlActionSchema, ['fallback']) }, 'a route');

/** The first schema error of a route's body, as one sentence naming the field; undefined when it fits. */
export function routeShapeProblem(body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null && (body as { type?: unknown }).type === 'url') {
    const { fallback, ...rest } = body as Record<string, unknown>;
    if (fallback === undefined) return '/fallback is required: what the call does when the URL cannot tell';
    return routeProblem(rest) ?? fallbackProblem(fallback, '/fallback');
  }
  return routeProblem(body);
}

export interface ActionContext {
  app: App;
  flows: Pick<FlowRepo, 'get'>;
}

/** What an inline flow is checked against, besides the app. */
export interface InlineContext extends ActionContext {
  media: MediaCatalog;
  /** The app's numbers (a flow's transfer callerId must be one). */
  numbers: readonly string[];
}

/** A flow to run: stored (id, version) or inline. */
export interface ResolvedFlow {
  flowId: string;
  flowVersion: number;
  definition: FlowDefinition;
}

export type Resolved = { ok: true; flow: ResolvedFlow } | { ok: false; problem: string };

/** The stored flow an action names (the newest version unless one is given). */
export async function storedFlow(ctx: ActionContext, flowId: string, version?: number): Promise<Resolved> {
  const flow = await ctx.flows.get(ctx.app.appKey, flowId, version);
  if (!flow) return { ok: false, problem: version === undefined ? `flow ${flowId} of app ${ctx.app.appKey} does not exist` : `version ${version} of flow ${flowId} of app ${ctx.app.appKey} does not exist` };
  return { ok: true, flow: { flowId: flow.id, flowVersion: flow.version, definition: flow.definition } };
}

/** An inline flow, validated as a stored one would be (docs/flows.md); its id is `inline`, version 0. */
export function inlineFlow(ctx: InlineContext, input: unknown): Resolved {
  const v = validateFlow(input);
  if (!v.ok) return { ok: false, problem: `flow: ${v.errors.slice(0, 3).map(describeFlowError).join('; ')}` };
  const errors = checkFlowAgainstApp(v.flow, { appKey: ctx.app.appKey, media: ctx.media, numbers: ctx.numbers, recordingEnabled: ctx.app.recordingEnabled });
  if (errors.length > 0) return { ok: false, problem: `flow: ${errors.slice(0, 3).map(describeFlowError).join('; ')}` };
  return { ok: true, flow: { flowId: 'inline', flowVersion: 0, definition: v.flow } };
}

/** What a route's own action (or its fallback) cannot be, beyond its schema; undefined when fine. */
export async function actionProblem(ctx: ActionContext, a: CallAction | FallbackAction | RouteAction, field: string): Promise<string | undefined> {
  if (a.type === 'flow') {
    const f = await storedFlow(ctx, a.flowId, a.flowVersion);
    return f.ok ? undefined : `${field}: ${f.problem}`;
  }
  if (a.type === 'forward' && a.record === true && !ctx.app.recordingEnabled) return `${field}.record: app ${ctx.app.appKey} does not have recording enabled`;
  if (a.type === 'url') return actionProblem(ctx, a.fallback, `${field}.fallback`);
  return undefined;
}
