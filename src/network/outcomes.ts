// The codes each leg failure carries: Q.850 cause (reference 7.2), SIP final status, hangup reason
// stateCode (7.1) and disconnection point ulFailReason (7.3). 7.3 has caller-side points
// (8106-8111) for the A leg of a callback; 7.1 has no caller-specific reasons, so that side uses
// the generic ones (8001 not connected, 8003 ringing timeout, 8004 hung up while ringing).

import type { PartyType } from '../domain/call.js';
import type { LegFailure } from './types.js';

/** Whose leg failed: the callback's caller (its A leg) or a callee (B leg, or A of notify/verify). */
export type LegSide = 'caller' | 'callee';

export interface FailureCodes {
  q850: number;
  sipStatus: number;
  stateCode: number;
  ulFailReason: number;
  /** Who released: the party, except a ring timeout, which the platform ends. */
  partyType: PartyType;
}

interface Row {
  q850: number;
  sip: number;
  callee: [stateCode: number, ulFailReason: number];
  caller: [stateCode: number, ulFailReason: number];
}

export const FAILURE_TABLE: Record<LegFailure, Row> = {
  busy: { q850: 17, sip: 486, callee: [8102, 8102], caller: [8001, 8108] },
  no_answer: { q850: 19, sip: 480, callee: [8101, 8101], caller: [8003, 8107] },
  powered_off: { q850: 20, sip: 480, callee: [8104, 8104], caller: [8001, 8110] },
  vacant: { q850: 1, sip: 404, callee: [8100, 8100], caller: [8001, 8106] },
  // A rejection is the callee hanging up while it rings: 7.1 and 7.3 both name that 8004.
  rejected: { q850: 21, sip: 603, callee: [8004, 8004], caller: [8004, 8111] },
  unreachable: { q850: 41, sip: 503, callee: [8103, 8103], caller: [8001, 8109] },
};

export function failureCodes(failure: LegFailure, side: LegSide): FailureCodes {
  const row = FAILURE_TABLE[failure];
  const [stateCode, ulFailReason] = row[side];
  return {
    q850: row.q850,
    sipStatus: row.sip,
    stateCode,
    ulFailReason,
    partyType: failure === 'no_answer' ? 'platform' : side,
  };
}
