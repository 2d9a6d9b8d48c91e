// The codes a flow call ends with (docs/flows.md, "Running a flow"): the callee is leg A, as in a
// notification (announce.ts), and a transferee is leg B, as a callback's callee (callback.ts).

import type { LegName } from '../../domain/call.js';
import { failureCodes } from '../../network/outcomes.js';
import type { LegFailure } from '../../network/types.js';
import { NETWORK_DROP } from '../network-drop.js';
import type { Release } from '../record.js';
import { POINT, STATE } from '../state-codes.js';
import type { CallEnded, OpFailed } from '../verbs/index.js';

/** The walk is over (a hangup node, no exit, visits used up): the platform hangs up normally. */
export function walkDone(at: number): Release {
  return { leg: 'A', at, outcome: 'answered', stateCode: STATE.normal, ulFailReason: POINT.normal, partyType: 'platform' };
}

/** A gather heard nothing and the node has no exit for it: the notification's "no digits". */
export function noDigits(at: number): Release {
  return { leg: 'A', at, outcome: 'answered', stateCode: STATE.collectFailed, ulFailReason: POINT.noDigits, partyType: 'platform' };
}

/** The callee did not answer. */
export function unanswered(at: number, failure: LegFailure): Release {
  const c = failureCodes(failure, 'callee');
  return { leg: 'A', at, outcome: failure, ...c, sipStatusCode: c.sipStatus };
}

/** A file or template missing, or the network refused a play, collection, bridge or recording. */
export function platformFailure(at: number, codes: { stateCode: number; ulFailReason: number }, leg: LegName = 'A'): Release {
  return { leg, at, outcome: 'failed', stateCode: codes.stateCode, ulFailReason: codes.ulFailReason, partyType: 'platform' };
}

export function opFailed(f: OpFailed, leg: LegName = 'A'): Release {
  return platformFailure(f.at, f.failure, leg);
}

/**
 * The call ended under a node: callStop (8017), a transfer's maxDuration (8010), the network
 * dropping a leg (8020/518), or a party hanging up (normal; partyType callee, whichever leg: the
 * disconnect's leg says whether it was the callee or the transferee). Before the answer callStop
 * cancels it; a party gone before the answer is unanswered (no_answer), never 'answered': both
 * networks report that as the leg failing no_answer (sip InboundLeg.gone(), the simulated
 * caller's cancelAfterS), so a hangup here before the answer is only a guard.
 */
export function callEnded(e: CallEnded, answered: boolean): Release {
  if (e.cause === 'stop') {
    return { leg: 'A', at: e.at, outcome: answered ? 'answered' : 'cancelled', stateCode: STATE.releasedByCustomer, ulFailReason: POINT.releasedByCustomer, partyType: 'platform' };
  }
  if (e.cause === 'timeLimit') return { leg: 'A', at: e.at, outcome: 'answered', stateCode: STATE.maxDuration, ulFailReason: POINT.maxDuration, partyType: 'platform' };
  if (e.by === 'network') return { leg: e.leg, at: e.at, outcome: answered ? 'answered' : 'failed', ...NETWORK_DROP };
  if (!answered) return { ...unanswered(e.at, 'no_answer'), leg: e.leg };
  return { leg: e.leg, at: e.at, outcome: 'answered', stateCode: STATE.normal, ulFailReason: POINT.normal, partyType: 'callee' };
}
