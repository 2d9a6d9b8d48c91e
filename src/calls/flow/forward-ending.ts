// How an inbound forward ends before B answered (docs/inbound.md, "A forward's outcome"): B's leg
// is the call's news, as for a callback's B, since the platform answered the caller at once.

import { failureCodes } from '../../network/outcomes.js';
import type { LegFailure } from '../../network/types.js';
import type { Release } from '../record.js';
import { POINT, STATE } from '../state-codes.js';
import type { CallEnded } from '../verbs/index.js';
import { callEnded } from './ending.js';

/** B did not answer: the call's outcome is B's failure, with a callback's B codes. */
export function forwardUnanswered(at: number, failure: LegFailure): Release {
  const c = failureCodes(failure, 'callee');
  return { leg: 'B', at, outcome: failure, ...c, sipStatusCode: c.sipStatus, failAt: at };
}

/** The call ended while B was being dialled: the caller hanging up cancels it, as a callback's A does. */
export function forwardEndedBeforeAnswer(e: CallEnded, bRang: boolean): Release {
  if (e.cause !== 'hangup' || e.by === 'network' || e.leg !== 'A') return callEnded(e, false);
  const point = bRang ? POINT.callerHungUpWhileRemoteRinging : POINT.callerHungUpBeforeRemoteRinging;
  return { leg: 'A', at: e.at, outcome: 'cancelled', stateCode: STATE.callerHungUpBeforeAnswer, ulFailReason: point, partyType: 'caller' };
}
