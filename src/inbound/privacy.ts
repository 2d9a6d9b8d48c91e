// Calls to an X of a privacy-number pool (docs/privacy-numbers.md, "Calls"): routed by the binding
// the resolver names when the call arrives (src/privacy/resolve.ts), not by an inbound route. The
// call becomes a flow of one transfer node (as a forward): the callee is dialled showing X (or the
// caller's number, callDisplayType 2), recorded when the binding asks, ended at its maximum
// duration. An AX binding's A calling out asks the app's URL (the X's url route) whom to call.

import type { InboundRefusalReason, InboundRouteKind } from '../domain/call.js';
import type { TransferNode } from '../domain/flow.js';
import { INBOUND_DEFAULTS, type FallbackAction } from '../domain/inbound.js';
import type { PrivacyFacts } from '../domain/privacy.js';
import { resolvePrivacyCall, type PrivacyRoute } from '../privacy/resolve.js';
import type { InboundRouteRepo } from '../store/inbound-repo.js';
import type { PrivacyRepo } from '../store/types.js';
import { answerShapeProblem, type ResolvedFlow, type UrlAnswer } from './actions.js';
import type { App } from '../domain/app.js';
import type { AskUrl, UrlRequestBody } from './ask-url.js';

export type PrivacyDecision =
  /** X is in no pool: the number's inbound route applies. */
  | { type: 'none' }
  | { type: 'refuse'; reason: InboundRefusalReason; detail?: string; facts?: PrivacyFacts; fallbackReason?: string; callRelationId?: string }
  | { type: 'run'; flow: ResolvedFlow; facts: PrivacyFacts; callRelationId?: string; fallbackReason?: string };

export interface PrivacyDeps {
  privacy: Pick<PrivacyRepo, 'number' | 'onX' | 'list'>;
  inboundRoutes: Pick<InboundRouteRepo, 'get'>;
  askUrl: AskUrl;
  /** The wall clock's now: a binding's expiry is a real time. */
  now: number;
}

export const PRIVACY_FLOW_ID = 'privacy';

/** The call as a flow of one transfer node: the binding's callee, display, recording and limit. */
export function privacyFlow(r: PrivacyRoute, callee: string, ringTimeoutS?: number): ResolvedFlow {
  const node: TransferNode = {
    id: PRIVACY_FLOW_ID, type: 'transfer', to: callee, callerId: r.displayNumber,
    timeout: ringTimeoutS ?? INBOUND_DEFAULTS.forwardRingTimeoutS,
    ...(r.record ? { record: true } : {}), ...(r.maxDurationS > 0 ? { maxDuration: r.maxDurationS } : {}),
  };
  return { flowId: PRIVACY_FLOW_ID, flowVersion: 0, definition: { start: PRIVACY_FLOW_ID, nodes: [node] } };
}

export async function decidePrivacy(d: PrivacyDeps, app: App, caller: string, x: string, request: UrlRequestBody): Promise<PrivacyDecision> {
  const r = await resolvePrivacyCall(d.privacy, x, caller, d.now, app.appKey);
  if (!r.ok) {
    if (r.reason === 'not_privacy_number') return { type: 'none' };
    if (r.reason === 'no_binding') return { type: 'refuse', reason: 'privacy_no_binding' };
    // Only AXB bindings refuse anyone (an AX X takes every caller): the refused call's pushes name X's pool.
    const facts: PrivacyFacts = { kind: 'AXB', poolId: r.poolId ?? '', subscriptionId: '', x, a: '', secretCallType: 0, displayType: 1, caller };
    return { type: 'refuse', reason: 'privacy_third_party', facts };
  }
  if (r.callee !== undefined) return { type: 'run', flow: privacyFlow(r, r.callee), facts: r.facts };
  return axCallee(d, app, r, x, request);
}

/** AX, A calling out (secretCallType 21): the callee the app names, by its URL or a forward route on X. */
async function axCallee(d: PrivacyDeps, app: App, r: PrivacyRoute, x: string, request: UrlRequestBody): Promise<PrivacyDecision> {
  const route = await d.inboundRoutes.get(x);
  const action = route?.appKey === app.appKey ? route.action : undefined;
  const named = (to: string, ringTimeoutS: number | undefined, extra: { callRelationId?: string; fallbackReason?: string } = {}): PrivacyDecision => (
    { type: 'run', flow: privacyFlow(r, to, ringTimeoutS), facts: { ...r.facts, b: to }, ...extra });
  if (action?.type === 'forward') return named(action.to, action.ringTimeoutS);
  if (action?.type !== 'url') return { type: 'refuse', reason: 'privacy_no_callee', detail: `${x} has no url or forward route to name the callee of an AX call` };
  const body: UrlRequestBody = {
    ...request,
    privacy: {
      subscriptionId: r.binding.subscriptionId, numberPoolNo: r.binding.poolId, bindType: r.binding.kind, phoneNoX: x, phoneNoA: r.binding.a,
      secretCallType: r.secretCallType, ...(r.binding.userData !== undefined ? { userData: r.binding.userData } : {}),
    },
  };
  const reply = await d.askUrl(action.url, action.timeoutMs, app, body);
  const answer = reply.ok ? answerProblem(reply.body) : reply.problem;
  if (typeof answer !== 'string') {
    const relation = answer.callRelationId !== undefined ? { callRelationId: answer.callRelationId } : {};
    if (answer.type === 'reject') return { type: 'refuse', reason: 'app_rejected', ...(answer.reason !== undefined ? { detail: answer.reason } : {}), ...relation };
    return named(answer.to, answer.ringTimeoutS, relation);
  }
  return fallback(action.fallback, answer, named);
}

type Named = (to: string, ringTimeoutS: number | undefined, extra?: { fallbackReason?: string }) => PrivacyDecision;

function fallback(a: FallbackAction, why: string, named: Named): PrivacyDecision {
  if (a.type === 'forward') return named(a.to, a.ringTimeoutS, { fallbackReason: why });
  if (a.type === 'reject') return { type: 'refuse', reason: 'app_rejected', ...(a.reason !== undefined ? { detail: a.reason } : {}), fallbackReason: why };
  return { type: 'refuse', reason: 'privacy_no_callee', detail: 'the route\'s fallback is a flow, which names no callee', fallbackReason: why };
}

type CalleeAnswer = Extract<UrlAnswer, { type: 'forward' | 'reject' }>;

/**
 * An AX call's answer: a forward naming the callee (`to`, `ringTimeoutS`, `callRelationId`) or a
 * reject. The binding decides recording, display and the call's limit: an answer setting them, or a
 * flow, is invalid (the fallback is taken).
 */
function answerProblem(body: unknown): CalleeAnswer | string {
  const shape = answerShapeProblem(body);
  if (shape) return `invalid answer: ${shape}`;
  const a = body as UrlAnswer;
  if (a.type === 'flow') return 'invalid answer: /type: an AX call takes a forward naming the callee, or a reject';
  if (a.type === 'forward') {
    const owned = (['record', 'display', 'maxDurationS'] as const).find((k) => a[k] !== undefined);
    if (owned) return `invalid answer: /${owned}: the binding decides it for a privacy call`;
  }
  return a;
}

export const PRIVACY_ROUTE: InboundRouteKind = 'privacy';
