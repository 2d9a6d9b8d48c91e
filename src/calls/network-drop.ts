// An answered leg the network ended (a trunk failure, RTP that stopped, a platform shutdown), as
// opposed to a party hanging up: reference 7.1 has no "network" reason, so the call ends with
// 8020 (service exception) at point 518 (the far side failed the call; read its Q.850 cause, which
// the leg keeps: verbs/runtime.ts), and the platform is the releasing party (docs/network.md,
// "Hangups").

import { POINT, STATE } from './state-codes.js';

export const NETWORK_DROP = { stateCode: STATE.serviceException, ulFailReason: POINT.remoteFailed, partyType: 'platform' } as const;
