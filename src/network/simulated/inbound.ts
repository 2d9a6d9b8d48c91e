// A simulated caller dialling one of the platform's numbers (docs/inbound.md, "Simulated calls"):
// the network offers the call to its inbound handler, and the caller behaves by the request (keys
// pressed at the collections, a hangup after n seconds). The leg the platform accepts is a SimLeg
// whose far end is the caller, answered at once, unless the caller was gone by then (it gave up
// while the route was decided, or the offer was refused as undecided): then, as on the SIP network
// (sip/inbound.ts gone()), the leg fails no_answer on the next turn of the clock and never answers.

import type { Clock } from '../../lib/clock.js';
import type { InboundHandler, InboundOffer, LegSignal, NetworkLeg } from '../types.js';
import { SimLeg } from './leg.js';
import type { TraceEntry } from './network.js';
import type { Rule } from './rules.js';

export interface SimulatedCaller {
  from: string;
  to: string;
  /** Digit strings pressed, one per collection, in order. */
  digits?: string[];
  /** Seconds from the answer to the caller's hangup; absent: stays until the platform releases the call. */
  hangupAfterS?: number;
  /** Seconds from the start of a collection to the key presses (default 1). */
  pressAfterS?: number;
  /**
   * Seconds from the dial to the caller giving up while the platform has not taken the call yet
   * (a URL route still being asked): SIP's CANCEL. Absent: waits until the platform decides.
   */
  cancelAfterS?: number;
}

/** How the platform took the call: answered (the call's sessionId) or refused with a Q.850 cause. */
export type InboundPlaced =
  | { accepted: true; sessionId: string; callerGone?: true }
  | { accepted: false; q850: number; sessionId?: string };

/** Q.850 21 (call rejected): what a simulated call gets when nothing takes inbound calls. */
export const NO_HANDLER_Q850 = 21;

/** Q.850 19 with the SIP network's deadline (64*T1): a handler that decided nothing in 32 s. */
export const UNDECIDED = { q850: 19, afterMs: 32_000 };

export interface InboundWorld {
  clock: Clock;
  handler: InboundHandler | undefined;
  up: boolean;
  nextId: () => string;
  keep: (e: TraceEntry) => void;
  opened: (leg: SimLeg) => void;
  closed: (leg: SimLeg) => void;
}

// The ring timeout of the caller's own leg: it is answered at once, so only a bound.
const CALLER_RING_MS = 45_000;

export function offerSimulated(w: InboundWorld, caller: SimulatedCaller): Promise<InboundPlaced> {
  if (!w.up || !w.handler) return Promise.resolve({ accepted: false, q850: NO_HANDLER_Q850 });
  const handler = w.handler;
  return new Promise((resolve) => {
    let leg: NetworkLeg | undefined;
    let decided = false;
    /** The caller left before the platform took the call: no answer may follow. */
    let gone = false;
    const deadline = w.clock.setTimer(UNDECIDED.afterMs, () => offer.reject(UNDECIDED.q850));
    const giveUp = caller.cancelAfterS === undefined ? undefined : w.clock.setTimer(caller.cancelAfterS * 1000, () => {
      gone = true;
    });
    const offer: InboundOffer = {
      sessionId: w.nextId(),
      from: caller.from,
      to: caller.to,
      at: w.clock.now(),
      accept: (onSignal: (s: LegSignal) => void, callId?: string) => {
        if (leg) return leg;
        // Refused as undecided (the caller was told 19) or given up: the offer is over.
        if (decided) gone = true;
        decided = true;
        deadline.cancel();
        giveUp?.cancel();
        const rule: Rule = {
          number: caller.from, outcome: 'answer', answerAfter: 0, talk: caller.hangupAfterS ?? null,
          ...(caller.digits ? { digits: caller.digits } : {}), ...(caller.pressAfterS !== undefined ? { pressAfter: caller.pressAfterS } : {}),
        };
        const req = { sessionId: callId ?? offer.sessionId, leg: 'A' as const, from: caller.to, to: caller.from, ringTimeoutMs: CALLER_RING_MS };
        const l = new SimLeg(req, rule, w.clock, w.keep, onSignal, w.closed);
        w.opened(l);
        if (gone) l.failSoon('no_answer');
        else l.begin(CALLER_RING_MS);
        leg = l;
        resolve({ accepted: true, sessionId: req.sessionId, ...(gone ? { callerGone: true as const } : {}) });
        return l;
      },
      reject: (q850: number, callId?: string) => {
        if (decided) return;
        decided = true;
        deadline.cancel();
        giveUp?.cancel();
        resolve({ accepted: false, q850, ...(callId !== undefined ? { sessionId: callId } : {}) });
      },
    };
    try {
      handler(offer);
    } catch {
      offer.reject(41);
    }
  });
}
