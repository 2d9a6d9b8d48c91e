// What every non-Huawei format derives from a call the same way: who called whom, which leg a
// record reports, and the moments of that leg's life. One place, so that vsp, ucloud and robot
// never disagree on when a call was answered or how long it lasted.

import { reportsLegB, type Call, type CallRecord, type LegName } from '../../domain/call.js';

/**
 * The call's parties, whatever happened to its legs: the status pushes and vsp's phoneNoA/B/X
 * name them. A record's caller and callee come from recordParties (the reported leg).
 */
export interface Parties {
  /** Who the call is from: the callback's calling party, else the display number. */
  caller: string;
  /** Who the call is to: the callback's called party (B), else the dialed number. */
  callee: string;
  /** The platform number in between (the "X" of a privacy call): the display number of the first leg. */
  middle: string;
  /** The number the callee's phone showed. */
  shownToCallee: string;
}

/**
 * A number as the vsp, ucloud and robot documents write Chinese numbers (13100001111,
 * 055196866001): a mobile as its 11 digits, a fixed line with the trunk prefix 0. A receiver
 * written against those documents compares such strings. Other countries' numbers stay E.164
 * (vsp adds callerCountryIsoCode beside them).
 */
export function nationalNumber(e164: string): string {
  if (!e164.startsWith('+86')) return e164;
  const rest = e164.slice(3);
  return /^1\d{10}$/.test(rest) ? rest : `0${rest}`;
}

/** Back to E.164 for the unified model (decoders): the inverse of nationalNumber for Chinese numbers. */
export function e164Number(wire: string): string {
  if (wire.startsWith('+')) return wire;
  if (/^1\d{10}$/.test(wire)) return `+86${wire}`;
  if (/^0\d+$/.test(wire)) return `+86${wire.slice(1)}`;
  return wire;
}

/** The parties with their numbers as the documents write them (see nationalNumber). */
export function wireParties(call: Call): Parties {
  const p = parties(call);
  return { caller: nationalNumber(p.caller), callee: nationalNumber(p.callee), middle: nationalNumber(p.middle), shownToCallee: nationalNumber(p.shownToCallee) };
}

export function parties(call: Call): Parties {
  const p = call.plan;
  if (p.kind === 'callback') {
    return { caller: p.callerNbr, callee: p.calleeNbr, middle: p.displayNbr, shownToCallee: p.displayCalleeNbr };
  }
  // An inbound call: the caller called the platform's number, which is the middle one (X).
  if (p.kind === 'inbound') return { caller: p.displayNbr, callee: p.calleeNbr, middle: p.calleeNbr, shownToCallee: p.displayNbr };
  return { caller: p.displayNbr, callee: p.calleeNbr, middle: p.displayNbr, shownToCallee: p.displayNbr };
}

/**
 * The leg a record reports (docs/push-formats.md, "Which leg a record describes"): a callback's or
 * an inbound forward's B once it was dialled, else its A (B never dialled, so A's outcome is the
 * call's); the only leg of the other services, and leg A of an inbound flow. Every number and time a vsp, ucloud or robot record sends comes from it, so a
 * record never names B with A's outcome or mixes A's ringing with B's answer.
 */
export function reportedLeg(r: CallRecord): LegName {
  return reportsLegB(r) ? 'B' : 'A';
}

/** Who called whom on the reported leg: the caller, the dialled number, and what that phone showed. */
export interface LegParties {
  caller: string;
  callee: string;
  shownToCallee: string;
}

export function recordParties(call: Call, r: CallRecord): LegParties {
  const p = call.plan;
  // A forward's B was called for the caller (displayNbr), showing what the record says B was shown.
  if (p.kind === 'inbound' && reportedLeg(r) === 'B') return { caller: p.displayNbr, callee: r.fwdDstNum ?? p.calleeNbr, shownToCallee: r.fwdDisplayNum ?? p.displayNbr };
  if (p.kind !== 'callback') return { caller: p.displayNbr, callee: p.calleeNbr, shownToCallee: p.displayNbr };
  // B talks with A; A was called by the platform's number (displayNbr).
  return reportedLeg(r) === 'B'
    ? { caller: p.callerNbr, callee: p.calleeNbr, shownToCallee: p.displayCalleeNbr }
    : { caller: p.displayNbr, callee: p.callerNbr, shownToCallee: p.displayNbr };
}

/** recordParties with the numbers as the documents write them (see nationalNumber). */
export function wireRecordParties(call: Call, r: CallRecord): LegParties {
  const p = recordParties(call, r);
  return { caller: nationalNumber(p.caller), callee: nationalNumber(p.callee), shownToCallee: nationalNumber(p.shownToCallee) };
}

export interface Moments {
  /** The reported leg was dialled. */
  dialAt: number;
  /** The reported leg started ringing; absent when it never rang. */
  ringAt?: number;
  /**
   * The reported leg answered and the service ran. Absent for every outcome but 'answered', so
   * "answer time is 0" and "not connected" always agree.
   */
  answerAt?: number;
  endAt: number;
  /** ucloud Duration: whole seconds from answer to end, a started second counting as one; 0 when unanswered. */
  talkSeconds: number;
  /**
   * robot duration_call, vsp callDuration: seconds from dial to end, rounded to the nearest second;
   * 0 when unanswered. The documents' own examples fix this rule (robot 28, vsp 20).
   */
  callSeconds: number;
  /** robot duration_ring: seconds from dial to answer (to the end when unanswered), rounded to the nearest second. */
  dialRingSeconds: number;
}

const ceilSeconds = (ms: number): number => Math.max(0, Math.ceil(ms / 1000));
const roundSeconds = (ms: number): number => Math.max(0, Math.round(ms / 1000));

export function moments(r: CallRecord): Moments {
  const leg = reportedLeg(r) === 'B' ? r.legB! : r.legA;
  const answerAt = r.outcome === 'answered' ? leg.answerAt : undefined;
  const m: Moments = {
    dialAt: leg.startAt,
    endAt: r.callEndAt,
    talkSeconds: answerAt === undefined ? 0 : ceilSeconds(r.callEndAt - answerAt),
    callSeconds: answerAt === undefined ? 0 : roundSeconds(r.callEndAt - leg.startAt),
    dialRingSeconds: roundSeconds((answerAt ?? r.callEndAt) - leg.startAt),
  };
  if (leg.alertingAt !== undefined) m.ringAt = leg.alertingAt;
  if (answerAt !== undefined) m.answerAt = answerAt;
  return m;
}

/** The task a record belongs to (the record's own, else the call's). */
export function taskOf(call: Call, r: CallRecord): CallRecord['task'] {
  return r.task ?? call.task;
}
