// What a route makes of an inbound call (docs/inbound.md): the flow to run (a forward is a flow of
// one transfer node), or a reject. A URL route asks the app; its answer is checked like a route
// (schema, then the flow exists or the inline flow validates, a recorded forward is allowed), and
// anything wrong with it (no answer in time, not JSON, not valid) takes the route's fallback.

import type { InboundRouteKind } from '../domain/call.js';
import type { TransferNode } from '../domain/flow.js';
import { INBOUND_DEFAULTS, type FallbackAction, type ForwardAction, type RouteAction } from '../domain/inbound.js';
import { answerShapeProblem, inlineFlow, storedFlow, type InlineContext, type ResolvedFlow, type UrlAnswer } from './actions.js';
import type { AskUrl, UrlRequestBody } from './ask-url.js';

export type Decision =
  | { type: 'run'; route: InboundRouteKind; flow: ResolvedFlow; callRelationId?: string; fallbackReason?: string }
  | { type: 'reject'; route: InboundRouteKind; reason?: string; callRelationId?: string; fallbackReason?: string }
  /** The route cannot run (its flow was deleted since it was set): refused as such. */
  | { type: 'unusable'; route: InboundRouteKind; problem: string; fallbackReason?: string };

export interface CallParties {
  caller: string;
  called: string;
}

/** A forward as a flow: one transfer node (ring, wait voice, bridge, record), then the call ends. */
export function forwardFlow(a: ForwardAction, p: CallParties): ResolvedFlow {
  const node: TransferNode = {
    id: 'forward', type: 'transfer', to: a.to,
    callerId: a.display === 'number' ? p.called : p.caller,
    timeout: a.ringTimeoutS ?? INBOUND_DEFAULTS.forwardRingTimeoutS,
    ...(a.record ? { record: true } : {}), ...(a.maxDurationS !== undefined ? { maxDuration: a.maxDurationS } : {}),
  };
  return { flowId: 'forward', flowVersion: 0, definition: { start: 'forward', nodes: [node] } };
}

async function direct(ctx: InlineContext, a: FallbackAction, p: CallParties, route: InboundRouteKind): Promise<Decision> {
  if (a.type === 'reject') return { type: 'reject', route, ...(a.reason !== undefined ? { reason: a.reason } : {}) };
  if (a.type === 'forward') return { type: 'run', route, flow: forwardFlow(a, p) };
  const f = await storedFlow(ctx, a.flowId, a.flowVersion);
  return f.ok ? { type: 'run', route, flow: f.flow } : { type: 'unusable', route, problem: f.problem };
}

/** The URL's answer as a decision, or the problem that sends the call to the fallback. */
async function fromAnswer(ctx: InlineContext, body: unknown, p: CallParties): Promise<Decision | string> {
  const shape = answerShapeProblem(body);
  if (shape) return `invalid answer: ${shape}`;
  const a = body as UrlAnswer;
  const relation = a.callRelationId !== undefined ? { callRelationId: a.callRelationId } : {};
  if (a.type === 'reject') return { type: 'reject', route: 'url', ...(a.reason !== undefined ? { reason: a.reason } : {}), ...relation };
  if (a.type === 'forward') {
    if (a.record === true && !ctx.app.recordingEnabled) return `invalid answer: /record: app ${ctx.app.appKey} does not have recording enabled`;
    return { type: 'run', route: 'url', flow: forwardFlow(a, p), ...relation };
  }
  if ((a.flowId === undefined) === (a.flow === undefined)) return 'invalid answer: a flow answer needs exactly one of flowId and flow';
  const f = a.flow !== undefined ? inlineFlow(ctx, a.flow) : await storedFlow(ctx, a.flowId!, a.flowVersion);
  return f.ok ? { type: 'run', route: 'url', flow: f.flow, ...relation } : `invalid answer: ${f.problem}`;
}

export async function decide(ctx: InlineContext, action: RouteAction, p: CallParties, ask: AskUrl, request: UrlRequestBody): Promise<Decision> {
  if (action.type !== 'url') return direct(ctx, action, p, action.type);
  const reply = await ask(action.url, action.timeoutMs, ctx.app, request);
  const decided = reply.ok ? await fromAnswer(ctx, reply.body, p) : reply.problem;
  if (typeof decided !== 'string') return decided;
  return { ...(await direct(ctx, action.fallback, p, 'url')), fallbackReason: decided };
}
