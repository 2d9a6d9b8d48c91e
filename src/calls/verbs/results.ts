// What a verb can end with besides its own result: the call ended under it, or the network
// refused the operation it needed. Every verb returns these as values (never throws them), so a
// scenario or a dialogue flow branches on one union and decides the call's codes itself.

import type { LegName } from '../../domain/call.js';
import type { HangupBy } from '../../network/types.js';
import type { OpFailure } from '../op-failure.js';

/**
 * The call ended while the verb waited: callStop, the time limit of a bridge (maxDuration), or an
 * answered leg that hung up (by: 'far' for the party, 'network' for a drop).
 */
export type CallEnded =
  | { type: 'ended'; cause: 'stop'; at: number }
  | { type: 'ended'; cause: 'timeLimit'; at: number }
  | { type: 'ended'; cause: 'hangup'; leg: LegName; by: HangupBy; at: number };

/** The network refused the verb's operation; failure holds the reference's codes for it (op-failure.ts). */
export interface OpFailed {
  type: 'opFailed';
  at: number;
  failure: OpFailure;
}
