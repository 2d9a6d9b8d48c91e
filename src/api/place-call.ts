// Placing an accepted request: admission by the policy, the call stored, then handed to the
// engine. The call row is durable before the response, so a crash after the response still ends
// the call properly on restart (recovery) and its pushes are not lost.

import type { App } from '../domain/app.js';
import type { Call } from '../domain/call.js';
import type { IdFactory } from '../domain/ids.js';
import type { Clock } from '../lib/clock.js';
import type { CallEngine } from '../calls/types.js';
import { admit, type AdmissionRequest, type PolicyDeps } from '../policy/admit.js';
import { userIdProblem } from '../push/dialects/ucloud-user-id.js';
import type { CallRepo, SubscriptionRepo } from '../store/types.js';
import { apiError } from './errors.js';
import { RESULT } from './result-codes.js';
import type { CallRequest } from './normalize.js';

export interface PlaceCallDeps {
  policy: PolicyDeps;
  calls: Pick<CallRepo, 'create'>;
  engine: Pick<CallEngine, 'start'>;
  ids: IdFactory;
  clock: Clock;
  /** The app's push subscriptions, when some format puts rules on the request (ucloud: UserId). */
  subscriptions?: Pick<SubscriptionRepo, 'forApp'>;
}

export interface Placed {
  sessionId: string;
  idlePort: number;
}

/**
 * A ucloud receipt carries userData as its UserId, which the document limits: while the app has
 * an enabled ucloud subscription, a userData that cannot be one is refused now rather than
 * pushed broken (docs/push-formats.md).
 */
async function checkUserIdRule(app: App, req: CallRequest, deps: PlaceCallDeps): Promise<void> {
  if (req.userData === undefined || !deps.subscriptions) return;
  const problem = userIdProblem(req.userData);
  if (problem === undefined) return;
  const subs = await deps.subscriptions.forApp(app.appKey);
  if (subs.some((s) => s.enabled && s.format === 'ucloud')) {
    // The description names the UserId rule; resultdesc has room for no more (128 characters).
    throw apiError(RESULT.invalidRequest, `${problem}.`);
  }
}

export async function placeCall(app: App, req: CallRequest, deps: PlaceCallDeps, from: AdmissionRequest): Promise<Placed> {
  await checkUserIdRule(app, req, deps);
  const { plan, idlePort, release } = await admit(app, req.plan, deps.policy, from);
  const now = deps.clock.now();
  const call: Call = {
    sessionId: deps.ids.sessionId(plan.kind, now),
    icid: deps.ids.icid(now),
    appKey: app.appKey,
    spId: app.spId,
    plan,
    userData: req.userData,
    statusUrl: req.statusUrl ?? app.statusUrl,
    feeUrl: req.feeUrl ?? app.feeUrl,
    createdAt: now,
  };
  try {
    await deps.calls.create(call);
  } catch (err) {
    await release();
    throw err;
  }
  deps.engine.start(call);
  return { sessionId: call.sessionId, idlePort };
}
