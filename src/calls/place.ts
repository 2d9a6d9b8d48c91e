// Placing a call, whoever asks (the API, a task's row): admission by the policy, the call built
// and stored inside it, then handed to the engine. The call row, the policy's counters and the
// count of the app's ports are one transaction, so a call refused by a limit or its ports leaves
// nothing; the row is durable before anyone is told, so a crash after that still ends the call
// properly (recovery) and its pushes are not lost. A refusal is returned as a value: only the HTTP
// API turns it into a result code.

import type { App } from '../domain/app.js';
import { serviceOf, type Call, type CallPlan } from '../domain/call.js';
import type { IdFactory } from '../domain/ids.js';
import type { Clock } from '../lib/clock.js';
import { admit, type AdmissionOrigin, type PolicyDeps } from '../policy/admit.js';
import { isRefusal, type Refusal } from '../policy/refusal.js';
import type { CallRepo } from '../store/types.js';
import type { CallEngine } from './types.js';

export interface PlacementDeps {
  policy: PolicyDeps;
  calls: Pick<CallRepo, 'create'>;
  engine: Pick<CallEngine, 'start'>;
  ids: IdFactory;
  clock: Clock;
  /** Told of each call admitted and stored, before its scenario starts (the platform logs it). */
  onAccepted?: (call: Call) => void;
}

/** The fields of the call its placer decides; the rest (ids, app, plan, time) are placement's. */
export type CallFields = Pick<Call, 'statusUrl' | 'feeUrl'> & Partial<Pick<Call, 'userData' | 'task'>>;

export async function place(
  app: App, plan: CallPlan, fields: CallFields, deps: PlacementDeps, from: AdmissionOrigin,
): Promise<{ call: Call; idlePort: number } | Refusal> {
  let call: Call | undefined;
  const admitted = await admit(app, plan, deps.policy, from, (admittedPlan, takes, ports) => {
    const now = deps.clock.now();
    call = {
      sessionId: deps.ids.sessionId(serviceOf(admittedPlan), now),
      icid: deps.ids.icid(now),
      appKey: app.appKey,
      spId: app.spId,
      plan: admittedPlan,
      ...fields,
      createdAt: now,
    };
    return deps.calls.create(call, takes, ports);
  });
  if (isRefusal(admitted)) return admitted;
  deps.onAccepted?.(call!);
  deps.engine.start(call!);
  return { call: call!, idlePort: admitted.idlePort };
}
