// Placing an accepted request: admission by the policy, the call stored, then handed to the
// engine. The call row is durable before the response, so a crash after the response still ends
// the call properly on restart (recovery) and its pushes are not lost.

import type { App } from '../domain/app.js';
import { serviceOf, type Call } from '../domain/call.js';
import type { IdFactory } from '../domain/ids.js';
import type { Clock } from '../lib/clock.js';
import type { CallEngine } from '../calls/types.js';
import { admit, type AdmissionOrigin, type PolicyDeps } from '../policy/admit.js';
import type { CallRepo } from '../store/types.js';
import type { CallRequest } from './normalize.js';
import { admittedOrThrow } from './policy-refusal.js';
import { apiError } from './errors.js';
import { RESULT } from './result-codes.js';

export interface PlaceCallDeps {
  policy: PolicyDeps;
  calls: Pick<CallRepo, 'create'>;
  engine: Pick<CallEngine, 'start'>;
  ids: IdFactory;
  clock: Clock;
  /** Told of each call admitted and stored, before its scenario starts (the platform logs it). */
  onAccepted?: (call: Call) => void;
  /** False once the node drains (SIGTERM): new calls are refused, calls in progress go on. */
  accepting?: () => boolean;
}

export interface Placed {
  sessionId: string;
  idlePort: number;
}

export async function placeCall(app: App, req: CallRequest, deps: PlaceCallDeps, from: AdmissionOrigin): Promise<Placed> {
  // The reference's "wait and retry" capacity code (docs/result-codes.md): nginx never retries a
  // POST that reached a node, so the client's retry is what lands the call on another node.
  if (deps.accepting && !deps.accepting()) throw apiError(RESULT.insufficientVoicePorts, 'This node is shutting down: place the call again.');
  let call: Call | undefined;
  // The call is built and stored inside admission: its row, the policy's counters and the count of
  // the app's ports are one transaction, so a call refused by a limit or its ports leaves nothing.
  const admitted = await admit(app, req.plan, deps.policy, from, (plan, takes, ports) => {
    const now = deps.clock.now();
    call = {
      sessionId: deps.ids.sessionId(serviceOf(plan), now),
      icid: deps.ids.icid(now),
      appKey: app.appKey,
      spId: app.spId,
      plan,
      userData: req.userData,
      statusUrl: req.statusUrl ?? app.statusUrl,
      feeUrl: req.feeUrl ?? app.feeUrl,
      createdAt: now,
    };
    return deps.calls.create(call, takes, ports);
  });
  // A refusal becomes the API's answer here, the only place that has an HTTP request to answer.
  const { idlePort } = admittedOrThrow(admitted);
  deps.onAccepted?.(call!);
  deps.engine.start(call!);
  return { sessionId: call!.sessionId, idlePort };
}
