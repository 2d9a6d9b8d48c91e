// A refused inbound call is recorded (docs/inbound.md, "Refusals"): a call row with its record
// (direction 1, outcome rejected, the refusal's cause and reason), stored at once and never run or
// pushed (the app did not take the call), then the network refuses the offer with the cause. The
// one refusal that is pushed, a third party at a privacy number's X, goes through the call sink:
// its disconnect and record with their pushes, as any call's end.

import type { App } from '../domain/app.js';
import type { Call, CallEvent, InboundPlan, InboundRefusal } from '../domain/call.js';
import type { PrivacyFacts } from '../domain/privacy.js';
import type { CallSink } from '../calls/types.js';
import { buildRecord } from '../calls/record.js';
import { statusForCause } from '../network/sip/causes.js';
import { STATE, stateDesc } from '../calls/state-codes.js';
import type { CallRepo } from '../store/types.js';

/** Q.850 causes of the refusals (docs/inbound.md, "Refusals"). */
export const REFUSAL_Q850 = {
  unallocated: 1,
  rejected: 21,
  noChannel: 34,
  temporaryFailure: 41,
} as const;

export interface RefusalParts {
  sessionId: string;
  icid: string;
  app?: App;
  caller: string;
  called: string;
  at: number;
  refusal: InboundRefusal;
  plan?: Partial<InboundPlan>;
  callRelationId?: string;
  /** A privacy call refused: what its pushes report (serviceType 200). */
  privacy?: PrivacyFacts;
  /** Pushed: the app's default push URLs. */
  statusUrl?: string;
  feeUrl?: string;
}

export function refusedCall(p: RefusalParts): Call {
  const plan: InboundPlan = { ...p.plan, kind: 'inbound', displayNbr: p.caller, calleeNbr: p.called, refusal: p.refusal };
  return {
    sessionId: p.sessionId, icid: p.icid, appKey: p.app?.appKey ?? '', spId: p.app?.spId ?? '', plan, createdAt: p.at,
    ...(p.callRelationId !== undefined ? { callRelationId: p.callRelationId } : {}),
    ...(p.privacy ? { privacy: p.privacy } : {}),
    ...(p.statusUrl !== undefined ? { statusUrl: p.statusUrl } : {}), ...(p.feeUrl !== undefined ? { feeUrl: p.feeUrl } : {}),
  };
}

/** Stores the refused call and its record in two writes; a call no app owns is stored under app ''. */
export async function recordRefusal(calls: Pick<CallRepo, 'create' | 'finish'>, call: Call, hostName: string, sink?: Pick<CallSink, 'finish'>): Promise<void> {
  const plan = call.plan as InboundPlan;
  const q850 = plan.refusal!.q850;
  const at = call.createdAt;
  const record = buildRecord(call, hostName, {
    legA: { startAt: at, endAt: at, q850, sipStatus: statusForCause(q850) },
    ending: { outcome: 'rejected', stateCode: STATE.notConnected, ulFailReason: STATE.notConnected, sipStatusCode: statusForCause(q850), partyType: 'platform', callEndAt: at },
  });
  await calls.create(call);
  if (!sink) return calls.finish(record, undefined, []);
  // The caller's one event: its leg was released by the platform before any answer.
  const disconnect: CallEvent = {
    sessionId: call.sessionId, seq: 1, type: 'disconnect', leg: 'A', at, caller: plan.displayNbr, called: plan.calleeNbr,
    stateCode: STATE.notConnected, stateDesc: stateDesc(STATE.notConnected), partyType: 'platform',
  };
  await sink.finish(call, record, disconnect);
}
