// Placing an API request's call (src/calls/place.ts), refused as the API answers when this node
// drains or the policy says no.

import { place, type PlacementDeps } from '../calls/place.js';
import type { App } from '../domain/app.js';
import type { AdmissionOrigin } from '../policy/admit.js';
import type { CallRequest } from './normalize.js';
import { admittedOrThrow } from './policy-refusal.js';
import { apiError } from './errors.js';
import { RESULT } from './result-codes.js';

export interface PlaceCallDeps extends PlacementDeps {
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
  const fields = { userData: req.userData, statusUrl: req.statusUrl ?? app.statusUrl, feeUrl: req.feeUrl ?? app.feeUrl };
  // A refusal becomes the API's answer here, the only place that has an HTTP request to answer.
  const { call, idlePort } = admittedOrThrow(await place(app, req.plan, fields, deps, from));
  return { sessionId: call.sessionId, idlePort };
}
