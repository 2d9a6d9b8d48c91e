// Building the call record (reference 4.5, table 4-23) from what a scenario saw.

import { isForwardPlan, serviceOf, type Call, type CallDialog, type CallOutcome, type CallPlan, type CallRecord, type LegName, type LegTimes, type PartyType, type RecordingInfo } from '../domain/call.js';

/** caller/called of a leg's events (reference 4.4): what the leg was shown, and its number. */
export interface Parties {
  caller: string;
  called: string;
}

/** The parties the call's plan gives a leg (a flow's dial may give others: CallRun.dial). */
export function legParties(plan: CallPlan, leg: LegName): Parties {
  if (plan.kind === 'callback') {
    return leg === 'A'
      ? { caller: plan.displayNbr, called: plan.callerNbr }
      : { caller: plan.displayCalleeNbr, called: plan.calleeNbr };
  }
  return { caller: plan.displayNbr, called: plan.calleeNbr };
}

export interface Ending {
  outcome: CallOutcome;
  stateCode: number;
  ulFailReason: number;
  /** The failed leg's SIP status; 0 when no leg failed. */
  sipStatusCode?: number;
  partyType: PartyType;
  callEndAt: number;
  /** When the call failed; defaults to callEndAt for any outcome but 'answered'. */
  failAt?: number;
}

/** How a scenario ends a call: the ending less its end time, and the disconnect's leg and time. */
export type Release = Omit<Ending, 'callEndAt'> & { leg: LegName; at: number };

export interface RecordParts {
  legA: LegTimes;
  legB?: LegTimes;
  ending: Ending;
  recording?: RecordingInfo;
  digits?: string[];
  /** The legs' parties when not the plan's (a leg dialled to another number). */
  parties?: Partial<Record<LegName, Parties>>;
  ttsPlayTimes?: number;
  ttsTransDuration?: number;
  dialog?: CallDialog;
}

export function buildRecord(call: Call, hostName: string, p: RecordParts): CallRecord {
  const a = p.parties?.A ?? legParties(call.plan, 'A');
  const e = p.ending;
  const record: CallRecord = {
    sessionId: call.sessionId,
    icid: call.icid,
    appKey: call.appKey,
    spId: call.spId,
    kind: serviceOf(call.plan),
    direction: 0,
    bindNum: a.caller,
    callerNum: a.caller,
    calleeNum: a.called,
    legA: p.legA,
    callEndAt: e.callEndAt,
    outcome: e.outcome,
    stateCode: e.stateCode,
    ulFailReason: e.ulFailReason,
    sipStatusCode: e.sipStatusCode ?? 0,
    partyType: e.partyType,
    digits: p.digits ?? [],
    ttsPlayTimes: p.ttsPlayTimes ?? 0,
    ttsTransDuration: p.ttsTransDuration ?? 0,
    hostName,
  };
  if (p.legB) {
    const b = p.parties?.B ?? legParties(call.plan, 'B');
    record.legB = p.legB;
    record.fwdDisplayNum = b.caller;
    record.fwdDstNum = b.called;
  }
  const failAt = e.failAt ?? (e.outcome === 'answered' ? undefined : e.callEndAt);
  if (failAt !== undefined) record.failAt = failAt;
  if (p.recording) record.recording = p.recording;
  if (call.userData !== undefined) record.userData = call.userData;
  if (p.dialog) record.dialog = p.dialog;
  if (call.plan.kind === 'inbound') {
    // The platform's number called is the number the call is bound to (Huawei's bindNum).
    record.direction = 1;
    record.bindNum = call.plan.calleeNbr;
    if (call.plan.refusal) record.refusal = call.plan.refusal;
    if (isForwardPlan(call.plan)) record.forward = true;
  }
  if (call.callRelationId !== undefined) record.callRelationId = call.callRelationId;
  return record;
}
