// The voice-service-push format (shared/spec/voice-service-push-system.md): one CDR push per
// call and one call-status push per event, every field of the document's JSON with its types.
// Unsigned by the document; signed with Standard Webhooks when the subscription has a secret.

import type { Call, CallEvent, CallRecord } from '../../domain/call.js';
import { moments, recordParties, wireParties, wireRecordParties } from './call-facts.js';
import { countryIsoCode } from './country.js';
import { singleItemBody } from './single-body.js';
import { jsonPushHeaders } from './standard-webhooks.js';
import type { Dialect, EncodeContext, Verdict } from './types.js';
import { CALL_RESULT_OF, EVENT_TYPE_OF, RELEASE_TYPE_OF, SUB_SERVICE_OF } from './vsp-enums.js';
import { privacyCdrFields, privacyStatusFields } from './vsp-privacy.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** The document's limit on userData (section 6). */
export const VSP_USER_DATA_MAX = 2048;

export interface VspCdr {
  accountId: string;
  callId: string;
  serviceType: number;
  subServiceType: number;
  numberPoolNo: string;
  caller: string;
  callerCountryIsoCode: string;
  callerProvinceCode: string;
  callerCityCode: string;
  callee: string;
  calleeCountryIsoCode: string;
  calleeProvinceCode: string;
  calleeCityCode: string;
  beginCallTime: number;
  ringTime: number;
  startTime: number;
  endTime: number;
  releaseType: number;
  callDuration: number;
  callResult: number;
  audioRecordFlag: number;
  cdrCreateTime: number;
  subscriptionId: string;
  phoneNoX: string;
  phoneNoA: string;
  phoneNoB: string;
  secretCallType: number;
  messageType: number;
  callDisplayType: number;
  cdrType: number;
  userData: string;
}

export interface VspStatus {
  accountId: string;
  callId: string;
  serviceType: number;
  caller: string;
  callee: string;
  eventTime: string;
  allEventType: number[];
  eventType: number;
  messageType: number;
  phoneNoX: string;
  phoneNoA: string;
  phoneNoB: string;
  party: number;
  subscriptionId: string;
  userData: string;
}

/** Every call voxcall places is a voice SIP call (100), a voice message (1), shown the platform number (1). */
const SERVICE_VOICE_SIP = 100;
const MESSAGE_VOICE = 1;
const DISPLAY_PLATFORM_NUMBER = 1;
const CDR_OUTBOUND = 1;
const CDR_INBOUND = 2;
const CDR_FORWARDED = 3;
/** callin: the caller's leg of an inbound call, reported at its answer (docs/inbound.md, "Pushes"). */
const EVENT_CALLIN = 6;

const callin = (call: Call, e: Pick<CallEvent, 'leg' | 'type'>): boolean => call.plan.kind === 'inbound' && e.leg === 'A' && e.type === 'answer';
const NOT_A_PRIVACY_CALL = 0;
const PARTY_CALLING = 1;
const PARTY_CALLED = 2;

// Cut on code points, as the decoder counts them: a surrogate pair is never split.
// A privacy call echoes its binding's userData (docs/privacy-numbers.md).
const userData = (call: Call): string => Array.from(call.privacy?.userData ?? call.userData ?? '').slice(0, VSP_USER_DATA_MAX).join('');

/** The event types this call's status stream can carry (collectInfo only for a notification that collects digits). */
export function allEventTypes(call: Call): number[] {
  const base = [EVENT_TYPE_OF.callout, EVENT_TYPE_OF.alerting, EVENT_TYPE_OF.answer, EVENT_TYPE_OF.disconnect];
  if (call.plan.kind === 'inbound') {
    // No callout or alerting of the caller's leg; a B leg's only when the call can be forwarded.
    const nodes = call.plan.flow?.definition.nodes ?? [];
    const legB = nodes.some((n) => n.type === 'transfer') ? [EVENT_TYPE_OF.callout, EVENT_TYPE_OF.alerting] : [];
    const gathers = nodes.some((n) => n.type === 'gather') ? [EVENT_TYPE_OF.collectInfo] : [];
    return [EVENT_CALLIN, ...legB, ...(legB.length > 0 ? [EVENT_TYPE_OF.answer] : []), EVENT_TYPE_OF.disconnect, ...gathers];
  }
  const collects = call.plan.kind === 'notify' && call.plan.playInfoList.some((p) => p.collectInd > 0);
  return collects ? [...base, EVENT_TYPE_OF.collectInfo] : base;
}

function encodeStatus(call: Call, e: CallEvent, ctx?: EncodeContext): VspStatus {
  const p = wireParties(call);
  return {
    accountId: call.spId,
    callId: call.sessionId,
    serviceType: SERVICE_VOICE_SIP,
    caller: p.caller,
    callee: p.callee,
    eventTime: String(Math.floor(e.at / 1000)),
    allEventType: allEventTypes(call),
    eventType: callin(call, e) ? EVENT_CALLIN : EVENT_TYPE_OF[e.type],
    messageType: MESSAGE_VOICE,
    phoneNoX: p.middle,
    phoneNoA: p.caller,
    phoneNoB: p.callee,
    // A callback's A leg and an inbound call's caller are the calling party; the single leg of the others is the called party's.
    party: (call.plan.kind === 'callback' || call.plan.kind === 'inbound') && e.leg === 'A' ? PARTY_CALLING : PARTY_CALLED,
    subscriptionId: ctx?.subscriptionId ?? '',
    userData: userData(call),
    // A privacy call: serviceType 200 and its binding's fields, in place (the order stays the document's).
    ...privacyStatusFields(call),
  };
}

function encodeRecord(call: Call, r: CallRecord, ctx?: EncodeContext): VspCdr {
  const p = wireParties(call);
  // caller/callee: the reported leg (a callback whose A failed names A); phoneNoX/A/B: the parties.
  const leg = wireRecordParties(call, r);
  const m = moments(r);
  return {
    accountId: r.spId,
    callId: r.sessionId,
    serviceType: SERVICE_VOICE_SIP,
    subServiceType: SUB_SERVICE_OF[r.kind],
    numberPoolNo: r.appKey,
    caller: leg.caller,
    callerCountryIsoCode: countryIsoCode(recordParties(call, r).caller),
    callerProvinceCode: '',
    callerCityCode: '',
    callee: leg.callee,
    calleeCountryIsoCode: countryIsoCode(recordParties(call, r).callee),
    calleeProvinceCode: '',
    calleeCityCode: '',
    beginCallTime: m.dialAt,
    ringTime: m.ringAt ?? 0,
    startTime: m.answerAt ?? 0,
    endTime: m.endAt,
    releaseType: RELEASE_TYPE_OF[r.partyType],
    callDuration: m.callSeconds,
    callResult: CALL_RESULT_OF[r.outcome],
    audioRecordFlag: r.recording ? 1 : 0,
    // The record is made when the call ends; using that moment keeps encoding pure and repeatable.
    cdrCreateTime: r.callEndAt,
    subscriptionId: ctx?.subscriptionId ?? '',
    phoneNoX: p.middle,
    phoneNoA: p.caller,
    phoneNoB: p.callee,
    secretCallType: NOT_A_PRIVACY_CALL,
    messageType: MESSAGE_VOICE,
    callDisplayType: DISPLAY_PLATFORM_NUMBER,
    cdrType: r.direction === 1 ? (r.legB ? CDR_FORWARDED : CDR_INBOUND) : CDR_OUTBOUND,
    userData: userData(call),
    ...privacyCdrFields(call),
  };
}

/** "成功判定：HTTP状态码2xx": any 2xx, whatever the body. */
export function judge2xx(status: number): Verdict {
  return status >= 200 && status <= 299 ? { ok: true } : { ok: false, reason: `HTTP ${status}` };
}

/** Retries after the first failure: at once, 5 s, 30 s, 5 min, 30 min (document 2.2). */
export const VSP_SCHEDULE = [0, 5 * SECOND, 30 * SECOND, 5 * MINUTE, 30 * MINUTE];

export const vsp: Dialect = {
  name: 'vsp',
  schedules: { status: VSP_SCHEDULE, record: VSP_SCHEDULE },
  // "建议接口处理不超过3秒": receivers are asked to answer within 3 s.
  attemptTimeoutMs: 3000,
  maxBatch: 1,
  signatureOptional: true,
  encodeStatus,
  encodeRecord,
  recordBatchKey: () => undefined,
  body: singleItemBody('vsp'),
  headers: jsonPushHeaders,
  judge: (status) => judge2xx(status),
};
