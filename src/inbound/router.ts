// The inbound router (docs/inbound.md): a call offered by the network is routed by the number it
// called: number -> app -> (an X of a privacy pool: its binding, privacy.ts) -> route. A call that cannot be served is refused with its Q.850 cause,
// recorded and logged (refuse.ts); an accepted one is stored as an inbound call holding one of the
// app's ports and started on the engine with its offer, so the flow's first step answers it.

import type { Logger } from 'pino';
import type { App } from '../domain/app.js';
import type { Call, InboundPlan, InboundRefusal, InboundRefusalReason } from '../domain/call.js';
import type { IdFactory } from '../domain/ids.js';
import type { MediaCatalog } from '../domain/media.js';
import type { Clock } from '../lib/clock.js';
import type { InboundHandler, InboundOffer } from '../network/types.js';
import { admit, type PolicyDeps } from '../policy/admit.js';
import { isRefusal } from '../policy/refusal.js';
import type { CallEngine, CallSink } from '../calls/types.js';
import type { Store } from '../store/types.js';
import type { AskUrl } from './ask-url.js';
import { decide, type Decision } from './decide.js';
import { decidePrivacy, PRIVACY_ROUTE } from './privacy.js';
import type { PrivacyFacts } from '../domain/privacy.js';
import { recordRefusal, REFUSAL_Q850, refusedCall } from './refuse.js';

export interface InboundRouterDeps {
  store: Pick<Store, 'apps' | 'inboundRoutes' | 'flows' | 'calls' | 'privacy'>;
  /** The call policy: an inbound call is admitted as the other calls are (src/policy/admit.ts), origin inbound. */
  admission: PolicyDeps;
  media: MediaCatalog;
  engine: Pick<CallEngine, 'start'>;
  ids: IdFactory;
  /** The calls' clock (the simulated world's). */
  clock: Clock;
  /** The wall clock: a privacy binding's expiry is a real time. */
  wall: Clock;
  /** Where a pushed refusal (a third party at a privacy number) is written with its pushes. */
  sink?: Pick<CallSink, 'finish'>;
  hostName: string;
  logger: Logger;
  askUrl: AskUrl;
  /** False while the node drains: new calls are refused (41). */
  accepting: () => boolean;
  /** Told of each inbound call accepted and stored, before it starts (the platform logs it). */
  onAccepted?: (call: Call) => void;
}

const Q = REFUSAL_Q850;

/** The cause of each refusal (docs/inbound.md, "Refusals"). */
export const REFUSALS: Record<InboundRefusalReason, number> = {
  unknown_number: Q.unallocated,
  no_route: Q.unallocated,
  number_suspended: Q.rejected,
  app_suspended: Q.rejected,
  caller_blacklisted: Q.rejected,
  app_rejected: Q.rejected,
  route_unusable: Q.temporaryFailure,
  ports: Q.noChannel,
  unavailable: Q.temporaryFailure,
  privacy_no_binding: Q.unallocated,
  privacy_third_party: Q.rejected,
  privacy_no_callee: Q.unallocated,
  policy: Q.rejected,
};

export function inboundRouter(d: InboundRouterDeps): InboundHandler {
  return (offer) => {
    route(d, offer).catch((err: unknown) => {
      // The store failed, or a bug: the caller hears a temporary failure, not silence.
      d.logger.error({ err, event: 'call.inbound_failed', from: offer.from, to: offer.to }, 'inbound call could not be routed');
      offer.reject(Q.temporaryFailure);
    });
  };
}

async function route(d: InboundRouterDeps, offer: InboundOffer): Promise<void> {
  const at = d.clock.now();
  const parties = { caller: offer.from, called: offer.to };
  type Extra = { detail?: string; plan?: Partial<InboundPlan>; callRelationId?: string; userData?: string; sessionId?: string; privacy?: PrivacyFacts };
  const refuse = async (app: App | undefined, reason: InboundRefusalReason, extra: Extra = {}) => {
    const refusal: InboundRefusal = { q850: REFUSALS[reason], reason, ...(extra.detail !== undefined ? { detail: extra.detail } : {}) };
    // A third party at an X is refused by the binding rule the app set: the app is told (docs/privacy-numbers.md).
    const pushed = reason === 'privacy_third_party' && app !== undefined && d.sink !== undefined;
    const call = refusedCall({
      sessionId: extra.sessionId ?? d.ids.sessionId('notify', at), icid: d.ids.icid(at), ...(app ? { app } : {}), ...parties, at, refusal,
      ...(extra.plan ? { plan: extra.plan } : {}), ...(extra.callRelationId !== undefined ? { callRelationId: extra.callRelationId } : {}),
      ...(extra.privacy ? { privacy: extra.privacy } : {}),
      ...(pushed && app.statusUrl !== undefined ? { statusUrl: app.statusUrl } : {}), ...(pushed && app.feeUrl !== undefined ? { feeUrl: app.feeUrl } : {}),
    });
    await recordRefusal(d.store.calls, call, d.hostName, pushed ? d.sink : undefined);
    d.logger.info({ event: 'call.inbound_refused', sessionId: call.sessionId, app: call.appKey || undefined, from: offer.from, to: offer.to, q850: refusal.q850, reason, detail: refusal.detail }, `inbound call refused: ${reason}`);
    offer.reject(refusal.q850, call.sessionId);
  };

  const number = await d.store.apps.number(offer.to);
  const app = number ? await d.store.apps.get(number.appKey) : undefined;
  if (!number || !app) return refuse(undefined, 'unknown_number');
  if (app.status === 'suspended') return refuse(app, 'app_suspended');
  if (number.status === 'suspended') return refuse(app, 'number_suspended');
  // Before the route: a blacklisted caller's call asks the app's URL nothing (admission checks it again).
  if (d.admission.book.listed(app.appKey, 'callerBlacklist', offer.from)) return refuse(app, 'caller_blacklisted');
  if (!d.accepting()) return refuse(app, 'unavailable');

  const sessionId = d.ids.sessionId('notify', at);
  const request = { callId: sessionId, ...parties, appKey: app.appKey, at: new Date(at).toISOString() };
  // An X of a privacy pool is routed by its binding, asked once, now: a call that got through
  // goes on whatever later happens to the binding (docs/privacy-numbers.md, "Calls").
  const privacy = await decidePrivacy({ privacy: d.store.privacy, inboundRoutes: d.store.inboundRoutes, askUrl: d.askUrl, now: d.wall.now() }, app, offer.from, offer.to, request);
  if (privacy.type === 'refuse') {
    const plan: Partial<InboundPlan> = { route: PRIVACY_ROUTE, ...(privacy.fallbackReason !== undefined ? { fallbackReason: privacy.fallbackReason } : {}) };
    return refuse(app, privacy.reason, {
      plan, sessionId, ...(privacy.detail !== undefined ? { detail: privacy.detail } : {}), ...(privacy.facts ? { privacy: privacy.facts } : {}),
      ...(privacy.callRelationId !== undefined ? { callRelationId: privacy.callRelationId } : {}),
    });
  }
  if (privacy.type === 'run') {
    const facts = privacy.facts;
    // Huawei's formats have no binding fields: userData carries the binding's (else the app's callRelationId).
    const userData = facts.userData ?? privacy.callRelationId;
    // The robot record's business id: the app's (an AX call's answer), else the binding's subscriptionId.
    const callRelationId = privacy.callRelationId ?? facts.subscriptionId;
    return accept(d, offer, app, {
      sessionId, at, privacy: facts, callRelationId, ...(userData !== undefined ? { userData } : {}),
      plan: { kind: 'inbound', displayNbr: offer.from, calleeNbr: offer.to, route: PRIVACY_ROUTE, ...(privacy.fallbackReason !== undefined ? { fallbackReason: privacy.fallbackReason } : {}), flow: { ...privacy.flow, variables: { caller: offer.from, called: offer.to } } },
    }, (reason, detail) => refuse(app, reason, { plan: { route: PRIVACY_ROUTE }, sessionId, privacy: facts, ...(detail !== undefined ? { detail } : {}) }));
  }

  const r = await d.store.inboundRoutes.get(offer.to);
  if (!r || r.appKey !== app.appKey) return refuse(app, 'no_route', { sessionId });

  const ctx = { app, flows: d.store.flows, media: d.media, numbers: (await d.store.apps.numbers(app.appKey)).map((n) => n.number) };
  const decision: Decision = await decide(ctx, r.action, parties, d.askUrl, request);
  // A refusal from here on is recorded as the call the app was told of (callId).
  const plan: Partial<InboundPlan> = { route: decision.route, ...(decision.fallbackReason !== undefined ? { fallbackReason: decision.fallbackReason } : {}) };
  // The Huawei formats have no business id but userData: it carries callRelationId (docs/inbound.md, "Pushes").
  const relation = decision.type !== 'unusable' && decision.callRelationId !== undefined ? { callRelationId: decision.callRelationId, userData: decision.callRelationId } : {};
  if (decision.fallbackReason !== undefined) {
    d.logger.warn({ event: 'call.inbound_fallback', sessionId, app: app.appKey, to: offer.to, why: decision.fallbackReason }, 'inbound call: the app\'s URL could not tell, its fallback is used');
  }
  if (decision.type === 'reject') return refuse(app, 'app_rejected', { ...(decision.reason !== undefined ? { detail: decision.reason } : {}), plan, sessionId, ...relation });
  if (decision.type === 'unusable') return refuse(app, 'route_unusable', { detail: decision.problem, plan, sessionId });

  return accept(d, offer, app, {
    sessionId, at, ...relation,
    plan: { kind: 'inbound', displayNbr: offer.from, calleeNbr: offer.to, ...plan, flow: { ...decision.flow, variables: { caller: offer.from, called: offer.to } } },
  }, (reason, detail) => refuse(app, reason, { plan, sessionId, ...relation, ...(detail !== undefined ? { detail } : {}) }));
}

type Accepted = Pick<Call, 'sessionId' | 'plan' | 'callRelationId' | 'userData' | 'privacy'> & { at: number };

type Refuse = (reason: 'ports' | 'policy', detail?: string) => Promise<void>;

/**
 * Admits the call by the call policy (every number it may dial out to, docs/policy.md), storing it
 * with the limits' counters and one of the app's ports in one transaction, and starts it; or
 * refuses it: no port free (`ports`), or the policy's refusal (`policy`, its result code in the detail).
 */
async function accept(d: InboundRouterDeps, offer: InboundOffer, app: App, a: Accepted, refuse: Refuse): Promise<void> {
  const { at, ...rest } = a;
  const call: Call = {
    ...rest, icid: d.ids.icid(at), appKey: app.appKey, spId: app.spId, createdAt: at,
    ...(app.statusUrl !== undefined ? { statusUrl: app.statusUrl } : {}), ...(app.feeUrl !== undefined ? { feeUrl: app.feeUrl } : {}),
  };
  const admitted = await admit(app, call.plan, d.admission, { via: 'inbound' }, (plan, takes, ports) => d.store.calls.create({ ...call, plan }, takes, ports));
  if (isRefusal(admitted)) {
    if (admitted.name === 'portLimit') return refuse('ports');
    return refuse('policy', `${admitted.resultcode} ${admitted.name}: ${admitted.reason}`);
  }
  d.onAccepted?.(call);
  d.engine.start(call, offer);
}
