// An answered leg the network ended (a trunk failure, RTP that stopped, a platform shutdown), as
// opposed to a party hanging up: reference 7.1 has no "network" reason, so the call ends with
// 8020 (service exception) at point 518 (the far side failed the call; read its Q.850 cause), and
// the platform is the releasing party (docs/network.md, "Hangups").

import type { LegTimes } from '../domain/call.js';
import type { LegSignal } from '../network/types.js';
import { POINT, STATE } from './state-codes.js';

type Hangup = Extract<LegSignal, { type: 'hangup' }>;

export const NETWORK_DROP = { stateCode: STATE.serviceException, ulFailReason: POINT.remoteFailed, partyType: 'platform' } as const;

/** True when the network, not the party, ended the leg; the leg then keeps the cause. */
export function droppedByNetwork(s: Hangup, leg: LegTimes): boolean {
  if (s.by !== 'network') return false;
  leg.q850 = s.q850;
  return true;
}
