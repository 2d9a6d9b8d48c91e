// What every non-Huawei format derives from a call the same way: who called whom, and the
// moments of the call's life. One place, so that vsp, ucloud and robot never disagree on when a
// call was answered or how long it talked.

import type { Call, CallRecord } from '../../domain/call.js';

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
  return { caller: p.displayNbr, callee: p.calleeNbr, middle: p.displayNbr, shownToCallee: p.displayNbr };
}

export interface Moments {
  /** The first leg was dialed. */
  dialAt: number;
  /** The first leg started ringing; absent when it never rang. */
  ringAt?: number;
  /**
   * The call was answered, i.e. the service ran (a callback: when B answered). Absent for every
   * outcome but 'answered', so "answer time is 0" and "not connected" always agree.
   */
  answerAt?: number;
  endAt: number;
  /** Whole seconds from answer to end, a started second counting as one; 0 when unanswered. */
  talkSeconds: number;
  /** Whole seconds from ringing to answer (or to the end when unanswered), rounded up; 0 when it never rang. */
  ringSeconds: number;
}

const ceilSeconds = (ms: number): number => Math.max(0, Math.ceil(ms / 1000));

export function moments(r: CallRecord): Moments {
  const answerAt = r.outcome !== 'answered' ? undefined : (r.kind === 'callback' ? r.legB?.answerAt : r.legA.answerAt) ?? r.legA.answerAt;
  const m: Moments = {
    dialAt: r.legA.startAt,
    endAt: r.callEndAt,
    talkSeconds: answerAt === undefined ? 0 : ceilSeconds(r.callEndAt - answerAt),
    ringSeconds: r.legA.alertingAt === undefined ? 0 : ceilSeconds((answerAt ?? r.legA.answerAt ?? r.callEndAt) - r.legA.alertingAt),
  };
  if (r.legA.alertingAt !== undefined) m.ringAt = r.legA.alertingAt;
  if (answerAt !== undefined) m.answerAt = answerAt;
  return m;
}

/** The task a record belongs to (the record's own, else the call's). */
export function taskOf(call: Call, r: CallRecord): CallRecord['task'] {
  return r.task ?? call.task;
}
