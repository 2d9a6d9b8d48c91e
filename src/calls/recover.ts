// Calls a crash cut short: on restart the platform closes them from the events it had stored.
// Pure, so the store can run it inside the transaction that claims the call.

import type { Call, CallEvent, CallRecord, LegName, LegTimes } from '../domain/call.js';
import { buildRecord, legParties, type Parties } from './record.js';
import { POINT, STATE, stateDesc } from './state-codes.js';

function legTimes(events: CallEvent[], leg: LegName, fallbackStart: number, endAt: number): LegTimes | undefined {
  const own = events.filter((e) => e.leg === leg);
  if (own.length === 0 && leg === 'B') return undefined;
  const at = (type: CallEvent['type']) => own.find((e) => e.type === type)?.at;
  const t: LegTimes = { startAt: at('callout') ?? own[0]?.at ?? fallbackStart, endAt, q850: 0, sipStatus: 0 };
  const alertingAt = at('alerting');
  const answerAt = at('answer');
  if (alertingAt !== undefined) t.alertingAt = alertingAt;
  if (answerAt !== undefined) t.answerAt = answerAt;
  return t;
}

/** Who the leg's stored events show (a flow may have dialled it elsewhere than the plan says). */
function parties(call: Call, events: CallEvent[], leg: LegName): Parties {
  const e = events.find((x) => x.leg === leg);
  return e ? { caller: e.caller, called: e.called } : legParties(call.plan, leg);
}

/**
 * Ends an interrupted call: a disconnect (8000 internal error, by the platform) for the leg last
 * seen, unless the events already end with a disconnect, and a 'failed' record from the events.
 */
export function recoverInterrupted(
  call: Call,
  events: CallEvent[],
  now: number,
  hostName: string,
): { finalEvent?: CallEvent; record: CallRecord } {
  const last = events[events.length - 1];
  let finalEvent: CallEvent | undefined;
  if (last?.type !== 'disconnect') {
    const leg = last?.leg ?? 'A';
    finalEvent = {
      sessionId: call.sessionId,
      seq: (last?.seq ?? 0) + 1,
      type: 'disconnect',
      leg,
      at: now,
      ...parties(call, events, leg),
      stateCode: STATE.internalError,
      stateDesc: stateDesc(STATE.internalError),
      partyType: 'platform',
    };
  }
  const end = finalEvent ?? last!;
  const legA = legTimes(events, 'A', call.createdAt, end.at)!;
  const legB = legTimes(events, 'B', call.createdAt, end.at);
  const record = buildRecord(call, hostName, {
    legA,
    ...(legB ? { legB } : {}),
    parties: { A: parties(call, events, 'A'), B: parties(call, events, 'B') },
    ending: {
      outcome: 'failed',
      stateCode: end.stateCode ?? STATE.internalError,
      ulFailReason: POINT.internalError,
      sipStatusCode: 0,
      partyType: end.partyType ?? 'platform',
      callEndAt: end.at,
    },
    digits: events.flatMap((e) => (e.type === 'collectInfo' && e.digitInfo ? [e.digitInfo] : [])),
  });
  return finalEvent ? { finalEvent, record } : { record };
}
