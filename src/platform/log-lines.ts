// The lines a person follows at `info` (docs/logs.md tables them): a call accepted and ended, a
// push that failed or was given up, an IP lockout starting and ending. Each is a listener wired in
// the composition root; the stages emit, they do not know who logs. (Refused requests are logged
// by the HTTP layer's one error handler, src/api/server.ts.)

import type { Logger } from 'pino';
import type { Call, CallRecord, LegTimes } from '../domain/call.js';
import type { Push, PushAttempt } from '../domain/push.js';
import type { LockoutEvent } from '../api/auth/ip-guard.js';
import { endpointId } from '../domain/endpoint.js';
import { stateDesc } from '../calls/state-codes.js';
import type { DispatcherEventMap } from '../push/delivery/events.js';

type Log = Pick<Logger, 'info' | 'warn'>;
const iso = (ms: number) => new Date(ms).toISOString();

/** The numbers of a call as its plan names them. */
function numbers(call: Call): Record<string, string> {
  const p = call.plan;
  return p.kind === 'callback'
    ? { caller: p.callerNbr, callee: p.calleeNbr, display: p.displayNbr, displayCallee: p.displayCalleeNbr }
    : { callee: p.calleeNbr, display: p.displayNbr };
}

export function logCallAccepted(log: Log): (call: Call) => void {
  return (call) => log.info({ event: 'call.accepted', sessionId: call.sessionId, app: call.appKey, kind: call.plan.kind, ...numbers(call) }, 'call accepted');
}

const ms = (from: number | undefined, to: number | undefined) => (from === undefined || to === undefined ? undefined : Math.max(0, to - from));

/** Ringing (alerting to answer, or to the end when never answered) and talk (answer to end) of a leg. */
function legDurations(leg: LegTimes | undefined, prefix: string): Record<string, number | undefined> {
  if (!leg) return {};
  return {
    [`${prefix}RingMs`]: ms(leg.alertingAt, leg.answerAt ?? leg.endAt),
    [`${prefix}TalkMs`]: ms(leg.answerAt, leg.endAt),
  };
}

interface CallEngineEvents {
  on(event: 'finished', listener: (call: Call, record: CallRecord) => void): unknown;
}

/**
 * One line per stored call record, the engine's 'finished' (after it is stored: the line tells
 * what was kept), a scenario's or a recovered call's alike.
 */
export function logCallEnds(engine: CallEngineEvents, log: Log): void {
  engine.on('finished', (_call, record) => log.info({
    event: 'call.ended', sessionId: record.sessionId, app: record.appKey, kind: record.kind,
    outcome: record.outcome, stateCode: record.stateCode, reason: stateDesc(record.stateCode), ulFailReason: record.ulFailReason,
    ...(record.legA.q850 ? { q850: record.legA.q850 } : {}), ...(record.legB?.q850 ? { q850B: record.legB.q850 } : {}),
    durationMs: ms(record.legA.startAt, record.callEndAt),
    ...legDurations(record.legA, 'a'), ...legDurations(record.legB, 'b'),
  }, 'call ended'));
}

/**
 * A push URL as a log line may show it: the endpoint's id (`ep_...`, what `voxcall endpoints`
 * takes), its origin and path. Receivers put tokens in the query and in user:pass@, so neither is
 * ever written; a URL that does not parse is shown by its id only.
 */
export function endpointFields(url: string): { endpoint: string; origin?: string; path?: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { endpoint: endpointId(url) };
  }
  return { endpoint: endpointId(url), ...(u.host ? { origin: `${u.protocol}//${u.host}` } : {}), path: u.pathname };
}

interface DispatcherEvents {
  on<K extends keyof DispatcherEventMap>(event: K, listener: (...args: DispatcherEventMap[K]) => void): unknown;
}

function pushFields(push: Push, a: PushAttempt): Record<string, unknown> {
  return {
    pushId: push.id, app: push.appKey, sessionId: push.sessionId, format: push.dialect, kind: push.kind,
    ...endpointFields(a.url ?? push.url), attempt: a.n, httpStatus: a.httpStatus, errorClass: a.errorClass, error: a.error,
  };
}

/** A failed attempt with a retry due (info), and a push given up (warn). Deliveries stay quiet. */
export function logPushFailures(dispatcher: DispatcherEvents, log: Log): void {
  dispatcher.on('retry', (push, a, nextAt) => log.info({ event: 'push.retry', ...pushFields(push, a), nextAt: iso(nextAt) }, 'push failed, will retry'));
  dispatcher.on('failed', (push, a) => log.warn({ event: 'push.failed', ...pushFields(push, a), attempts: push.attempts }, 'push given up: kept as failed, can be replayed'));
}

/** A push endpoint paused by what its receiver answered (a 410 Gone). */
export function logEndpointPaused(log: Log): (url: string, reason: string) => void {
  return (url, reason) => log.warn({ event: 'endpoint.paused', ...endpointFields(url), reason }, 'endpoint paused');
}

export function logLockouts(log: Log): (e: LockoutEvent) => void {
  return (e) => {
    if (e.type === 'started') {
      log.warn({ event: 'lockout.started', ip: e.ip, failures: e.failures, blockedUntil: iso(e.blockedUntil) }, 'IP locked out after repeated authentication failures');
    } else {
      log.info({ event: 'lockout.ended', ip: e.ip, how: e.how }, 'IP lockout ended');
    }
  };
}
